import {
  appendAudit,
  type Db,
  endTicketPause,
  findNote,
  findTicket,
  findTicketGroup,
  findTicketsAwaiting,
  findUserById,
  insertTicket,
  insertTicketAttachment,
  insertTicketMessage,
  listTicketMessages,
  listTickets,
  notifyTicketChange,
  startTicketPause,
  type TicketRow,
  type TicketWithNames,
  ticketCounts,
  updateTicket,
} from '@cm/db';
import {
  assertStaffTransition,
  Conflict,
  Forbidden,
  Invalid,
  keysetPage,
  type MessageVisibility,
  PreconditionFailed,
  readCursor,
  statusAfterAwaitedUpload,
  statusAfterClientReply,
  statusAfterStaffNote,
  statusAfterStaffReply,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Ticket,
  type TicketAwaiting,
  type TicketListInput,
  type TicketStats,
  type TicketStatus,
  type ticketCreateInput,
  type ticketSetStatusInput,
  type ticketUpdateInput,
} from '@cm/domain';
import type { z } from 'zod';
import { type Actor, auditMeta } from './actor';
import { assertInScope, requireCustomer, requireTicket } from './customer-scope';
import { type IdempotencyRequest, rememberResponse, replayIfDone } from './idempotency';
import { notifyPublicReply, notifyTicketAssigned } from './notifications';
import type { ServiceDeps } from './service-deps';
import { seesInternal, toTicket, toTicketMessage } from './ticket-mappers';
import { refreshTicketSla } from './ticket-sla';

const stale = () => new Conflict('Someone else changed this ticket. Reload to see their changes.');

/** A file already stored for a message, checked by content (see routes/ticket-files.ts). */
export interface StoredAttachment {
  key: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
}

async function readBack(trx: Db, id: string) {
  const row = await findTicket(trx, id);
  if (!row) throw new Error('A ticket written in this transaction could not be read back.');
  return row;
}

/** A staff member who can own tickets: an enabled admin or corporate user. */
async function assertAssignable(db: Db, userId: string) {
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at || user.role === 'client') {
    throw Invalid.field('assigneeId', 'Choose an active staff member.');
  }
}

/** A note of this customer that no ticket was made from yet (one ticket per note). */
async function assertNoteFree(db: Db, customerId: string, noteId: string) {
  const note = await findNote(db, customerId, noteId);
  if (!note) throw Invalid.field('fromNoteId', 'No such note for this customer.');
  if (note.ticket_id) {
    throw new Conflict(`This note already became ticket ${note.ticket_number}.`, { ticketId: note.ticket_id });
  }
}

async function assertGroup(db: Db, groupId: string) {
  if (!(await findTicketGroup(db, groupId))) throw Invalid.field('groupId', 'No such queue.');
}

/**
 * After every ticket change: the SLA fields refreshed, the audit row, and the change announced to
 * every instance (the notification is delivered only if the transaction commits).
 */
export async function finishChange(
  trx: Db,
  actor: Actor,
  now: Date,
  ticket: TicketRow,
  audit: { action: Parameters<typeof appendAudit>[1]['action']; changes?: Record<string, unknown> },
  visibility: MessageVisibility = 'public',
) {
  await refreshTicketSla(trx, ticket, now);
  await appendAudit(trx, {
    ...auditMeta(actor),
    action: audit.action,
    entityType: 'ticket',
    entityId: ticket.id,
    customerId: ticket.customer_id,
    changes: audit.changes ?? null,
  });
  await notifyTicketChange(trx, {
    ticketId: ticket.id,
    customerId: ticket.customer_id,
    version: ticket.version,
    visibility,
  });
}

