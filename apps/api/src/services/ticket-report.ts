import { ticketsOpenedBetween } from '@cm/db';
import {
  addDaysToIsoDate,
  businessMinutesBetween,
  summarizeTicketReport,
  type TicketReport,
  type TicketReportInput,
  type TicketReportLine,
} from '@cm/domain';
import type { Actor } from './actor';
import { requireCustomer } from './customer-scope';
import type { ServiceDeps } from './service-deps';
import { loadCalendar } from './ticket-sla';

const MAX_LINES = 1000;

/**
 * Issue 11: a customer's tickets opened in a period (UTC days, both inclusive) with their
 * first-response and resolution times in business minutes and the targets they missed.
 */
export async function customerTicketReport(
  deps: ServiceDeps,
  actor: Actor,
  input: TicketReportInput,
): Promise<TicketReport> {
  await requireCustomer(deps.db, actor, input.customerId);
  const calendar = await loadCalendar(deps.db);
  const rows = await ticketsOpenedBetween(
    deps.db,
    input.customerId,
    new Date(`${input.from}T00:00:00.000Z`),
    new Date(`${addDaysToIsoDate(input.to, 1)}T00:00:00.000Z`),
    MAX_LINES + 1,
  );
  const lines: TicketReportLine[] = rows.slice(0, MAX_LINES).map((t) => ({
    ticketId: t.id,
    ticketNumber: t.ticket_number,
    subject: t.subject,
    priority: t.priority,
    status: t.status,
    createdAt: t.created_at.toISOString(),
    firstRespondedAt: t.first_responded_at?.toISOString() ?? null,
    solvedAt: t.solved_at?.toISOString() ?? null,
    firstResponseMinutes: t.first_responded_at
      ? Math.round(businessMinutesBetween(calendar, t.created_at, t.first_responded_at))
      : null,
    resolutionMinutes: t.solved_at ? Math.round(businessMinutesBetween(calendar, t.created_at, t.solved_at)) : null,
    firstResponseBreached: !!t.first_response_breached_at,
    resolutionBreached: !!t.resolution_breached_at,
  }));
  return {
    customerId: input.customerId,
    from: input.from,
    to: input.to,
    ...summarizeTicketReport(lines),
    lines,
    truncated: rows.length > MAX_LINES,
  };
}
