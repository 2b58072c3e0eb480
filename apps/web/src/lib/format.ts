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

const relative = lazily(() => new Intl.RelativeTimeFormat('en', { numeric: 'auto' }));
const number = lazily(() => new Intl.NumberFormat('en-GB'));

// Dates and counts are on nearly every first screen. They are written out here in en-GB's medium style rather
// than through Intl: a page's first Intl formatter loads the browser's locale data, 40–100 ms of blocked main
// thread on a phone, for "2 Dec 2026". format.test.ts checks every month, hour and size against Intl itself.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'] as const;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2 Dec 2026, 09:05" in the browser's time zone (en-GB, medium date, short time); a dash for none or garbage. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Calendar dates (YYYY-MM-DD) have no time zone: format them in UTC so they never shift a day. "2 Dec 2026". */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "12,345": whole numbers grouped by thousands; anything else (fractions, huge values) goes through Intl. */
export function formatNumber(n: number): string {
  if (!Number.isSafeInteger(n)) return number().format(n);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** "3 minutes ago", "yesterday"… for timelines; the exact time goes in a title/tooltip. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative().format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative().format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative().format(Math.round(seconds / 86_400), 'day');
  return formatDateTime(iso);
}

/** `not_started` → "Not started". Enum values are the contract; this is only how they read. */
export function humanize(value: string): string {
  const words = value.replace(/[_.]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
