import type { SlaState, TicketStatus } from './enums';
import { SLA_DUE_SOON_FRACTION } from './sla';

/** The far-future instant stored when no SLA clock runs (paused, solved, closed). */
export const NO_DUE_TIME = new Date('9999-12-31T00:00:00.000Z');

/** What is stored on a ticket about its service level at its last change. */
export interface StoredSla {
  status: TicketStatus;
  /** The state computed at the last change; final once solved or closed. */
  slaState: SlaState;
  /** The running target's due time, or NO_DUE_TIME. */
  nextDueAt: Date;
  /** When the running target turns "due soon", or NO_DUE_TIME. */
  dueSoonAt: Date;
  /** A target was already missed (recorded by a change or by the breach sweep). */
  breached: boolean;
}

/**
 * The SLA state at `now` from what was stored at the last change: time alone can turn a running
 * target due soon or breached without any write, so reads derive it (SPEC §12).
 */
export function slaStateAt(t: StoredSla, now: Date): SlaState {
  if (t.status === 'solved' || t.status === 'closed') return t.slaState;
  if (t.breached || now.getTime() >= t.nextDueAt.getTime()) return 'breached';
  if (t.status === 'pending_customer') return 'paused';
  if (now.getTime() > t.dueSoonAt.getTime()) return 'due_soon';
  return 'on_track';
}

/** The fraction of a target elapsed when it turns due soon (under 25% remaining). */
export const SLA_DUE_SOON_ELAPSED = 1 - SLA_DUE_SOON_FRACTION;
