import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  findTicket,
  notifyTicketChange,
  releaseLease,
  ticketsPastDue,
  ticketsSolvedBefore,
  tryTakeLease,
  updateTicket,
} from '@cm/db';
import { autoCloseCutoff, isAutoClosable } from '@cm/domain';
import type { ServiceDeps } from './service-deps';
import type { SweepResult } from './sweeps';
import { refreshTicketSla } from './ticket-sla';

const LEASE_MS = 15 * 60_000;
const BATCH = 200;

/** Runs `work` as the single runner of `name` across all instances, or not at all. */
async function underLease(deps: ServiceDeps, name: string, work: () => Promise<number>): Promise<SweepResult> {
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, name, holder, LEASE_MS))) return { ran: false };
  try {
    return { ran: true, changed: await work() };
  } finally {
    await releaseLease(deps.db, name, holder);
  }
}

/**
 * Records service-level breaches as time passes: every open, running ticket past its due time is
 * re-evaluated, which marks and audits each missed target once (`ticket.sla_breached`). Breached
 * tickets leave the scan because their next due time moves on (or the mark stops a second event).
 */
export function sweepTicketBreaches(deps: ServiceDeps): Promise<SweepResult> {
  return underLease(deps, 'sweep:ticket-breaches', async () => {
    const now = deps.now();
    let changed = 0;
    const seen = new Set<string>();
    for (;;) {
      const due = (await ticketsPastDue(deps.db, now, BATCH)).filter((t) => !seen.has(t.id));
      if (due.length === 0) return changed;
      for (const { id } of due) {
        seen.add(id);
        const marked = await deps.db.transaction().execute(async (trx) => {
          const ticket = await findTicket(trx, id, { forUpdate: true });
          if (!ticket) return false;
          await refreshTicketSla(trx, ticket, now);
          const after = await findTicket(trx, id);
          const newly =
            (!ticket.first_response_breached_at && !!after?.first_response_breached_at) ||
            (!ticket.resolution_breached_at && !!after?.resolution_breached_at);
          if (newly) {
            await notifyTicketChange(trx, {
              ticketId: id,
              customerId: ticket.customer_id,
              version: ticket.version,
              visibility: 'internal',
            });
          }
          return newly;
        });
        if (marked) changed += 1;
      }
    }
  });
}

/** Closes tickets solved more than 7 days ago (SPEC §12); the client can no longer reopen them. */
export function sweepSolvedTickets(deps: ServiceDeps): Promise<SweepResult> {
  return underLease(deps, 'sweep:ticket-auto-close', async () => {
    const now = deps.now();
    let changed = 0;
    for (;;) {
      const batch = await ticketsSolvedBefore(deps.db, autoCloseCutoff(now), BATCH);
      if (batch.length === 0) return changed;
      for (const { id } of batch) {
        await deps.db.transaction().execute(async (trx) => {
          const ticket = await findTicket(trx, id, { forUpdate: true });
          if (!ticket || !isAutoClosable(ticket.status, ticket.solved_at, now)) return;
          // A system change: the version moves (the status did), so open edit forms see it.
          const row = await updateTicket(trx, id, ticket.version, {
            status: 'closed',
            closed_at: now,
            updated_at: now,
          });
          if (!row) return;
          await appendAudit(trx, {
            actorUserId: null,
            actorRole: null,
            requestId: null,
            clientIp: null,
            action: 'ticket.status_changed',
            entityType: 'ticket',
            entityId: id,
            customerId: ticket.customer_id,
            changes: {
              before: { status: 'solved' },
              after: { status: 'closed' },
              reason: 'solved more than 7 days ago',
            },
          });
          await notifyTicketChange(trx, {
            ticketId: id,
            customerId: ticket.customer_id,
            version: row.version,
            visibility: 'public',
          });
          changed += 1;
        });
      }
    }
  });
}
