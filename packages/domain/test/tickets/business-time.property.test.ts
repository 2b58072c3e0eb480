import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  DEFAULT_BUSINESS_CALENDAR,
  isWithinBusinessHours,
} from '../../src/tickets/business-time';
import { allDay, LONDON_OFFICE, NEW_YORK_OFFICE, nightShift } from './calendars';

const NEW_YORK_SMALL_HOURS: BusinessCalendar = {
  timeZone: 'America/New_York',
  weeklyHours: Array.from({ length: 7 }, (_, day) => (day === 2 ? [] : [{ start: '01:00', end: '03:00' }])),
  holidays: ['2026-11-01'],
};

const CALENDARS: Record<string, BusinessCalendar> = {
  'London default': DEFAULT_BUSINESS_CALENDAR,
  'London office': LONDON_OFFICE,
  'London all day': allDay('Europe/London'),
  'London nights': nightShift('Europe/London'),
  'New York office': NEW_YORK_OFFICE,
  'New York all day': allDay('America/New_York'),
  'New York nights': nightShift('America/New_York'),
  'New York small hours': NEW_YORK_SMALL_HOURS,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The 2026 clock changes of both zones; instants near them are drawn often. */
const CHANGES = ['2026-03-08T07:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-11-01T06:00:00Z'].map(
  Date.parse,
);

const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 0, 31) }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([c, d]) => c + d),
);
const minuteInstant = instant.map((t) => Math.floor(t / MINUTE) * MINUTE);
const calendarName = fc.constantFrom(...Object.keys(CALENDARS));
const minutes = fc.integer({ min: 0, max: 6000 });
const gap = fc.integer({ min: 0, max: 30 * DAY });
const RUNS = { numRuns: 200 };

const cal = (name: string) => CALENDARS[name]!;

describe('addBusinessMinutes and businessMinutesBetween (properties, London and New York)', () => {
  it('measuring what was added gives the minutes back', () => {
    fc.assert(
      fc.property(calendarName, instant, minutes, (name, start, m) => {
        const c = cal(name);
        const s = new Date(start);
        expect(businessMinutesBetween(c, s, addBusinessMinutes(c, s, m))).toBe(m);
      }),
      RUNS,
    );
  });

  it('for m > 0 the result is inside a working interval or at its end, and is the earliest such instant', () => {
    fc.assert(
      fc.property(
        calendarName,
        instant,
        minutes.filter((m) => m > 0),
        (name, start, m) => {
          const c = cal(name);
          const s = new Date(start);
          const justBefore = new Date(addBusinessMinutes(c, s, m).getTime() - 1);
          expect(isWithinBusinessHours(c, justBefore)).toBe(true);
          expect(businessMinutesBetween(c, s, justBefore)).toBeLessThan(m);
        },
      ),
      RUNS,
    );
  });

  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(calendarName, instant, instant, minutes, (name, a, b, m) => {
        const c = cal(name);
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMinutes(c, new Date(early), m).getTime()).toBeLessThanOrEqual(
          addBusinessMinutes(c, new Date(late), m).getTime(),
        );
      }),
      RUNS,
    );
  });

  it('is monotonic in the minutes', () => {
    fc.assert(
      fc.property(calendarName, instant, minutes, minutes, (name, start, a, b) => {
        const c = cal(name);
        const s = new Date(start);
        const [few, many] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMinutes(c, s, few).getTime()).toBeLessThanOrEqual(addBusinessMinutes(c, s, many).getTime());
      }),
      RUNS,
    );
  });

  it('adding in two steps is adding once', () => {
    fc.assert(
      fc.property(calendarName, instant, minutes, minutes, (name, start, a, b) => {
        const c = cal(name);
        const s = new Date(start);
        expect(addBusinessMinutes(c, addBusinessMinutes(c, s, a), b).toISOString()).toBe(
          addBusinessMinutes(c, s, a + b).toISOString(),
        );
      }),
      RUNS,
    );
  });

  it('measuring is additive over adjacent ranges and never exceeds real time', () => {
    fc.assert(
      fc.property(calendarName, instant, gap, gap, (name, start, x, y) => {
        const c = cal(name);
        const [a, b, d] = [start, start + x, start + x + y].map((t) => new Date(t)) as [Date, Date, Date];
        const whole = businessMinutesBetween(c, a, d);
        expect(whole).toBeCloseTo(businessMinutesBetween(c, a, b) + businessMinutesBetween(c, b, d), 9);
        expect(whole).toBeLessThanOrEqual((d.getTime() - a.getTime()) / MINUTE);
        expect(businessMinutesBetween(c, d, a)).toBe(0);
      }),
      RUNS,
    );
  });

  it('fractional minutes round-trip to the millisecond', () => {
    fc.assert(
      fc.property(calendarName, instant, fc.integer({ min: 0, max: 600 * MINUTE }), (name, start, ms) => {
        const c = cal(name);
        const s = new Date(start);
        expect(businessMinutesBetween(c, s, addBusinessMinutes(c, s, ms / MINUTE))).toBeCloseTo(ms / MINUTE, 9);
      }),
      RUNS,
    );
  });
});

