import {
  CREATED_WITHIN_MAX_DAYS,
  CUSTOMER_SORTS,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  type CustomerSort,
  type CustomerStatus,
  type CustomerType,
  DEFAULT_SORT_ORDER,
  KYC_EXPIRING_MAX_DAYS,
  KYC_STATUSES,
  type KycStatus,
  RISK_LEVELS,
  type RiskLevel,
  type SortOrder,
} from '@cm/domain';
import { useCallback, useMemo } from 'react';
import { isCountryCode } from '../../lib/countries';
import { useLatestSearchParams } from '../../lib/useLatestSearchParams';

export const PAGE_SIZE = 25;

export interface CustomerFilters {
  search: string;
  /** Multi-value filters: a customer matches any of the chosen values (none chosen: no filter). */
  status: CustomerStatus[];
  kycStatus: KycStatus[];
  type: CustomerType[];
  riskLevel: RiskLevel[];
  country: string[];
  /** Created in the last N days (the dashboard's "New in 30 days"). */
  createdWithinDays?: number;
  /** Has a KYC document expiring within N days (the dashboard's "KYC expiring soon"). */
  kycExpiringWithinDays?: number;
  sort: CustomerSort;
  order: SortOrder;
  includeDeleted: boolean;
  /** The cursors of the pages before this one's start; the last one is the current page's cursor. */
  cursors: string[];
}

/** URL parameter names: short, stable, and readable in a bookmark. */
const P = {
  search: 'q',
  status: 'status',
  kycStatus: 'kyc',
  type: 'type',
  riskLevel: 'risk',
  country: 'country',
  createdWithinDays: 'created',
  kycExpiringWithinDays: 'expiring',
  sort: 'sort',
  order: 'order',
  includeDeleted: 'deleted',
  cursors: 'page',
} as const;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** A repeated parameter (`status=active&status=pending`): the known values, each once. */
function manyOf<T extends string>(values: readonly T[], raw: string[]): T[] {
  return [...new Set(raw.filter((v): v is T => (values as readonly string[]).includes(v)))];
}

/** A whole number of days in 1…max, or nothing (a hand-edited URL is ignored, not an error). */
function days(raw: string | null, max: number): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : undefined;
}

export function parseFilters(params: URLSearchParams): CustomerFilters {
  const sort = oneOf(CUSTOMER_SORTS, params.get(P.sort)) ?? 'createdAt';
  return {
    search: params.get(P.search)?.trim() ?? '',
    status: manyOf(CUSTOMER_STATUSES, params.getAll(P.status)),
    kycStatus: manyOf(KYC_STATUSES, params.getAll(P.kycStatus)),
    type: manyOf(CUSTOMER_TYPES, params.getAll(P.type)),
    // `risk=high` (the older single-value link) reads as a list of one.
    riskLevel: manyOf(RISK_LEVELS, params.getAll(P.riskLevel)),
    country: [...new Set(params.getAll(P.country).map((c) => c.toUpperCase()))].filter(isCountryCode),
    createdWithinDays: days(params.get(P.createdWithinDays), CREATED_WITHIN_MAX_DAYS),
    kycExpiringWithinDays: days(params.get(P.kycExpiringWithinDays), KYC_EXPIRING_MAX_DAYS),
    sort,
    order: oneOf(['asc', 'desc'] as const, params.get(P.order)) ?? DEFAULT_SORT_ORDER[sort],
    includeDeleted: params.get(P.includeDeleted) === '1',
    // Cursors are base64url, so '.' can join them without escaping.
    cursors: (params.get(P.cursors) ?? '').split('.').filter(Boolean),
  };
}

export function serializeFilters(f: CustomerFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.search) params.set(P.search, f.search);
  for (const v of f.status) params.append(P.status, v);
  for (const v of f.kycStatus) params.append(P.kycStatus, v);
  for (const v of f.type) params.append(P.type, v);
  for (const v of f.riskLevel) params.append(P.riskLevel, v);
  for (const v of f.country) params.append(P.country, v);
  if (f.createdWithinDays) params.set(P.createdWithinDays, String(f.createdWithinDays));
  if (f.kycExpiringWithinDays) params.set(P.kycExpiringWithinDays, String(f.kycExpiringWithinDays));
  if (f.sort !== 'createdAt') params.set(P.sort, f.sort);
  if (f.order !== DEFAULT_SORT_ORDER[f.sort]) params.set(P.order, f.order);
  if (f.includeDeleted) params.set(P.includeDeleted, '1');
  if (f.cursors.length) params.set(P.cursors, f.cursors.join('.'));
  return params;
}