export async function createTicket(
  deps: ServiceDeps,
  actor: Actor,
  input: z.output<typeof ticketCreateInput>,
  attachments: StoredAttachment[] = [],
): Promise<Ticket> {
  const staff = seesInternal(actor);
  if (!staff && (input.priority || input.groupId || input.assigneeId || input.tags?.length || input.fromNoteId)) {
    throw new Forbidden('Priority, queue, assignee and tags are set by our team.');
  }
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, input.customerId);
    if (input.groupId) await assertGroup(trx, input.groupId);
    if (input.assigneeId) await assertAssignable(trx, input.assigneeId);
    if (input.fromNoteId) await assertNoteFree(trx, input.customerId, input.fromNoteId);
    const ticket = await insertTicket(trx, {
      source_note_id: input.fromNoteId ?? null,
      customer_id: input.customerId,
      subject: input.subject,
      type: input.type,
      priority: input.priority ?? 'normal',
      group_id: input.groupId ?? null,
      assignee_id: input.assigneeId ?? null,
      channel: staff ? 'console' : 'portal',
      tags: input.tags ?? [],
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    });
    await addMessage(trx, actor, ticket, 'public', input.body, attachments, now);
    await finishChange(trx, actor, now, ticket, {
      action: 'ticket.created',
      changes: {
        after: {
          ticketNumber: ticket.ticket_number,
          subject: ticket.subject,
          type: ticket.type,
          priority: ticket.priority,
          channel: ticket.channel,
          groupId: ticket.group_id,
          assigneeId: ticket.assignee_id,
          ...(ticket.source_note_id ? { sourceNoteId: ticket.source_note_id } : {}),
        },
      },
    });
    return toTicket(await readBack(trx, ticket.id), now, actor);
  });
}

export async function addMessage(
  trx: Db,
  actor: Actor,
  ticket: TicketRow,
  visibility: MessageVisibility,
  body: string,
  attachments: StoredAttachment[],
  now: Date,
) {
  const message = await insertTicketMessage(trx, {
    ticket_id: ticket.id,
    visibility,
    author_id: actor.userId,
    author_kind: actor.userId ? (seesInternal(actor) ? 'staff' : 'client') : 'system',
    body,
    created_at: now,
  });
  for (const [position, a] of attachments.entries()) {
    await insertTicketAttachment(trx, {
      ticket_id: ticket.id,
      message_id: message.id,
      position,
      file_name: a.fileName,
      mime_type: a.mimeType,
      size_bytes: a.sizeBytes,
      sha256: a.sha256,
      storage_key: a.key,
      created_at: now,
      created_by: actor.userId,
    });
  }
  return message;
}

export async function getTicket(deps: ServiceDeps, actor: Actor, id: string): Promise<Ticket> {
  return toTicket(await requireTicket(deps.db, actor, id), deps.now(), actor);
}

export async function listTicketPage(deps: ServiceDeps, actor: Actor, input: TicketListInput) {
  const staff = seesInternal(actor);
  if (!staff && (input.assignee || input.groupId || input.slaState || input.priority)) {
    throw new Forbidden('These filters are for our team only.');
  }
  // A client lists its own customer's tickets; another customer's id answers NOT_FOUND.
  if (!staff && input.customerId) assertInScope(actor, input.customerId);
  const customerId = staff ? input.customerId : actor.customerId!;
  const cursor = readCursor(input.cursor, ['string', 'datetime', 'uuid']);
  if (cursor && cursor[0] !== input.sort) {
    throw Invalid.field('cursor', 'This page link is no longer valid; start from the first page.');
  }
  const now = deps.now();
  const rows = await listTickets(deps.db, {
    statuses: input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status],
    priority: input.priority,
    groupId: input.groupId,
    assigneeId: input.assignee === 'me' ? actor.userId : input.assignee === 'none' ? null : input.assignee,
    customerId,
    sla: input.slaState ? { state: input.slaState, now } : undefined,
    search: input.search?.trim() || undefined,
    sort: input.sort,
    after: cursor ? [cursor[1], cursor[2]] : undefined,
    limit: input.limit,
  });
  const sortKey = (r: TicketWithNames) =>
    (input.sort === 'due' ? r.next_due_at : input.sort === 'created' ? r.created_at : r.updated_at).toISOString();
  return keysetPage(
    rows,
    input.limit,
    (r) => [input.sort, sortKey(r), r.id],
    (r) => toTicket(r, now, actor),
  );
}

/** Loads, locks and version-checks a ticket for a staff change; closed tickets are final. */
async function lockForChange(trx: Db, actor: Actor, id: string, version: number) {
  const before = await requireTicket(trx, actor, id, { lock: true });
  if (before.version !== version) throw stale();
  if (before.status === 'closed') {
    throw new PreconditionFailed('This ticket is closed and can no longer change; open a new ticket instead.');
  }
  return before;
}

