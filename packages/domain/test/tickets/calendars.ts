import type { BusinessCalendar, WorkingInterval } from '../../src/tickets/business-time';

const week = (...days: WorkingInterval[][]): WorkingInterval[][] => days;
const every = (...intervals: WorkingInterval[]): WorkingInterval[][] => Array.from({ length: 7 }, () => intervals);

/** Every minute of every day is working time: a DST day has 23 or 25 working hours. */
export const allDay = (timeZone: string): BusinessCalendar => ({
  timeZone,
  weeklyHours: every({ start: '00:00', end: '24:00' }),
  holidays: [],
});

/** Working hours around the small hours, where clocks change in London (01:00) and New York (02:00). */
export const nightShift = (timeZone: string): BusinessCalendar => ({
  timeZone,
  weeklyHours: every({ start: '00:00', end: '03:00' }, { start: '22:00', end: '24:00' }),
  holidays: [],
});

/** Split days, a short Saturday, no Sunday and US holidays of 2026. */
export const NEW_YORK_OFFICE: BusinessCalendar = {
  timeZone: 'America/New_York',
  weeklyHours: week(
    [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ],
    [
      { start: '13:00', end: '18:00' },
      { start: '08:00', end: '12:00' },
    ],
    [{ start: '08:00', end: '18:00' }],
    [{ start: '08:00', end: '18:00' }],
    [{ start: '08:00', end: '16:30' }],
    [{ start: '10:00', end: '14:00' }],
    [],
  ),
  holidays: ['2026-01-01', '2026-07-03', '2026-11-26', '2026-12-25'],
};

/** London Monday to Friday 09:00–17:30 with the 2026 English bank holidays. */
export const LONDON_OFFICE: BusinessCalendar = {
  timeZone: 'Europe/London',
  weeklyHours: [...every({ start: '09:00', end: '17:30' }).slice(0, 5), [], []],
  holidays: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
};
