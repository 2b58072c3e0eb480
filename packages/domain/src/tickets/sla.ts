import { z } from 'zod';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-time';
import { type SlaState, type TicketPriority, ticketPriority } from './enums';

const MINUTE_MS = 60_000;
/** The longest target a policy may set: a year of minutes. */
const MAX_TARGET_MINUTES = 525_600;

const targetMinutes = (label: string) =>
  z
    .int({ message: `${label} must be a whole number of minutes.` })
    .positive(`${label} must be at least 1 minute.`)
    .max(MAX_TARGET_MINUTES, `${label} must be at most ${MAX_TARGET_MINUTES} minutes.`);

/** One service-level policy per priority: targets in business minutes, first response no later than resolution. */
export const slaPolicy = z
  .object({
    priority: ticketPriority,
    firstResponseMinutes: targetMinutes('First response'),
    resolutionMinutes: targetMinutes('Resolution'),
  })
  .refine((p) => p.firstResponseMinutes <= p.resolutionMinutes, {
    message: 'The resolution target cannot be shorter than the first-response target.',
    path: ['resolutionMinutes'],
  });
export type SlaPolicy = z.infer<typeof slaPolicy>;
export type SlaTargets = Pick<SlaPolicy, 'firstResponseMinutes' | 'resolutionMinutes'>;

/** SPEC §12 defaults (business minutes, first response / resolution). */
export const SLA_DEFAULT_POLICIES: Readonly<Record<TicketPriority, SlaPolicy>> = {
  urgent: { priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 1440 },
  normal: { priority: 'normal', firstResponseMinutes: 480, resolutionMinutes: 2880 },
  low: { priority: 'low', firstResponseMinutes: 1440, resolutionMinutes: 7200 },
};

/** The share of the running target below which a ticket is due soon (SPEC §12: under 25%). */
export const SLA_DUE_SOON_FRACTION = 0.25;

