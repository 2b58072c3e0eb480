import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from './format';

// The formatters write en-GB out by hand (no locale data on a first paint); Intl is the reference they must match.
const intlDateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const intlDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const intlNumber = new Intl.NumberFormat('en-GB');

const instants = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2199-12-31T23:59:59Z'),
  noInvalidDate: true,
});

describe('formatDateTime', () => {
  it('reads as Intl en-GB medium date, short time, in the local time zone', () => {
    fc.assert(
      fc.property(instants, (d) => {
        expect(formatDateTime(d.toISOString())).toBe(intlDateTime.format(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('names every month as Intl does, on both sides of a summer-time change', () => {
    for (let month = 0; month < 12; month++) {
      for (const hour of [0, 1, 2, 12, 23]) {
        const d = new Date(Date.UTC(2026, month, month === 2 ? 29 : 1, hour, 5));
        expect(formatDateTime(d.toISOString())).toBe(intlDateTime.format(d));
      }
    }
    expect(formatDateTime('2026-09-04T08:07:00Z')).toBe('4 Sept 2026, 09:07');
  });

  it('shows a dash for no value', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('')).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});

describe('formatDate', () => {
  it('reads a calendar date as Intl en-GB medium, never shifted by the time zone', () => {
    fc.assert(
      fc.property(instants, (d) => {
        const isoDate = d.toISOString().slice(0, 10);
        expect(formatDate(isoDate)).toBe(intlDate.format(new Date(`${isoDate}T00:00:00Z`)));
      }),
      { numRuns: 2000 },
    );
    expect(formatDate('2026-12-31')).toBe('31 Dec 2026');
    expect(formatDate('2026-01-01T23:30:00+05:00')).toBe('1 Jan 2026');
  });

  it('shows a dash for no value or one that is not a date', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('2026-13-45')).toBe('—');
  });
});

describe('formatNumber', () => {
  it('groups whole numbers by thousands as Intl en-GB does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1_000_000, max: 1_000_000 })), (n) => {
        expect(formatNumber(n)).toBe(intlNumber.format(n));
      }),
      { numRuns: 2000 },
    );
    expect(formatNumber(10_000)).toBe('10,000');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(-1_234_567)).toBe('-1,234,567');
  });

  it('leaves fractions and huge values to Intl', () => {
    expect(formatNumber(1234.5678)).toBe('1,234.568');
    expect(formatNumber(2 ** 60)).toBe(intlNumber.format(2 ** 60));
  });
});
