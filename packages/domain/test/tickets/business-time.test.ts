import { describe, expect, it } from 'vitest';
import { PreconditionFailed } from '../../src/errors';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessCalendar,
  businessMinutesBetween,
  DEFAULT_BUSINESS_CALENDAR,
  isWithinBusinessHours,
} from '../../src/tickets/business-time';
import { allDay, LONDON_OFFICE, NEW_YORK_OFFICE, nightShift } from './calendars';

const at = (iso: string) => new Date(iso);
const add = (c: BusinessCalendar, start: string, minutes: number) =>
  addBusinessMinutes(c, at(start), minutes).toISOString();
const between = (c: BusinessCalendar, a: string, b: string) => businessMinutesBetween(c, at(a), at(b));
const HOUR = 60;

describe('businessCalendar schema', () => {
  const valid = (patch: Partial<BusinessCalendar>) =>
    businessCalendar.safeParse({ ...DEFAULT_BUSINESS_CALENDAR, ...patch });
  const withMonday = (...monday: { start: string; end: string }[]) =>
    valid({ weeklyHours: [monday, [], [], [], [], [], []] });

  it('accepts the default and the test calendars', () => {
    for (const c of [
      DEFAULT_BUSINESS_CALENDAR,
      LONDON_OFFICE,
      NEW_YORK_OFFICE,
      allDay('UTC'),
      nightShift('Asia/Tokyo'),
    ]) {
      expect(businessCalendar.parse(c)).toEqual(c);
    }
  });

  it('the default is Europe/London, Monday to Friday 09:00–17:00, no holidays', () => {
    expect(DEFAULT_BUSINESS_CALENDAR.timeZone).toBe('Europe/London');
    expect(DEFAULT_BUSINESS_CALENDAR.weeklyHours.map((d) => d.map((i) => `${i.start}-${i.end}`).join())).toEqual([
      '09:00-17:00',
      '09:00-17:00',
      '09:00-17:00',
      '09:00-17:00',
      '09:00-17:00',
      '',
      '',
    ]);
    expect(DEFAULT_BUSINESS_CALENDAR.holidays).toEqual([]);
  });

  it('validates the time zone with Intl', () => {
    expect(valid({ timeZone: 'America/New_York' }).success).toBe(true);
    expect(valid({ timeZone: 'Mars/Olympus_Mons' }).success).toBe(false);
    expect(valid({ timeZone: '+01:00' }).success).toBe(false);
    expect(valid({ timeZone: '' }).success).toBe(false);
  });

  it('takes HH:MM times, 24:00 only as an end, and the end after the start', () => {
    expect(withMonday({ start: '00:00', end: '24:00' }).success).toBe(true);
    expect(withMonday({ start: '24:00', end: '24:00' }).success).toBe(false);
    expect(withMonday({ start: '9:00', end: '17:00' }).success).toBe(false);
    expect(withMonday({ start: '09:00', end: '24:30' }).success).toBe(false);
    expect(withMonday({ start: '09:00', end: '17:60' }).success).toBe(false);
    expect(withMonday({ start: '17:00', end: '09:00' }).success).toBe(false);
    expect(withMonday({ start: '09:00', end: '09:00' }).success).toBe(false);
  });

  it('refuses overlapping intervals on a day but allows touching ones, in any order', () => {
    expect(withMonday({ start: '13:00', end: '17:00' }, { start: '09:00', end: '13:00' }).success).toBe(true);
    const overlap = withMonday({ start: '12:00', end: '17:00' }, { start: '09:00', end: '13:00' });
    expect(overlap.success).toBe(false);
    expect(overlap.error?.issues[0]?.message).toBe('Monday: working hours must not overlap.');
  });

  it('needs exactly 7 days and at least one working interval', () => {
    expect(valid({ weeklyHours: DEFAULT_BUSINESS_CALENDAR.weeklyHours.slice(0, 6) }).success).toBe(false);
    const none = valid({ weeklyHours: [[], [], [], [], [], [], []] });
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toBe('Give working hours for at least one day of the week.');
  });

  it('takes holidays as real YYYY-MM-DD dates', () => {
    expect(valid({ holidays: ['2026-12-25', '2028-02-29'] }).success).toBe(true);
    expect(valid({ holidays: ['2026-02-29'] }).success).toBe(false);
    expect(valid({ holidays: ['25/12/2026'] }).success).toBe(false);
  });
});

