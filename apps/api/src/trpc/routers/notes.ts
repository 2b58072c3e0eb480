import {
  noteByIdInput,
  noteCreateInput,
  noteListInput,
  noteOutput,
  notePage,
  notePinInput,
  noteUpdateInput,
} from '@cm/domain';
import { z } from 'zod';
import * as notes from '../../services/notes';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const notesRouter = router({
  list: procedure
    .meta({ permission: 'notes:view' })
    .input(noteListInput)
    .output(notePage)
    .query(({ ctx, input }) => notes.listCustomerNotes(ctx.deps, actorOf(ctx), input)),
  byId: procedure
    .meta({ permission: 'notes:view' })
    .input(noteByIdInput)
    .output(noteOutput)
    .query(({ ctx, input }) => notes.getNote(ctx.deps, actorOf(ctx), input.customerId, input.noteId)),
  create: procedure
    .meta({ permission: 'notes:create' })
    .input(noteCreateInput)
    .output(noteOutput)
    .mutation(({ ctx, input }) => notes.createNote(ctx.deps, actorOf(ctx), input)),
  update: procedure
    .meta({ permission: 'notes:edit' })
    .input(noteUpdateInput)
    .output(noteOutput)
    .mutation(({ ctx, input }) => notes.updateNoteContent(ctx.deps, actorOf(ctx), input)),
  pin: procedure
    .meta({ permission: 'notes:edit' })
    .input(notePinInput)
    .output(noteOutput)
    .mutation(({ ctx, input }) => notes.pinNote(ctx.deps, actorOf(ctx), input.customerId, input.noteId, input.pinned)),
  delete: procedure
    .meta({ permission: 'notes:delete' })
    .input(noteByIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => notes.deleteNote(ctx.deps, actorOf(ctx), input.customerId, input.noteId)),
});