const referenceFormatters = new Map<string, Intl.DateTimeFormat>();
function referenceFormatter(timeZone: string): Intl.DateTimeFormat {
  if (!referenceFormatters.has(timeZone)) {
    referenceFormatters.set(
      timeZone,
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        weekday: 'short',
      }),
    );
  }
  return referenceFormatters.get(timeZone)!;
}

/**
 * A deliberately naive reference: a minute is working time when its wall-clock time, read with a formatter of
 * its own, falls in one of the day's intervals and its local date is not a holiday.
 */
function referenceIsWorking(c: BusinessCalendar, t: number): boolean {
  const parts = Object.fromEntries(
    referenceFormatter(c.timeZone)
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (c.holidays.includes(date)) return false;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!);
  const hhmm = `${parts.hour}:${parts.minute}`;
  return c.weeklyHours[weekday]!.some((i) => i.start <= hhmm && hhmm < i.end);
}

describe('agreement with a minute-by-minute reference', () => {
  it('businessMinutesBetween counts the working minutes of up to three days', () => {
    fc.assert(
      fc.property(calendarName, minuteInstant, fc.integer({ min: 0, max: 3 * 24 * 60 }), (name, start, span) => {
        const c = cal(name);
        let expected = 0;
        for (let t = start; t < start + span * MINUTE; t += MINUTE) if (referenceIsWorking(c, t)) expected++;
        expect(businessMinutesBetween(c, new Date(start), new Date(start + span * MINUTE))).toBe(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('isWithinBusinessHours agrees minute by minute', () => {
    fc.assert(
      fc.property(calendarName, minuteInstant, fc.integer({ min: 0, max: 59_999 }), (name, t, ms) => {
        const c = cal(name);
        expect(isWithinBusinessHours(c, new Date(t + ms))).toBe(referenceIsWorking(c, t));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees on every quarter hour of the twelve hours around each 2026 clock change', () => {
    const QUARTER = 15 * MINUTE;
    for (const change of CHANGES) {
      for (const [name, c] of Object.entries(CALENDARS)) {
        for (let from = change - 6 * HOUR; from < change + 6 * HOUR; from += QUARTER) {
          let expected = 0;
          for (let t = from; t < from + QUARTER; t += MINUTE) if (referenceIsWorking(c, t)) expected++;
          const at = `${name} at ${new Date(from).toISOString()}`;
          expect(businessMinutesBetween(c, new Date(from), new Date(from + QUARTER)), at).toBe(expected);
          expect(isWithinBusinessHours(c, new Date(from)), at).toBe(referenceIsWorking(c, from));
        }
      }
    }
  });
});
