import type { TicketAttachmentRow, TicketMessageRow, TicketWithNames } from '@cm/db';
import { customerDisplayName, isCustomerScoped, slaStateAt, type Ticket, type TicketMessage } from '@cm/domain';
import type { Actor } from './actor';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whether the actor sees staff-only fields and internal messages (SPEC §12). */
export function seesInternal(actor: Actor): boolean {
  return !!actor.role && !isCustomerScoped(actor.role);
}

/** A ticket as the actor may see it: a client gets the public fields only. */
export function toTicket(r: TicketWithNames, now: Date, actor: Actor): Ticket {
  const base: Ticket = {
    id: r.id,
    ticketNumber: r.ticket_number,
    customerId: r.customer_id,
    customerNumber: r.customer_number,
    customerName: customerDisplayName({
      type: r.customer_type,
      firstName: r.customer_first_name,
      lastName: r.customer_last_name,
      companyName: r.customer_company_name,
    }),
    subject: r.subject,
    type: r.type,
    priority: r.priority,
    status: r.status,
    channel: r.channel,
    assigneeName: r.assignee_name,
    awaiting: r.awaiting as Ticket['awaiting'],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    solvedAt: iso(r.solved_at),
    closedAt: iso(r.closed_at),
    version: r.version,
  };
  if (!seesInternal(actor)) return base;
  return {
    ...base,
    groupId: r.group_id,
    groupName: r.group_name,
    assigneeId: r.assignee_id,
    tags: r.tags,
    firstResponseDueAt: iso(r.first_response_due_at),
    resolutionDueAt: iso(r.resolution_due_at),
    firstRespondedAt: iso(r.first_responded_at),
    slaState: slaStateAt(
      {
        status: r.status,
        slaState: r.sla_state,
        nextDueAt: r.next_due_at,
        dueSoonAt: r.due_soon_at,
        breached: !!(r.first_response_breached_at || r.resolution_breached_at),
      },
      now,
    ),
    createdBy: r.created_by,
    sourceNoteId: r.source_note_id,
    deletedAt: iso(r.deleted_at),
  };
}

export function toTicketMessage(
  m: TicketMessageRow & { author_name: string | null; attachments: TicketAttachmentRow[] },
): TicketMessage {
  return {
    id: m.id,
    ticketId: m.ticket_id,
    visibility: m.visibility,
    authorId: m.author_id,
    authorName: m.author_name,
    authorKind: m.author_kind,
    body: m.body,
    createdAt: m.created_at.toISOString(),
    attachments: m.attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mimeType: a.mime_type,
      sizeBytes: Number(a.size_bytes),
    })),
  };
}
