/**
 * Built on first use, then kept: an Intl formatter takes milliseconds to build (it loads locale data), and
 * a module that builds its formatters when it loads makes every page importing it pay for them before its
 * first paint, used or not.
 */
export function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

const dateTime = lazily(() => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }));
const dateOnly = lazily(() => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }));
const relative = lazily(() => new Intl.RelativeTimeFormat('en', { numeric: 'auto' }));
const number = lazily(() => new Intl.NumberFormat('en-GB'));

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime().format(new Date(iso)) : '—';
}

/** Calendar dates (YYYY-MM-DD) have no time zone: format them in UTC so they never shift a day. */
export function formatDate(isoDate: string | null | undefined): string {
  return isoDate ? dateOnly().format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)) : '—';
}

export function formatNumber(n: number): string {
  return number().format(n);
}

/** "3 minutes ago", "yesterday"… for timelines; the exact time goes in a title/tooltip. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative().format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative().format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative().format(Math.round(seconds / 86_400), 'day');
  return dateTime().format(new Date(iso));
}

/** `not_started` → "Not started". Enum values are the contract; this is only how they read. */
export function humanize(value: string): string {
  const words = value.replace(/[_.]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
