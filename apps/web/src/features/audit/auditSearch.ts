import { type AuditAction, type AuditFilters, auditAction, uuid } from '@cm/domain';

/**
 * The audit log's filters as the address keeps them (`/audit?actor=…&action=…&customer=…&from=…&to=…`):
 * ids and local calendar days, so a reload, the back button or a shared link shows the same view.
 */
export interface AuditSearch {
  actor?: string;
  action?: AuditAction;
  customer?: string;
  /** Local calendar days, YYYY-MM-DD; `to` is included. */
  from?: string;
  to?: string;
}

const KEYS = ['actor', 'action', 'customer', 'from', 'to'] as const;

/** A real calendar day written as YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDay(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const [y, m, d] = raw.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const valid = (raw: string | null, ok: (v: string) => boolean) => (raw !== null && ok(raw) ? raw : undefined);

/** Reads the address; a hand-edited or stale value that is not valid is ignored, never an error. */
export function parseAuditSearch(params: URLSearchParams): AuditSearch {
  const isId = (v: string) => uuid.safeParse(v).success;
  return {
    actor: valid(params.get('actor'), isId),
    action: auditAction.safeParse(params.get('action')).data,
    customer: valid(params.get('customer'), isId),
    from: valid(params.get('from'), isCalendarDay),
    to: valid(params.get('to'), isCalendarDay),
  };
}

export function serializeAuditSearch(search: AuditSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The start of a local calendar day as an instant; `nextDay` gives the (exclusive) end of it. */
function localDayStart(day: string, nextDay = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}

export const RANGE_ERROR = 'The end date is before the start date.';

/** The `audit.list` filters (and the CSV export's) for what the address asks; a backwards range drops its end. */
export function auditFiltersOf(search: AuditSearch): { filters: AuditFilters; rangeError?: string } {
  const rangeError = search.from && search.to && search.to < search.from ? RANGE_ERROR : undefined;
  return {
    filters: {
      actorUserId: search.actor,
      action: search.action,
      customerId: search.customer,
      from: search.from ? localDayStart(search.from) : undefined,
      to: search.to && !rangeError ? localDayStart(search.to, true) : undefined,
    },
    rangeError,
  };
}

/** The CSV export of every event these filters match. */
export function auditExportHref(filters: AuditFilters): string {
  const params = new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  return `/api/audit/export.csv?${params}`;
}
