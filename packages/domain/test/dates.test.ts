import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOfBirthProblem, isoDate, MAX_AGE_YEARS } from '../src/customers/dates';

const NOW = new Date('2024-06-15T12:00:00.000Z');

describe('isoDate', () => {
  it('is the UTC calendar date', () => {
    expect(isoDate(NOW)).toBe('2024-06-15');
    expect(isoDate(new Date('2024-06-15T23:59:59.999Z'))).toBe('2024-06-15');
    expect(isoDate(new Date('2024-06-16T00:00:00.000Z'))).toBe('2024-06-16');
    // 23:30 in New York is already tomorrow in UTC
    expect(isoDate(new Date('2024-06-15T23:30:00-05:00'))).toBe('2024-06-16');
  });
});

describe('dateOfBirthProblem (now = 2024-06-15)', () => {
  it('max age is 130 years', () => {
    expect(MAX_AGE_YEARS).toBe(130);
  });

  it.each([
    ['2024-06-16', 'tomorrow'],
    ['2025-01-01', 'next year'],
    ['2100-06-15', 'far future'],
  ])('refuses %s (%s) as in the future', (dob) => {
    expect(dateOfBirthProblem(dob, NOW)).toBe('Date of birth cannot be in the future.');
  });

  it.each([
    ['2024-06-15', 'exactly today'],
    ['2024-06-14', 'yesterday'],
    ['1990-01-01', 'a usual date'],
    ['1894-06-15', 'exactly 130 years ago'],
    ['1894-06-16', '130 years ago minus a day'],
  ])('accepts %s (%s)', (dob) => {
    expect(dateOfBirthProblem(dob, NOW)).toBeNull();
  });

  it.each([
    ['1894-06-14', '130 years and 1 day ago'],
    ['1893-12-31', 'older still'],
    ['1800-01-01', 'much older'],
  ])('refuses %s (%s) as too old', (dob) => {
    expect(dateOfBirthProblem(dob, NOW)).toBe('Date of birth cannot be more than 130 years ago.');
  });

  it('uses the clock it is given, not the real one', () => {
    expect(dateOfBirthProblem('2030-01-01', new Date('2031-01-01T00:00:00Z'))).toBeNull();
    expect(dateOfBirthProblem('1900-01-01', new Date('2030-01-01T00:00:00Z'))).toBeNull();
    expect(dateOfBirthProblem('1899-12-31', new Date('2030-01-01T00:00:00Z'))).not.toBeNull();
  });

  it('reads "today" in UTC', () => {
    const lateEvening = new Date('2024-06-15T23:30:00-05:00'); // 2024-06-16 in UTC
    expect(dateOfBirthProblem('2024-06-16', lateEvening)).toBeNull();
    expect(dateOfBirthProblem('2024-06-17', lateEvening)).not.toBeNull();
  });

  it('on 29 February, the birthday 130 years before that does not exist: 28 Feb is 130 years + 1 day', () => {
    const leap = new Date('2024-02-29T10:00:00Z');
    expect(dateOfBirthProblem('1894-03-01', leap)).toBeNull();
    expect(dateOfBirthProblem('1894-02-28', leap)).toBe('Date of birth cannot be more than 130 years ago.');
  });

  it('property: dates between 130 years ago and today are accepted, later ones are refused', () => {
    const day = 86_400_000;
    const oldest = Date.UTC(1894, 5, 15);
    const today = Date.UTC(2024, 5, 15);
    fc.assert(
      fc.property(fc.integer({ min: (oldest - 50 * 365 * day) / day, max: (today + 50 * 365 * day) / day }), (n) => {
        const dob = isoDate(new Date(n * day));
        const t = n * day;
        const problem = dateOfBirthProblem(dob, NOW);
        if (t > today) expect(problem).toMatch(/future/);
        else if (t < oldest) expect(problem).toMatch(/130 years/);
        else expect(problem).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