describe('the default calendar (London, Mon–Fri 09:00–17:00)', () => {
  const C = DEFAULT_BUSINESS_CALENDAR;

  it('adds within a day', () => {
    expect(add(C, '2026-06-01T08:00:00Z', 60)).toBe('2026-06-01T09:00:00.000Z'); // Mon 09:00 BST + 1 h
    expect(add(C, '2026-01-05T09:00:00Z', 480)).toBe('2026-01-05T17:00:00.000Z'); // Mon 09:00 GMT + 8 h
  });

  it('lands at the end of the working day rather than the next morning', () => {
    expect(add(C, '2026-01-09T16:00:00Z', 60)).toBe('2026-01-09T17:00:00.000Z'); // Fri 17:00, not Mon 09:00
  });

  it('skips the weekend', () => {
    expect(add(C, '2026-01-09T16:00:00Z', 120)).toBe('2026-01-12T10:00:00.000Z'); // Fri 16:00 → Mon 10:00
    expect(add(C, '2026-01-10T12:00:00Z', 30)).toBe('2026-01-12T09:30:00.000Z'); // from Saturday
    expect(between(C, '2026-01-09T00:00:00Z', '2026-01-16T00:00:00Z')).toBe(5 * 8 * HOUR);
  });

  it('starts counting at the next opening when started outside hours', () => {
    expect(add(C, '2026-01-05T18:00:00Z', 1)).toBe('2026-01-06T09:01:00.000Z');
    expect(add(C, '2026-01-05T06:00:00Z', 1)).toBe('2026-01-05T09:01:00.000Z');
  });

  it('zero minutes is the start itself, even outside hours', () => {
    expect(add(C, '2026-01-10T12:34:56.789Z', 0)).toBe('2026-01-10T12:34:56.789Z');
    expect(add(C, '2026-01-05T10:00:00Z', 0)).toBe('2026-01-05T10:00:00.000Z');
  });

  it('measures exactly, so minutes may be fractional', () => {
    expect(between(C, '2026-01-05T09:00:30Z', '2026-01-05T17:00:00Z')).toBe(479.5);
    expect(add(C, '2026-01-05T09:00:00Z', 0.5)).toBe('2026-01-05T09:00:30.000Z');
    expect(add(C, '2026-01-05T16:59:59.999Z', 1 / 60_000)).toBe('2026-01-05T17:00:00.000Z');
  });

  it('between is 0 for an empty or reversed range and for ranges outside hours', () => {
    expect(between(C, '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z')).toBe(0);
    expect(between(C, '2026-01-05T12:00:00Z', '2026-01-05T10:00:00Z')).toBe(0);
    expect(between(C, '2026-01-10T00:00:00Z', '2026-01-12T09:00:00Z')).toBe(0);
    expect(between(C, '2026-01-05T17:00:00Z', '2026-01-06T09:00:00Z')).toBe(0);
  });

  it('isWithinBusinessHours includes the opening and excludes the closing instant', () => {
    expect(isWithinBusinessHours(C, at('2026-01-05T09:00:00Z'))).toBe(true);
    expect(isWithinBusinessHours(C, at('2026-01-05T08:59:59.999Z'))).toBe(false);
    expect(isWithinBusinessHours(C, at('2026-01-05T16:59:59.999Z'))).toBe(true);
    expect(isWithinBusinessHours(C, at('2026-01-05T17:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(C, at('2026-01-10T12:00:00Z'))).toBe(false); // Saturday
    expect(isWithinBusinessHours(C, at('2026-06-01T08:30:00Z'))).toBe(true); // 09:30 BST
    expect(isWithinBusinessHours(C, at('2026-06-01T16:30:00Z'))).toBe(false); // 17:30 BST
  });

  it('follows local hours across the London spring-forward weekend (2026-03-29)', () => {
    // Friday 16:00 GMT + 2 h: one hour on Friday, then Monday opens at 09:00 BST = 08:00Z.
    expect(add(C, '2026-03-27T16:00:00Z', 120)).toBe('2026-03-30T09:00:00.000Z');
    expect(between(C, '2026-03-27T09:00:00Z', '2026-03-30T16:00:00Z')).toBe(16 * HOUR);
  });

  it('follows local hours across the London fall-back weekend (2026-10-25)', () => {
    // Friday 15:00 BST (14:00Z) + 3 h: two hours on Friday, Monday opens at 09:00 GMT.
    expect(add(C, '2026-10-23T14:00:00Z', 180)).toBe('2026-10-26T10:00:00.000Z');
    expect(between(C, '2026-10-23T08:00:00Z', '2026-10-26T17:00:00Z')).toBe(16 * HOUR);
  });
});

describe('holidays', () => {
  it('Easter 2026 in London: Good Friday and Easter Monday are skipped', () => {
    // Thursday 2 April 16:30 BST + 90 min: 60 on Thursday, then Tuesday 7 April 09:00 BST.
    expect(add(LONDON_OFFICE, '2026-04-02T15:30:00Z', 90)).toBe('2026-04-07T08:30:00.000Z');
    expect(between(LONDON_OFFICE, '2026-04-03T00:00:00Z', '2026-04-07T00:00:00Z')).toBe(0);
  });

  it('holidays are local dates of the calendar, not UTC dates', () => {
    // 2026-07-03 (Friday) is a New York holiday, which begins at 04:00Z.
    expect(isWithinBusinessHours(NEW_YORK_OFFICE, at('2026-07-02T21:00:00Z'))).toBe(true); // Thu 17:00 EDT
    expect(isWithinBusinessHours(NEW_YORK_OFFICE, at('2026-07-03T14:00:00Z'))).toBe(false); // Fri 10:00 EDT
    // Thursday 17:30 EDT + 60: 30 on Thursday, Friday is off, Saturday opens 10:00 EDT.
    expect(add(NEW_YORK_OFFICE, '2026-07-02T21:30:00Z', 60)).toBe('2026-07-04T14:30:00.000Z');
  });

  it('a holiday in the middle of a long target', () => {
    // Christmas 2026 in London: Friday 25th and Monday 28th are off.
    const start = '2026-12-24T09:00:00Z';
    expect(add(LONDON_OFFICE, start, 2 * 510)).toBe('2026-12-29T17:30:00.000Z');
    expect(between(LONDON_OFFICE, start, '2026-12-30T09:00:00Z')).toBe(2 * 510);
  });
});

describe('split days and a short Saturday (New York)', () => {
  it('skips the lunch break and the unsorted intervals are read in time order', () => {
    // Monday 11:30 EDT + 60: 30 before lunch, 30 after 13:00.
    expect(add(NEW_YORK_OFFICE, '2026-06-01T15:30:00Z', 60)).toBe('2026-06-01T17:30:00.000Z');
    // Tuesday's intervals are written afternoon first.
    expect(add(NEW_YORK_OFFICE, '2026-06-02T15:30:00Z', 60)).toBe('2026-06-02T17:30:00.000Z');
    expect(between(NEW_YORK_OFFICE, '2026-06-01T04:00:00Z', '2026-06-08T04:00:00Z')).toBe(
      9 * HOUR * 2 + 10 * HOUR * 2 + 8.5 * HOUR + 4 * HOUR,
    );
  });
});

describe('DST days in an all-day calendar', () => {
  it('London: 2026-03-29 has 23 working hours and 2026-10-25 has 25', () => {
    const C = allDay('Europe/London');
    expect(between(C, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toBe(23 * HOUR);
    expect(between(C, '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z')).toBe(25 * HOUR);
    expect(add(C, '2026-03-29T00:00:00Z', 23 * HOUR)).toBe('2026-03-29T23:00:00.000Z');
    expect(add(C, '2026-10-24T23:00:00Z', 25 * HOUR)).toBe('2026-10-26T00:00:00.000Z');
    // Every instant is working time, so business time is real time across the change.
    expect(add(C, '2026-03-29T00:30:00Z', 60)).toBe('2026-03-29T01:30:00.000Z');
    expect(between(C, '2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z')).toBe(2 * HOUR);
  });

  it('New York: 2026-03-08 has 23 working hours and 2026-11-01 has 25', () => {
    const C = allDay('America/New_York');
    expect(between(C, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(23 * HOUR);
    expect(between(C, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(25 * HOUR);
    expect(add(C, '2026-03-08T05:00:00Z', 23 * HOUR)).toBe('2026-03-09T04:00:00.000Z');
    expect(add(C, '2026-11-01T04:00:00Z', 25 * HOUR)).toBe('2026-11-02T05:00:00.000Z');
  });
});

describe('DST changes inside working hours', () => {
  it('London 00:00–03:00: 2 real hours on spring-forward, 4 on fall-back, 3 otherwise', () => {
    const C = nightShift('Europe/London');
    // Each range ends at 20:00Z, before the 22:00 interval of the same local date.
    expect(between(C, '2026-03-29T00:00:00Z', '2026-03-29T20:00:00Z')).toBe(2 * HOUR); // 00:00–01:00 GMT, 02:00–03:00 BST
    expect(between(C, '2026-10-24T23:00:00Z', '2026-10-25T20:00:00Z')).toBe(4 * HOUR); // 00:00 BST – 03:00 GMT
    expect(between(C, '2026-01-10T00:00:00Z', '2026-01-10T20:00:00Z')).toBe(3 * HOUR);
  });

  it('London: the hour skipped in spring is no time at all and the repeated hour in autumn counts twice', () => {
    const C = nightShift('Europe/London');
    // 00:59:59 GMT is working; the next instant is 02:00 BST, still working (01:00–02:00 does not exist).
    expect(add(C, '2026-03-29T00:30:00Z', 60)).toBe('2026-03-29T01:30:00.000Z');
    // 01:00–02:00 happens twice on 25 October: 00:00Z–01:00Z as BST and 01:00Z–02:00Z as GMT.
    expect(isWithinBusinessHours(C, at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isWithinBusinessHours(C, at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(isWithinBusinessHours(C, at('2026-10-25T03:00:00Z'))).toBe(false);
    expect(add(C, '2026-10-25T02:30:00Z', 60)).toBe('2026-10-25T22:30:00.000Z');
  });

  it('New York 01:00–03:00 (clocks change at 02:00): 1 real hour on 2026-03-08, 3 on 2026-11-01', () => {
    const C: BusinessCalendar = {
      timeZone: 'America/New_York',
      weeklyHours: Array.from({ length: 7 }, () => [{ start: '01:00', end: '03:00' }]),
      holidays: [],
    };
    expect(between(C, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(HOUR); // 01:00–02:00 EST
    expect(between(C, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(3 * HOUR); // 01:00 EDT – 03:00 EST
    expect(between(C, '2026-06-01T04:00:00Z', '2026-06-02T04:00:00Z')).toBe(2 * HOUR);
    expect(add(C, '2026-03-08T06:30:00Z', 60)).toBe('2026-03-09T05:30:00.000Z'); // 30 min, then Monday 01:00 EDT
    expect(isWithinBusinessHours(C, at('2026-03-08T07:00:00Z'))).toBe(false); // 03:00 EDT
  });

  it('a window spanning the change: 00:00–08:00 is 7 real hours in spring and 9 in autumn', () => {
    const C: BusinessCalendar = {
      timeZone: 'America/New_York',
      weeklyHours: Array.from({ length: 7 }, () => [{ start: '00:00', end: '08:00' }]),
      holidays: [],
    };
    expect(between(C, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(7 * HOUR);
    expect(between(C, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(9 * HOUR);
    expect(add(C, '2026-03-08T05:00:00Z', 7 * HOUR)).toBe('2026-03-08T12:00:00.000Z'); // 08:00 EDT
  });

  it('a 09:00–17:00 day on which the clocks change in the night is still 8 hours', () => {
    const C: BusinessCalendar = {
      timeZone: 'Europe/London',
      weeklyHours: Array.from({ length: 7 }, () => [{ start: '09:00', end: '17:00' }]),
      holidays: [],
    };
    expect(between(C, '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z')).toBe(8 * HOUR);
    expect(between(C, '2026-10-25T00:00:00Z', '2026-10-26T00:00:00Z')).toBe(8 * HOUR);
    expect(add(C, '2026-03-29T00:00:00Z', 60)).toBe('2026-03-29T09:00:00.000Z'); // 10:00 BST
    expect(add(C, '2026-03-28T00:00:00Z', 60)).toBe('2026-03-28T10:00:00.000Z'); // 10:00 GMT
  });
});

describe('errors', () => {
  const noHours = { timeZone: 'Europe/London', weeklyHours: [[], [], [], [], [], [], []], holidays: [] };

  it('a calendar without working hours fails with a clear error instead of looping', () => {
    const error = (() => {
      try {
        addBusinessMinutes(noHours, at('2026-01-05T09:00:00Z'), 1);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PreconditionFailed);
    expect((error as Error).message).toMatch(/no working hours in a whole year/);
    expect(businessMinutesBetween(noHours, at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'))).toBe(0);
    expect(isWithinBusinessHours(noHours, at('2026-01-05T10:00:00Z'))).toBe(false);
  });

  it('a whole year of holidays fails the same way', () => {
    const holidays = Array.from({ length: 400 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
    );
    expect(() =>
      addBusinessMinutes({ ...DEFAULT_BUSINESS_CALENDAR, holidays }, at('2026-01-01T00:00:00Z'), 60),
    ).toThrow(PreconditionFailed);
    // Just under a year of holidays still finds the first working day after them.
    const almost = holidays.slice(0, 360);
    expect(add({ ...DEFAULT_BUSINESS_CALENDAR, holidays: almost }, '2026-01-01T00:00:00Z', 60)).toBe(
      '2026-12-28T10:00:00.000Z',
    );
  });

  it('negative, infinite or NaN minutes and invalid dates are refused', () => {
    const C = DEFAULT_BUSINESS_CALENDAR;
    expect(() => addBusinessMinutes(C, at('2026-01-05T09:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(C, at('2026-01-05T09:00:00Z'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(C, at('2026-01-05T09:00:00Z'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addBusinessMinutes(C, new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => businessMinutesBetween(C, new Date(Number.NaN), at('2026-01-05T09:00:00Z'))).toThrow(RangeError);
  });
});
