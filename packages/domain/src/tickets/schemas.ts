import { z } from 'zod';
import { cursorSchema, limitSchema, page, requiredText, text, uuid } from '../common';
import { kycDocumentType } from '../kyc/document-types';
import { businessCalendar } from './business-time';
import {
  messageVisibility,
  slaState,
  TICKET_STATUSES,
  ticketChannel,
  ticketPriority,
  ticketStatus,
  ticketType,
} from './enums';
import { slaPolicy } from './sla';

export const TICKET_SUBJECT_MAX = 200;
export const TICKET_BODY_MAX = 20_000;
export const TICKET_TAGS_MAX = 10;
export const TICKET_ATTACHMENTS_MAX = 5;

export const ticketSubject = requiredText(TICKET_SUBJECT_MAX, 'Subject');

/** A message body: 1–20,000 characters of plain text; line breaks allowed. */
export const ticketBody = text({ multiline: true })
  .min(1, 'Write a message.')
  .max(TICKET_BODY_MAX, `A message can hold at most ${TICKET_BODY_MAX.toLocaleString('en')} characters.`);

/** Tags: at most 10 short words, stored lower-case and without duplicates. */
export const ticketTags = z
  .array(
    text()
      .min(1, 'A tag cannot be empty.')
      .max(30, 'A tag has at most 30 characters.')
      .regex(/^[\p{L}\p{N}_.-]+$/u, 'Tags are single words (letters, digits, - _ .).')
      .transform((t) => t.toLowerCase()),
  )
  .max(TICKET_TAGS_MAX, `At most ${TICKET_TAGS_MAX} tags.`)
  .transform((tags) => [...new Set(tags)]);

/** What a ticket waits for while pending on the customer (SPEC §12). */
export const ticketAwaiting = z.object({ kind: z.literal('kyc_document'), documentType: kycDocumentType });
export type TicketAwaiting = z.infer<typeof ticketAwaiting>;

export const ticketByIdInput = z.object({ id: uuid });

export const TICKET_SORTS = ['due', 'updated', 'created'] as const;

