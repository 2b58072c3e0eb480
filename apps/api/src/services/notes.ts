import { appendAudit, findNote, insertNote, listNotes, type NoteRow, updateNote } from '@cm/db';
import {
  type AuditAction,
  Conflict,
  diffFields,
  Forbidden,
  keysetPage,
  type Note,
  NotFound,
  type noteCreateInput,
  type noteListInput,
  type noteUpdateInput,
  readCursor,
  type TicketStatus,
} from '@cm/domain';
import type { z } from 'zod';
import { type Actor, auditMeta } from './actor';
import { requireCustomer } from './customer-scope';
import { authoredFields } from './mappers';
import type { ServiceDeps } from './service-deps';

/** A note row as read: with its author's name and the ticket made from it, if any. */
type NoteRead = NoteRow & {
  created_by_name: string | null;
  ticket_id: string | null;
  ticket_number: string | null;
  ticket_status: TicketStatus | null;
};

function toNote(r: NoteRead): Note {
  return {
    id: r.id,
    customerId: r.customer_id,
    noteType: r.note_type,
    title: r.title,
    content: r.content,
    isPinned: r.is_pinned,
    ticket: r.ticket_id ? { id: r.ticket_id, ticketNumber: r.ticket_number!, status: r.ticket_status! } : null,
    ...authoredFields(r),
  };
}

/** The fields of a note a person edits, by API name, compared for the audit trail. */
const NOTE_AUDITED = ['noteType', 'title', 'content', 'isPinned'] as const satisfies readonly (keyof Note)[];

const stale = () => new Conflict('Someone else changed this note. Reload to see their changes.');

async function mustFind(db: ServiceDeps['db'], customerId: string, noteId: string) {
  const row = await findNote(db, customerId, noteId);
  if (!row) throw new NotFound('Note');
  return row;
}

export async function listCustomerNotes(deps: ServiceDeps, actor: Actor, input: z.output<typeof noteListInput>) {
  if (input.includeDeleted && actor.role !== 'admin')
    throw new Forbidden('Only administrators can list deleted notes.');
  await requireCustomer(deps.db, actor, input.customerId);
  const after = readCursor(input.cursor, ['boolean', 'datetime', 'uuid']);
  const rows = await listNotes(deps.db, { ...input, after });
  return keysetPage(rows, input.limit, (last) => [last.is_pinned, last.created_at.toISOString(), last.id], toNote);
}

export async function getNote(deps: ServiceDeps, actor: Actor, customerId: string, noteId: string) {
  await requireCustomer(deps.db, actor, customerId);
  return toNote(await mustFind(deps.db, customerId, noteId));
}

export function createNote(deps: ServiceDeps, actor: Actor, input: z.output<typeof noteCreateInput>) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, input.customerId, { lock: true });
    const { id } = await insertNote(trx, {
      customer_id: input.customerId,
      note_type: input.noteType,
      title: input.title ?? null,
      content: input.content,
      is_pinned: input.isPinned,
      created_at: now,
      updated_at: now,
      created_by: actor.userId,
      updated_by: actor.userId,
      deleted_by: null,
    });
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'note.created',
      entityType: 'note',
      entityId: id,
      customerId: input.customerId,
      changes: { after: { noteType: input.noteType, title: input.title ?? null, isPinned: input.isPinned } },
    });
    return toNote(await mustFind(trx, input.customerId, id));
  });
}

async function changeNote(
  deps: ServiceDeps,
  actor: Actor,
  ref: { customerId: string; noteId: string; version?: number },
  action: AuditAction,
  patchOf: (row: NoteRow) => Partial<Pick<NoteRow, 'note_type' | 'title' | 'content' | 'is_pinned'>> & {
    deleted_at?: Date;
    deleted_by?: string | null;
  },
  /** Pinning is not an edit: it leaves `updatedAt` (the "edited" mark) as it was. */
  opts: { edit: boolean } = { edit: true },
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, ref.customerId, { lock: true });
    const before = await mustFind(trx, ref.customerId, ref.noteId);
    const version = ref.version ?? before.version;
    if (before.version !== version) throw stale();
    const patch = patchOf(before);
    const ok = await updateNote(
      trx,
      before.id,
      version,
      opts.edit ? { ...patch, updated_at: now, updated_by: actor.userId } : patch,
    );
    if (!ok) throw stale();
    await appendAudit(trx, {
      ...auditMeta(actor),
      action,
      entityType: 'note',
      entityId: before.id,
      customerId: ref.customerId,
      changes: diffFields(toNote(before), toNote({ ...before, ...patch }), NOTE_AUDITED),
    });
    if (patch.deleted_at) return { id: before.id, deleted: true as const };
    return toNote((await findNote(trx, ref.customerId, before.id))!);
  });
}

export function updateNoteContent(deps: ServiceDeps, actor: Actor, input: z.output<typeof noteUpdateInput>) {
  return changeNote(deps, actor, input, 'note.updated', (row) => ({
    note_type: input.noteType ?? row.note_type,
    title: input.title !== undefined ? input.title : row.title,
    content: input.content ?? row.content,
  })) as Promise<Note>;
}

export function pinNote(deps: ServiceDeps, actor: Actor, customerId: string, noteId: string, pinned: boolean) {
  return changeNote(
    deps,
    actor,
    { customerId, noteId },
    pinned ? 'note.pinned' : 'note.unpinned',
    () => ({ is_pinned: pinned }),
    { edit: false },
  ) as Promise<Note>;
}

export function deleteNote(deps: ServiceDeps, actor: Actor, customerId: string, noteId: string) {
  const now = deps.now();
  return changeNote(deps, actor, { customerId, noteId }, 'note.deleted', () => ({
    deleted_at: now,
    deleted_by: actor.userId,
  })) as Promise<{ id: string; deleted: true }>;
}