export const SLA_TARGETS = ['first_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** An interval the ticket spent in `pending_customer`; `to` is null while it still waits. */
export interface SlaPause {
  from: Date;
  to: Date | null;
}

export interface SlaInput {
  calendar: BusinessCalendar;
  policy: SlaTargets;
  createdAt: Date;
  /** Every interval in which the clocks stopped, in any order. */
  pauses: readonly SlaPause[];
  firstRespondedAt: Date | null;
  solvedAt: Date | null;
  now: Date;
}

export interface SlaResult {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  slaState: SlaState;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
}

type Interval = readonly [from: number, to: number];

/**
 * The pauses that stop a clock ending at `stop`: clipped to [createdAt, stop], an open pause ending at
 * `stop` (the clock is projected to resume then), sorted and merged.
 */
function pausesBefore(input: SlaInput, stop: number): Interval[] {
  const start = input.createdAt.getTime();
  const clipped = input.pauses
    .map((p): Interval => [Math.max(p.from.getTime(), start), Math.min(p.to?.getTime() ?? stop, stop)])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of clipped) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The instant a clock started at createdAt and stopped during `pauses` has run `minutes` business minutes. */
function runClock(calendar: BusinessCalendar, createdAt: Date, pauses: readonly Interval[], minutes: number): Date {
  // Whole milliseconds, so that subtracting segment after segment never drifts.
  let cursor = createdAt;
  let remaining = Math.round(minutes * MINUTE_MS);
  for (const [from, to] of pauses) {
    const available = Math.round(businessMinutesBetween(calendar, cursor, new Date(from)) * MINUTE_MS);
    if (available >= remaining) break;
    remaining -= available;
    cursor = new Date(to);
  }
  return addBusinessMinutes(calendar, cursor, remaining / MINUTE_MS);
}

interface Clock {
  dueAt: Date;
  /** When the target was met (first response, or solved), or null while it is still running. */
  metAt: Date | null;
  pauses: Interval[];
  minutes: number;
}

function clocks(input: SlaInput): { firstResponse: Clock; resolution: Clock } {
  const now = input.now.getTime();
  const solved = input.solvedAt?.getTime() ?? null;
  // Solving a ticket stops its first-response clock too, even with no public reply: nothing is left to answer.
  const replied = input.firstRespondedAt?.getTime() ?? null;
  const responded = replied === null ? solved : solved === null ? replied : Math.min(replied, solved);
  const clock = (minutes: number, metAt: number | null): Clock => {
    // Pauses count only until the target is met; an open pause is projected to end now.
    const pauses = pausesBefore(input, metAt ?? now);
    return {
      dueAt: runClock(input.calendar, input.createdAt, pauses, minutes),
      metAt: metAt === null ? null : new Date(metAt),
      pauses,
      minutes,
    };
  };
  return {
    firstResponse: clock(input.policy.firstResponseMinutes, responded),
    resolution: clock(input.policy.resolutionMinutes, solved),
  };
}

/** A target is breached when it was met after its due time, or is still unmet at or after its due time. */
function isBreached(clock: Clock, now: Date): boolean {
  return clock.metAt ? clock.metAt > clock.dueAt : now >= clock.dueAt;
}

function isPaused(input: SlaInput): boolean {
  return input.solvedAt === null && input.pauses.some((p) => p.to === null && p.from <= input.now);
}

/**
 * SPEC §12 service levels: due times count business minutes from createdAt with paused time moving them later
 * (an open pause as if the clock resumed now); state is breached (wins over all), else met once solved, else
 * paused while waiting for the customer, else due_soon under 25% of the running target left, else on_track.
 */
export function computeSla(input: SlaInput): SlaResult {
  const { firstResponse, resolution } = clocks(input);
  const firstResponseBreached = isBreached(firstResponse, input.now);
  const resolutionBreached = isBreached(resolution, input.now);
  return {
    firstResponseDueAt: firstResponse.dueAt,
    resolutionDueAt: resolution.dueAt,
    slaState: stateOf(input, firstResponse, resolution, firstResponseBreached || resolutionBreached),
    firstResponseBreached,
    resolutionBreached,
  };
}

function stateOf(input: SlaInput, firstResponse: Clock, resolution: Clock, breached: boolean): SlaState {
  if (breached) return 'breached';
  if (input.solvedAt) return 'met';
  if (isPaused(input)) return 'paused';
  const running = firstResponse.metAt ? resolution : firstResponse;
  const left = businessMinutesBetween(input.calendar, input.now, running.dueAt);
  return left < running.minutes * SLA_DUE_SOON_FRACTION ? 'due_soon' : 'on_track';
}

/** The targets breached in a computed SLA, in SLA_TARGETS order (the sweep audits each once). */
export function breachedTargets(sla: Pick<SlaResult, 'firstResponseBreached' | 'resolutionBreached'>): SlaTarget[] {
  return SLA_TARGETS.filter((t) => (t === 'first_response' ? sla.firstResponseBreached : sla.resolutionBreached));
}

/**
 * The next instant at which the state may change with no new event (reaching the due-soon threshold, or a
 * due time); null when only an event can change it (solved, paused, or both targets already breached).
 * The due-soon state begins just after the returned threshold, so re-check at or after it.
 */
export function nextSlaCheckAt(input: SlaInput): Date | null {
  if (input.solvedAt || isPaused(input)) return null;
  const { firstResponse, resolution } = clocks(input);
  const candidates: Date[] = [];
  for (const clock of [firstResponse, resolution]) {
    if (clock.metAt || isBreached(clock, input.now)) continue;
    candidates.push(clock.dueAt);
  }
  const running = firstResponse.metAt ? resolution : firstResponse;
  if (!isBreached(running, input.now)) {
    const threshold = runClock(
      input.calendar,
      input.createdAt,
      running.pauses,
      running.minutes * (1 - SLA_DUE_SOON_FRACTION),
    );
    if (threshold >= input.now) candidates.push(threshold);
  }
  const times = candidates.map((d) => d.getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}