export const ticketListInput = z
  .object({
    /** One status or several (e.g. every open status for an inbox view). */
    status: z.union([ticketStatus, z.array(ticketStatus).min(1).max(TICKET_STATUSES.length)]).optional(),
    priority: ticketPriority.optional(),
    groupId: uuid.optional(),
    assignee: z.union([z.enum(['me', 'none']), uuid]).optional(),
    customerId: uuid.optional(),
    slaState: slaState.optional(),
    search: text().max(200).optional(),
    sort: z.enum(TICKET_SORTS).default('updated'),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .default({ sort: 'updated', limit: 25 });
export type TicketListInput = z.output<typeof ticketListInput>;

export const ticketCreateInput = z.object({
  customerId: uuid,
  subject: ticketSubject,
  type: ticketType,
  priority: ticketPriority.optional(),
  groupId: uuid.nullish(),
  assigneeId: uuid.nullish(),
  tags: ticketTags.optional(),
  /** The first public message. */
  body: ticketBody,
  /** Staff: the customer note this ticket is made from (linked both ways, one ticket per note). */
  fromNoteId: uuid.optional(),
});
export type TicketCreateInput = z.input<typeof ticketCreateInput>;

export const ticketUpdateInput = z.object({
  id: uuid,
  version: z.number().int().min(1),
  subject: ticketSubject.optional(),
  type: ticketType.optional(),
  priority: ticketPriority.optional(),
  groupId: uuid.nullish(),
  tags: ticketTags.optional(),
});
export type TicketUpdateInput = z.input<typeof ticketUpdateInput>;

export const ticketAssignInput = z.object({ id: uuid, version: z.number().int().min(1), assigneeId: uuid.nullable() });

export const ticketSetStatusInput = z
  .object({
    id: uuid,
    version: z.number().int().min(1),
    status: ticketStatus,
    awaiting: ticketAwaiting.nullish(),
  })
  .refine((v) => !v.awaiting || v.status === 'pending_customer', {
    message: 'Only a ticket waiting for the customer can await a document.',
    path: ['awaiting'],
  });

export const ticketMessageInput = z.object({ id: uuid, body: ticketBody });
/** The text fields of a message posted with attachments (multipart). */
export const ticketMessageUploadInput = z.object({
  kind: messageVisibility.default('public'),
  body: ticketBody,
});

export const ticketMessagesInput = z.object({ id: uuid, cursor: cursorSchema, limit: limitSchema });

export const ticketAttachmentOutput = z.object({
  id: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
});

export const ticketMessageOutput = z.object({
  id: z.string(),
  ticketId: z.string(),
  visibility: messageVisibility,
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  authorKind: z.enum(['staff', 'client', 'system']),
  body: z.string(),
  createdAt: z.string(),
  attachments: z.array(ticketAttachmentOutput),
});
export type TicketMessage = z.infer<typeof ticketMessageOutput>;
export const ticketMessagePage = page(ticketMessageOutput);

/**
 * A ticket as staff see it. A client receives the same shape with the staff-only fields left out
 * (SPEC §12: status, priority and the assignee's name, never queues, tags or SLA internals).
 */
export const ticketOutput = z.object({
  id: z.string(),
  ticketNumber: z.string(),
  customerId: z.string(),
  customerNumber: z.string(),
  customerName: z.string(),
  subject: z.string(),
  type: ticketType,
  priority: ticketPriority,
  status: ticketStatus,
  channel: ticketChannel,
  assigneeName: z.string().nullable(),
  awaiting: ticketAwaiting.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  solvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  // Staff only:
  groupId: z.string().nullable().optional(),
  groupName: z.string().nullable().optional(),
  assigneeId: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  firstResponseDueAt: z.string().nullable().optional(),
  resolutionDueAt: z.string().nullable().optional(),
  firstRespondedAt: z.string().nullable().optional(),
  slaState: slaState.optional(),
  createdBy: z.string().nullable().optional(),
  sourceNoteId: z.string().nullable().optional(),
  deletedAt: z.string().nullable().optional(),
});
export type Ticket = z.infer<typeof ticketOutput>;
export const ticketPage = page(ticketOutput);

const countsOf = <T extends readonly string[]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);

export const ticketStatsOutput = z.object({
  byStatus: countsOf(TICKET_STATUSES),
  byPriority: countsOf(['low', 'normal', 'high', 'urgent'] as const),
  breached: z.number().int(),
  dueSoon: z.number().int(),
  medianFirstResponseMinutes30d: z.number().nullable(),
});
export type TicketStats = z.infer<typeof ticketStatsOutput>;

/** `tickets.changes`: which ticket changed, and its version now. */
export const ticketChangeOutput = z.object({ ticketId: z.string(), version: z.number().int() });
export type TicketChange = z.infer<typeof ticketChangeOutput>;

// Queues (ticket groups)

export const ticketGroupOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  memberIds: z.array(z.string()),
  version: z.number().int(),
});
export type TicketGroup = z.infer<typeof ticketGroupOutput>;

export const ticketGroupCreateInput = z.object({
  name: requiredText(100, 'Name'),
  description: text({ multiline: true }).max(500).nullish(),
});
export const ticketGroupUpdateInput = ticketGroupCreateInput.partial().extend({
  id: uuid,
  version: z.number().int().min(1),
});
export const ticketGroupMembersInput = z.object({ id: uuid, userIds: z.array(uuid).max(500) });

// Service levels

export const slaPolicyOutput = slaPolicy.safeExtend({ version: z.number().int() });
export const slaPolicyUpdateInput = slaPolicy.safeExtend({ version: z.number().int().min(1) });
export const businessCalendarOutput = businessCalendar.safeExtend({ version: z.number().int() });
export const businessCalendarUpdateInput = businessCalendar.safeExtend({ version: z.number().int().min(1) });