/** The list's address showing these filters (the rest as they are by default): what a dashboard card opens. */
export function customerListHref(patch: FilterPatch = {}): string {
  const query = serializeFilters({
    ...EMPTY_FILTERS,
    sort: 'createdAt',
    order: 'desc',
    includeDeleted: false,
    ...patch,
  });
  return query.size ? `/customers?${query}` : '/customers';
}

export type FilterPatch = Partial<Omit<CustomerFilters, 'cursors'>>;

/** A change of filters: the new values, or a function of the latest filters (a toggle of one value). */
export type FilterUpdate = FilterPatch | ((latest: CustomerFilters) => FilterPatch);

/**
 * The list's search, filters, sort and page, all kept in the URL so any view can be bookmarked.
 * Every change builds on the latest one asked for, so quick clicks before a re-render all count.
 */
export function useCustomerFilters() {
  const [params, update] = useLatestSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const change = useCallback(
    (edit: (f: CustomerFilters) => CustomerFilters, opts?: { replace?: boolean }) =>
      update((latest) => serializeFilters(edit(parseFilters(latest))), opts),
    [update],
  );

  /** Any change of what is listed starts again from the first page. */
  const setFilters = useCallback(
    (patch: FilterUpdate, opts: { replace?: boolean } = {}) =>
      change((f) => ({ ...f, ...(typeof patch === 'function' ? patch(f) : patch), cursors: [] }), opts),
    [change],
  );

  const nextPage = useCallback(
    (cursor: string) => change((f) => ({ ...f, cursors: [...f.cursors, cursor] })),
    [change],
  );

  const previousPage = useCallback(() => change((f) => ({ ...f, cursors: f.cursors.slice(0, -1) })), [change]);

  const clearFilters = useCallback(() => change((f) => ({ ...f, ...EMPTY_FILTERS })), [change]);

  const activeFilterCount =
    filters.status.length +
    filters.kycStatus.length +
    filters.type.length +
    filters.country.length +
    filters.riskLevel.length +
    (filters.createdWithinDays ? 1 : 0) +
    (filters.kycExpiringWithinDays ? 1 : 0);

  return { filters, setFilters, nextPage, previousPage, clearFilters, activeFilterCount };
}

const EMPTY_FILTERS: Omit<CustomerFilters, 'sort' | 'order' | 'includeDeleted'> = {
  search: '',
  status: [],
  kycStatus: [],
  type: [],
  riskLevel: [],
  country: [],
  createdWithinDays: undefined,
  kycExpiringWithinDays: undefined,
  cursors: [],
};

const some = <T>(values: T[]) => (values.length > 0 ? values : undefined);

/** The filters the list, its count and the CSV export share. */
export function filterInputOf(f: CustomerFilters, mayIncludeDeleted: boolean) {
  return {
    search: f.search || undefined,
    status: some(f.status),
    kycStatus: some(f.kycStatus),
    type: some(f.type),
    riskLevel: some(f.riskLevel),
    country: some(f.country),
    createdWithinDays: f.createdWithinDays,
    kycExpiringWithinDays: f.kycExpiringWithinDays,
    includeDeleted: mayIncludeDeleted && f.includeDeleted,
  };
}

/** The CSV export's URL for what the list shows now (same filters and order, every page). */
export function exportUrlOf(f: CustomerFilters) {
  const params = new URLSearchParams();
  if (f.search) params.set('search', f.search);
  for (const key of ['status', 'kycStatus', 'type', 'riskLevel', 'country'] as const) {
    for (const v of f[key]) params.append(key, v);
  }
  if (f.createdWithinDays) params.set('createdWithinDays', String(f.createdWithinDays));
  if (f.kycExpiringWithinDays) params.set('kycExpiringWithinDays', String(f.kycExpiringWithinDays));
  params.set('sort', f.sort);
  params.set('order', f.order);
  return `/api/customers/export.csv?${params}`;
}

/** The `customers.list` input for these filters (deleted ones only when the role may see them). */
export function listInputOf(f: CustomerFilters, mayIncludeDeleted: boolean) {
  return {
    ...filterInputOf(f, mayIncludeDeleted),
    sort: f.sort,
    order: f.order,
    cursor: f.cursors.at(-1),
    limit: PAGE_SIZE,
  };
}
