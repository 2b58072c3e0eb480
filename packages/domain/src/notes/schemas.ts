import { z } from 'zod';
import { cursorSchema, limitSchema, optionalText, page, text, uuid } from '../common';
import { ticketStatus } from '../tickets/enums';

export const NOTE_TYPES = ['general', 'call', 'meeting', 'email', 'issue', 'followup', 'internal'] as const;
export const noteType = z.enum(NOTE_TYPES, { message: 'Choose a note type.' });
export type NoteType = z.infer<typeof noteType>;

export const NOTE_TYPE_LABELS: Readonly<Record<NoteType, string>> = {
  general: 'General',
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  issue: 'Issue',
  followup: 'Follow-up',
  internal: 'Internal',
};

export const NOTE_CONTENT_MAX = 10_000;

/** Note text: 1 to 10,000 characters after trimming. */
export const noteContent = text({ multiline: true })
  .min(1, 'Write something in the note.')
  .max(NOTE_CONTENT_MAX, `A note can hold at most ${NOTE_CONTENT_MAX.toLocaleString('en')} characters.`);

export const noteCreateInput = z.object({
  customerId: uuid,
  noteType,
  title: optionalText(200),
  content: noteContent,
  isPinned: z.boolean().default(false),
});
export type NoteCreateInput = z.input<typeof noteCreateInput>;

export const noteByIdInput = z.object({ customerId: uuid, noteId: uuid });

export const noteUpdateInput = noteByIdInput.extend({
  version: z.number().int().min(1),
  noteType: noteType.optional(),
  title: optionalText(200),
  content: noteContent.optional(),
});
export type NoteUpdateInput = z.input<typeof noteUpdateInput>;

export const notePinInput = noteByIdInput.extend({ pinned: z.boolean() });

export const noteListInput = z.object({
  customerId: uuid,
  noteType: noteType.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
  /** Admins only: include soft-deleted notes. */
  includeDeleted: z.boolean().default(false),
});

export const noteOutput = z.object({
  id: z.string(),
  customerId: z.string(),
  noteType,
  title: z.string().nullable(),
  content: z.string(),
  isPinned: z.boolean(),
  /** The ticket made from this note, with its live status (issue 11). */
  ticket: z.object({ id: z.string(), ticketNumber: z.string(), status: ticketStatus }).nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  deletedAt: z.string().nullable(),
  deletedBy: z.string().nullable(),
  version: z.number().int(),
});
export type Note = z.infer<typeof noteOutput>;
export const notePage = page(noteOutput);
