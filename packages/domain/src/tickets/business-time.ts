import { z } from 'zod';
import { PreconditionFailed } from '../errors';

/**
 * Business-time arithmetic (SPEC §12): working minutes over a calendar of weekly wall-clock hours in an
 * IANA time zone, minus holidays. Conventions used throughout:
 * - A working interval `{ start, end }` on a local date covers every instant whose wall-clock time in the
 *   calendar's zone falls in [start, end) on that date. So on a DST day 09:00–17:00 is still 8 real hours
 *   unless the change falls inside it; 00:00–24:00 is 23 or 25 hours; a wall-clock time skipped by the
 *   spring-forward gap covers nothing, and one repeated by the fall-back overlap counts both times.
 * - Business time is measured exactly, to the millisecond: minutes may be fractional.
 * - Instants are only ever mapped to wall-clock time with `Intl.DateTimeFormat`.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A search for working time that meets a whole year without any gives up instead of looping forever. */
const MAX_EMPTY_DAYS = 366;
/** The longest span any single computation may walk (about 100 years). */
const MAX_WALK_DAYS = 36_600;

export const WEEKDAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const HH_MM = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether `timeZone` is a time zone name this runtime's Intl knows (IANA names, e.g. `Europe/London`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** One working interval of a day in local wall-clock time; `end` may be `24:00` (midnight at the end of the day). */
export const workingInterval = z
  .object({
    start: z.string().regex(HH_MM, 'Use a time in the form HH:MM.'),
    end: z.string().regex(HH_MM, 'Use a time in the form HH:MM (24:00 for the end of the day).'),
  })
  .refine((i) => minutesOfDay(i.start) < minutesOfDay(i.end), {
    message: 'The end must be after the start.',
    path: ['end'],
  });
export type WorkingInterval = z.infer<typeof workingInterval>;

/** A business calendar: time zone, working hours per weekday (0 = Monday … 6 = Sunday) and holidays (local dates). */
export const businessCalendar = z
  .object({
    timeZone: z.string().min(1).refine(isValidTimeZone, 'Choose a valid IANA time zone, such as Europe/London.'),
    weeklyHours: z.array(z.array(workingInterval)).length(7, 'Give working hours for each of the 7 weekdays.'),
    holidays: z.array(z.iso.date({ message: 'Use a date in the form YYYY-MM-DD.' })),
  })
  .superRefine((calendar, ctx) => {
    calendar.weeklyHours.forEach((intervals, day) => {
      const sorted = [...intervals].sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
      for (let i = 1; i < sorted.length; i++) {
        if (minutesOfDay(sorted[i]!.start) < minutesOfDay(sorted[i - 1]!.end)) {
          ctx.addIssue({
            code: 'custom',
            message: `${WEEKDAY_LABELS[day]}: working hours must not overlap.`,
            path: ['weeklyHours', day],
          });
          return;
        }
      }
    });
    if (calendar.weeklyHours.every((intervals) => intervals.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: 'Give working hours for at least one day of the week.',
        path: ['weeklyHours'],
      });
    }
  });
export type BusinessCalendar = z.infer<typeof businessCalendar>;

const NINE_TO_FIVE: readonly WorkingInterval[] = [{ start: '09:00', end: '17:00' }];

/** SPEC §12 default: Europe/London, Monday to Friday 09:00–17:00, no holidays. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  timeZone: 'Europe/London',
  weeklyHours: [[...NINE_TO_FIVE], [...NINE_TO_FIVE], [...NINE_TO_FIVE], [...NINE_TO_FIVE], [...NINE_TO_FIVE], [], []],
  holidays: [],
};

// ---------------------------------------------------------------------------------------------------------
// Wall-clock mapping. Local dates are day numbers (days since 1970-01-01); a "local stamp" is a wall-clock
// time written as if it were UTC milliseconds, so that local = instant + offset.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local stamp of `instant` (ms) in `timeZone`, to the second. */
function localStamp(timeZone: string, instant: number): number {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  const year = fields.era === 'BC' || fields.era === 'B' ? 1 - Number(fields.year) : Number(fields.year);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not move years 0–99 to the 1900s.
  date.setUTCFullYear(year, Number(fields.month) - 1, Number(fields.day));
  date.setUTCHours(Number(fields.hour), Number(fields.minute), Number(fields.second), 0);
  return date.getTime();
}

/** UTC offset (ms) of `timeZone` at `instant`. */
function offsetAt(timeZone: string, instant: number): number {
  return localStamp(timeZone, instant) - Math.floor(instant / 1000) * 1000;
}

function localDayOf(timeZone: string, instant: number): number {
  return Math.floor(localStamp(timeZone, instant) / DAY_MS);
}

/** The first instant at which the offset is no longer `before`, between `lo` (offset `before`) and `hi`. */
function transitionBetween(timeZone: string, lo: number, hi: number, before: number): number {
  // Offsets change on whole seconds; keep both ends on whole seconds and bisect to one second.
  let low = Math.floor(lo / 1000) * 1000;
  let high = Math.ceil(hi / 1000) * 1000;
  while (high - low > 1000) {
    const mid = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(timeZone, mid) === before) low = mid;
    else high = mid;
  }
  return high;
}

type Span = readonly [start: number, end: number];

interface CompiledCalendar {
  readonly timeZone: string;
  /** Per weekday (0 = Monday), working intervals as [start, end) milliseconds after local midnight, sorted. */
  readonly days: readonly (readonly Span[])[];
  readonly holidays: ReadonlySet<number>;
  /** UTC offsets at local midnights (keyed by day), memoised for one computation: neighbouring days share probes. */
  readonly midnightOffsets: Map<number, number>;
  /** Offset changes found so far in this computation; the days around a change would each look for it. */
  readonly changes: { at: number; before: number; after: number }[];
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const days = calendar.weeklyHours.map((intervals) =>
    intervals
      .map((i): Span => [minutesOfDay(i.start) * MINUTE_MS, minutesOfDay(i.end) * MINUTE_MS])
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]),
  );
  const holidays = new Set(calendar.holidays.map((d) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS)));
  return { timeZone: calendar.timeZone, days, holidays, midnightOffsets: new Map(), changes: [] };
}

/** Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function midnightOffset(cal: CompiledCalendar, day: number): number {
  let offset = cal.midnightOffsets.get(day);
  if (offset === undefined) {
    offset = offsetAt(cal.timeZone, day * DAY_MS);
    cal.midnightOffsets.set(day, offset);
  }
  return offset;
}

function changeBetween(cal: CompiledCalendar, lo: number, hi: number, before: number, after: number): number {
  const known = cal.changes.find((c) => c.at > lo && c.at <= hi && c.before === before && c.after === after);
  if (known) return known.at;
  const at = transitionBetween(cal.timeZone, lo, hi, before);
  cal.changes.push({ at, before, after });
  return at;
}

/** The working spans (instants, sorted, merged) of local date `day`. */
function spansOfDay(cal: CompiledCalendar, day: number): Span[] {
  const intervals = cal.holidays.has(day) ? [] : (cal.days[weekdayOf(day)] ?? []);
  if (intervals.length === 0) return [];
  const midnight = day * DAY_MS;
  // Every instant whose wall-clock time is on this date lies within a day of these probes (offsets are
  // within ±14 h), and real zones change offset at most once in such a window.
  const lo = midnight - DAY_MS;
  const hi = midnight + 2 * DAY_MS;
  const before = midnightOffset(cal, day - 1);
  const after = midnightOffset(cal, day + 2);
  const pieces: [number, number][] = [];
  if (before === after) {
    for (const [s, e] of intervals) pieces.push([midnight + s - before, midnight + e - before]);
  } else {
    // Before the change local = t + before, from it on local = t + after: each half maps linearly.
    const change = changeBetween(cal, lo, hi, before, after);
    for (const [s, e] of intervals) {
      const a: [number, number] = [midnight + s - before, Math.min(midnight + e - before, change)];
      const b: [number, number] = [Math.max(midnight + s - after, change), midnight + e - after];
      if (a[1] > a[0]) pieces.push(a);
      if (b[1] > b[0]) pieces.push(b);
    }
  }
  pieces.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && piece[0] <= last[1]) last[1] = Math.max(last[1], piece[1]);
    else merged.push(piece);
  }
  return merged;
}

/**
 * Calls `visit` with each working span from the local date of `from` on, in time order, until it returns
 * true or the local date of `until` has passed. It starts a day early and ends a day late, so nothing is
 * missed in zones whose local date can step back at a change.
 */
function walkSpans(cal: CompiledCalendar, from: number, until: number | null, visit: (span: Span) => boolean): void {
  const firstDay = localDayOf(cal.timeZone, from) - 1;
  const lastDay = until === null ? firstDay + MAX_WALK_DAYS : localDayOf(cal.timeZone, until) + 1;
  if (lastDay - firstDay > MAX_WALK_DAYS) throw new RangeError('Business time spans more than 100 years.');
  let emptyDays = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const spans = spansOfDay(cal, day);
    if (spans.length === 0) {
      if (++emptyDays > MAX_EMPTY_DAYS && until === null) {
        throw new PreconditionFailed(
          'The business calendar has no working hours in a whole year; give it weekly working hours outside its holidays.',
          { timeZone: cal.timeZone, from: new Date(from).toISOString() },
        );
      }
      continue;
    }
    emptyDays = 0;
    for (const span of spans) if (visit(span)) return;
  }
  if (until === null) throw new RangeError('Business time spans more than 100 years.');
}

function instantOf(date: Date, name: string): number {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date.`);
  return t;
}

/**
 * The instant at which `minutes` working minutes after `start` have elapsed. Zero minutes give `start`
 * itself; otherwise the result lies inside a working span or exactly at its end (work due at the end of
 * Friday is due at 17:00, not at Monday 09:00). Minutes are rounded to the millisecond.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const from = instantOf(start, 'start');
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a finite number ≥ 0.');
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining === 0) return new Date(from);
  let result = from;
  walkSpans(compile(calendar), from, null, ([s, e]) => {
    if (e <= from) return false;
    const begin = Math.max(s, from);
    if (e - begin >= remaining) {
      result = begin + remaining;
      return true;
    }
    remaining -= e - begin;
    return false;
  });
  return new Date(result);
}

/** Working minutes in [a, b), exact to the millisecond (so possibly fractional); 0 when b ≤ a. */
export function businessMinutesBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  const from = instantOf(a, 'a');
  const to = instantOf(b, 'b');
  if (to <= from) return 0;
  let total = 0;
  walkSpans(compile(calendar), from, to, ([s, e]) => {
    if (s >= to) return true;
    const overlap = Math.min(e, to) - Math.max(s, from);
    if (overlap > 0) total += overlap;
    return false;
  });
  return total / MINUTE_MS;
}

/** Whether `t` is inside working hours: a working interval includes its start and excludes its end. */
export function isWithinBusinessHours(calendar: BusinessCalendar, t: Date): boolean {
  const at = instantOf(t, 't');
  const cal = compile(calendar);
  const day = localDayOf(cal.timeZone, at);
  // The instant's own local date holds it; neighbours are checked for zones whose date can step back.
  for (const d of [day - 1, day, day + 1]) {
    if (spansOfDay(cal, d).some(([s, e]) => s <= at && at < e)) return true;
  }
  return false;
}
