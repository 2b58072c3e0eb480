export const MAX_AGE_YEARS = 130;

/** An ISO date (YYYY-MM-DD) of `now` in UTC; the clock is always a parameter. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Date of birth: not in the future and an age of at most 130 years. Returns a message or null. */
export function dateOfBirthProblem(dateOfBirth: string, now: Date): string | null {
  const today = isoDate(now);
  if (dateOfBirth > today) return 'Date of birth cannot be in the future.';
  const oldest = `${String(now.getUTCFullYear() - MAX_AGE_YEARS).padStart(4, '0')}${today.slice(4)}`;
  if (dateOfBirth < oldest) return `Date of birth cannot be more than ${MAX_AGE_YEARS} years ago.`;
  return null;
}