export function updateTicketFields(deps: ServiceDeps, actor: Actor, input: z.output<typeof ticketUpdateInput>) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockForChange(trx, actor, input.id, input.version);
    if (input.groupId) await assertGroup(trx, input.groupId);
    const next = {
      subject: input.subject ?? before.subject,
      type: input.type ?? before.type,
      priority: input.priority ?? before.priority,
      group_id: input.groupId !== undefined ? input.groupId : before.group_id,
      tags: input.tags ?? before.tags,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
      (k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]),
    );
    if (changed.length === 0) return toTicket(before, now, actor);
    const row = await updateTicket(trx, before.id, before.version, {
      ...next,
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) throw stale();
    const api = { subject: 'subject', type: 'type', priority: 'priority', group_id: 'groupId', tags: 'tags' } as const;
    await finishChange(trx, actor, now, row, {
      action: 'ticket.updated',
      changes: {
        before: Object.fromEntries(changed.map((k) => [api[k], before[k]])),
        after: Object.fromEntries(changed.map((k) => [api[k], next[k]])),
      },
    });
    return toTicket(await readBack(trx, row.id), now, actor);
  });
}

export function assignTicket(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; version: number; assigneeId: string | null },
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockForChange(trx, actor, input.id, input.version);
    if (input.assigneeId) await assertAssignable(trx, input.assigneeId);
    if (before.assignee_id === input.assigneeId) return toTicket(before, now, actor);
    const row = await updateTicket(trx, before.id, before.version, {
      assignee_id: input.assigneeId,
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) throw stale();
    await finishChange(trx, actor, now, row, {
      action: 'ticket.assigned',
      changes: { before: { assigneeId: before.assignee_id }, after: { assigneeId: input.assigneeId } },
    });
    await notifyTicketAssigned(trx, actor, row.id, input.assigneeId, now);
    return toTicket(await readBack(trx, row.id), now, actor);
  });
}

/** Fields that follow from a status change: solved/closed times, the pause, what is awaited. */
export async function statusPatch(
  trx: Db,
  before: TicketRow,
  status: TicketStatus,
  awaiting: TicketAwaiting | null,
  now: Date,
) {
  const leavingPause = before.status === 'pending_customer' && status !== 'pending_customer';
  const enteringPause = before.status !== 'pending_customer' && status === 'pending_customer';
  if (enteringPause) await startTicketPause(trx, before.id, now);
  if (leavingPause) await endTicketPause(trx, before.id, now);
  return {
    status,
    awaiting: status === 'pending_customer' && awaiting ? JSON.stringify(awaiting) : null,
    paused_since: status === 'pending_customer' ? (before.paused_since ?? now) : null,
    solved_at: status === 'solved' ? now : status === 'closed' ? before.solved_at : null,
    closed_at: status === 'closed' ? now : null,
  };
}

export function setTicketStatus(deps: ServiceDeps, actor: Actor, input: z.output<typeof ticketSetStatusInput>) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await requireTicket(trx, actor, input.id, { lock: true });
    if (before.version !== input.version) throw stale();
    assertStaffTransition(before.status, input.status, actor.role!);
    const patch = await statusPatch(trx, before, input.status, input.awaiting ?? null, now);
    const row = await updateTicket(trx, before.id, before.version, {
      ...patch,
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) throw stale();
    await finishChange(trx, actor, now, row, {
      action: 'ticket.status_changed',
      changes: {
        before: { status: before.status },
        after: { status: row.status, ...(input.awaiting ? { awaiting: input.awaiting } : {}) },
      },
    });
    return toTicket(await readBack(trx, row.id), now, actor);
  });
}

/**
 * A message on the thread: a public reply (staff or client) or an internal note (staff only), with
 * the status it implies (SPEC §12) — a staff reply opens a new ticket and is the first response; a
 * client reply brings a waiting or recently solved ticket back to open; closed tickets take none.
 */
