import {
  appendAudit,
  type Db,
  findBusinessCalendar,
  findSlaPolicy,
  listTicketPauses,
  setTicketDerived,
  type TicketRow,
} from '@cm/db';
import {
  type BusinessCalendar,
  breachedTargets,
  computeSla,
  NO_DUE_TIME,
  SLA_DUE_SOON_ELAPSED,
  type SlaTarget,
} from '@cm/domain';
import { notifyTicketBreached } from './notifications';

/** The business calendar as the domain reads it. */
export async function loadCalendar(db: Db): Promise<BusinessCalendar & { version: number }> {
  const row = await findBusinessCalendar(db);
  return { timeZone: row.time_zone, weeklyHours: row.weekly_hours, holidays: row.holidays, version: row.version };
}

/**
 * Recomputes a ticket's service-level fields from its policy, the calendar and its paused
 * intervals, and stores them as derived state (no version bump). A target found missed for the
 * first time is marked and audited once as `ticket.sla_breached`, whoever's change revealed it.
 */
export async function refreshTicketSla(trx: Db, ticket: TicketRow, now: Date): Promise<void> {
  const [calendar, policy, pauses] = await Promise.all([
    loadCalendar(trx),
    findSlaPolicy(trx, ticket.priority),
    listTicketPauses(trx, ticket.id),
  ]);
  const input = {
    calendar,
    createdAt: ticket.created_at,
    pauses: pauses.map((p) => ({ from: p.started_at, to: p.ended_at })),
    firstRespondedAt: ticket.first_responded_at,
    solvedAt: ticket.solved_at,
    now,
  };
  const targets = { firstResponseMinutes: policy.first_response_minutes, resolutionMinutes: policy.resolution_minutes };
  const sla = computeSla({ ...input, policy: targets });
  // The same clocks run to 75% of each target: the moment it turns "due soon".
  const soon = computeSla({
    ...input,
    policy: {
      firstResponseMinutes: targets.firstResponseMinutes * SLA_DUE_SOON_ELAPSED,
      resolutionMinutes: targets.resolutionMinutes * SLA_DUE_SOON_ELAPSED,
    },
  });
  const running = ticket.status !== 'pending_customer' && ticket.status !== 'solved' && ticket.status !== 'closed';
  const responding = !ticket.first_responded_at;
  const missed = breachedTargets(sla);
  const newlyMissed = missed.filter((t) =>
    t === 'first_response' ? !ticket.first_response_breached_at : !ticket.resolution_breached_at,
  );
  await setTicketDerived(trx, ticket.id, {
    first_response_due_at: sla.firstResponseDueAt,
    resolution_due_at: sla.resolutionDueAt,
    sla_state: sla.slaState,
    next_due_at: running ? (responding ? sla.firstResponseDueAt : sla.resolutionDueAt) : NO_DUE_TIME,
    due_soon_at: running ? (responding ? soon.firstResponseDueAt : soon.resolutionDueAt) : NO_DUE_TIME,
    ...(newlyMissed.includes('first_response') ? { first_response_breached_at: now } : {}),
    ...(newlyMissed.includes('resolution') ? { resolution_breached_at: now } : {}),
  });
  for (const target of newlyMissed) await auditBreach(trx, ticket, target, sla);
  for (const target of newlyMissed) await notifyTicketBreached(trx, ticket.id, target, now);
}

async function auditBreach(
  trx: Db,
  ticket: TicketRow,
  target: SlaTarget,
  sla: { firstResponseDueAt: Date; resolutionDueAt: Date },
) {
  await appendAudit(trx, {
    actorUserId: null,
    actorRole: null,
    requestId: null,
    clientIp: null,
    action: 'ticket.sla_breached',
    entityType: 'ticket',
    entityId: ticket.id,
    customerId: ticket.customer_id,
    changes: {
      target,
      dueAt: (target === 'first_response' ? sla.firstResponseDueAt : sla.resolutionDueAt).toISOString(),
      priority: ticket.priority,
    },
  });
}