export function postTicketMessage(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; body: string; visibility: MessageVisibility },
  attachments: StoredAttachment[] = [],
  idempotency?: IdempotencyRequest,
) {
  const staff = seesInternal(actor);
  if (input.visibility === 'internal' && !staff) throw new Forbidden('Only our team can add internal notes.');
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await requireTicket(trx, actor, input.id, { lock: true });
    // The ticket lock serialises posts to it, so a concurrent retry finds the first answer.
    await replayIfDone(trx, actor, idempotency);
    if (before.status === 'closed') {
      throw new PreconditionFailed('This ticket is closed. Please open a new ticket for anything further.', {
        reason: 'ticket_closed',
      });
    }
    const status =
      input.visibility === 'internal'
        ? statusAfterStaffNote(before.status)
        : staff
          ? statusAfterStaffReply(before.status)
          : statusAfterClientReply(before.status, before.solved_at, now);
    const message = await addMessage(trx, actor, before, input.visibility, input.body, attachments, now);
    const firstResponse = staff && input.visibility === 'public' && !before.first_responded_at;
    const statusFields = status !== before.status ? await statusPatch(trx, before, status, null, now) : {};
    const row = await updateTicket(trx, before.id, before.version, {
      ...statusFields,
      ...(firstResponse ? { first_responded_at: now } : {}),
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) throw stale();
    await finishChange(
      trx,
      actor,
      now,
      row,
      {
        action: input.visibility === 'internal' ? 'ticket.noted' : 'ticket.replied',
        changes: {
          messageId: message.id,
          attachments: attachments.length,
          ...(status !== before.status ? { status: { before: before.status, after: status } } : {}),
        },
      },
      input.visibility,
    );
    if (staff && input.visibility === 'public') await notifyPublicReply(trx, row.id, input.body, now);
    const [created] = await listTicketMessages(trx, {
      ticketId: row.id,
      includeInternal: true,
      messageId: message.id,
      limit: 1,
    });
    const out = toTicketMessage(created!);
    await rememberResponse(trx, actor, idempotency, out);
    return out;
  });
}

/**
 * SPEC §12: a ticket waiting for the customer to upload a KYC document of this type goes back to
 * open with the upload, in the upload's transaction; the thread says what arrived. Returns how many
 * tickets were resumed.
 */
export async function resumeTicketsAwaitingUpload(
  trx: Db,
  actor: Actor,
  now: Date,
  upload: { customerId: string; documentType: string; documentId: string; fileName: string; label: string },
): Promise<number> {
  const waiting = await findTicketsAwaiting(trx, upload.customerId, upload.documentType);
  for (const { id } of waiting) {
    const before = await requireTicket(trx, actor, id, { lock: true });
    if (before.status !== 'pending_customer') continue;
    const status = statusAfterAwaitedUpload(before.status);
    const system: Actor = { ...actor, userId: null };
    await addMessage(trx, system, before, 'public', `${upload.label} uploaded: ${upload.fileName}`, [], now);
    const patch = await statusPatch(trx, before, status, null, now);
    const row = await updateTicket(trx, before.id, before.version, {
      ...patch,
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) throw stale();
    await finishChange(trx, actor, now, row, {
      action: 'ticket.status_changed',
      changes: {
        before: { status: before.status, awaiting: before.awaiting },
        after: { status: row.status },
        reason: 'awaited document uploaded',
        kycDocumentId: upload.documentId,
      },
    });
  }
  return waiting.length;
}

export async function listThread(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; cursor?: string | null; limit: number },
) {
  await requireTicket(deps.db, actor, input.id);
  const after = readCursor(input.cursor, ['integer']);
  const rows = await listTicketMessages(deps.db, {
    ticketId: input.id,
    includeInternal: seesInternal(actor),
    afterSeq: after?.[0],
    limit: input.limit,
  });
  return keysetPage(rows, input.limit, (m) => [Number(m.seq)], toTicketMessage);
}

export function deleteTicket(deps: ServiceDeps, actor: Actor, id: string) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await requireTicket(trx, actor, id, { lock: true });
    const row = await updateTicket(trx, before.id, before.version, {
      deleted_at: now,
      deleted_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) throw stale();
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'ticket.deleted',
      entityType: 'ticket',
      entityId: id,
      customerId: before.customer_id,
      changes: { ticketNumber: before.ticket_number },
    });
    await notifyTicketChange(trx, {
      ticketId: id,
      customerId: before.customer_id,
      version: row.version,
      visibility: 'public',
    });
    return { id, deleted: true as const };
  });
}

/** Counts with every enum value present (zeros included), as for customers.stats. */
export async function ticketStats(deps: ServiceDeps): Promise<TicketStats> {
  const now = deps.now();
  const counts = await ticketCounts(deps.db, now, new Date(now.getTime() - 30 * 86400_000));
  const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as TicketStats['byStatus'];
  const byPriority = Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, 0])) as TicketStats['byPriority'];
  for (const c of counts.byStatus) byStatus[c.key] = c.n;
  for (const c of counts.byPriority) byPriority[c.key] = c.n;
  return {
    byStatus,
    byPriority,
    breached: counts.breached,
    dueSoon: counts.dueSoon,
    medianFirstResponseMinutes30d:
      counts.medianFirstResponseMinutes === null ? null : Math.round(counts.medianFirstResponseMinutes),
  };
}
