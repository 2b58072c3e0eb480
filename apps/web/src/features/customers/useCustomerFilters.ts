import {
  CUSTOMER_SORTS,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  type CustomerStatus,
  type CustomerType,
  isCountryCode,
  KYC_STATUSES,
  type KycStatus,
  RISK_LEVELS,
  type RiskLevel,
} from '@cm/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZE = 25;

export interface CustomerFilters {
  search: string;
  status?: CustomerStatus;
  kycStatus?: KycStatus;
  type?: CustomerType;
  riskLevel?: RiskLevel;
  country?: string;
  sort: (typeof CUSTOMER_SORTS)[number];
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
  sort: 'sort',
  includeDeleted: 'deleted',
  cursors: 'page',
} as const;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function parseFilters(params: URLSearchParams): CustomerFilters {
  const country = params.get(P.country)?.toUpperCase();
  return {
    search: params.get(P.search)?.trim() ?? '',
    status: oneOf(CUSTOMER_STATUSES, params.get(P.status)),
    kycStatus: oneOf(KYC_STATUSES, params.get(P.kycStatus)),
    type: oneOf(CUSTOMER_TYPES, params.get(P.type)),
    riskLevel: oneOf(RISK_LEVELS, params.get(P.riskLevel)),
    country: country && isCountryCode(country) ? country : undefined,
    sort: oneOf(CUSTOMER_SORTS, params.get(P.sort)) ?? 'createdAt',
    includeDeleted: params.get(P.includeDeleted) === '1',
    // Cursors are base64url, so '.' can join them without escaping.
    cursors: (params.get(P.cursors) ?? '').split('.').filter(Boolean),
  };
}

export function serializeFilters(f: CustomerFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.search) params.set(P.search, f.search);
  if (f.status) params.set(P.status, f.status);
  if (f.kycStatus) params.set(P.kycStatus, f.kycStatus);
  if (f.type) params.set(P.type, f.type);
  if (f.riskLevel) params.set(P.riskLevel, f.riskLevel);
  if (f.country) params.set(P.country, f.country);
  if (f.sort !== 'createdAt') params.set(P.sort, f.sort);
  if (f.includeDeleted) params.set(P.includeDeleted, '1');
  if (f.cursors.length) params.set(P.cursors, f.cursors.join('.'));
  return params;
}

export type FilterPatch = Partial<Omit<CustomerFilters, 'cursors'>>;

/** The list's search, filters, sort and page, all kept in the URL so any view can be bookmarked. */
export function useCustomerFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);

  /** Any change of what is listed starts again from the first page. */
  const setFilters = useCallback(
    (patch: FilterPatch, opts: { replace?: boolean } = {}) => {
      setParams((current) => serializeFilters({ ...parseFilters(current), ...patch, cursors: [] }), opts);
    },
    [setParams],
  );

  const nextPage = useCallback(
    (cursor: string) =>
      setParams((current) => {
        const f = parseFilters(current);
        return serializeFilters({ ...f, cursors: [...f.cursors, cursor] });
      }),
    [setParams],
  );

  const previousPage = useCallback(
    () =>
      setParams((current) => {
        const f = parseFilters(current);
        return serializeFilters({ ...f, cursors: f.cursors.slice(0, -1) });
      }),
    [setParams],
  );

  const clearFilters = useCallback(
    () => setParams((current) => serializeFilters({ ...parseFilters(current), ...EMPTY_FILTERS })),
    [setParams],
  );

  const activeFilterCount = [
    filters.status,
    filters.kycStatus,
    filters.type,
    filters.riskLevel,
    filters.country,
  ].filter(Boolean).length;

  return { filters, setFilters, nextPage, previousPage, clearFilters, activeFilterCount };
}

const EMPTY_FILTERS: Omit<CustomerFilters, 'sort' | 'includeDeleted'> = {
  search: '',
  status: undefined,
  kycStatus: undefined,
  type: undefined,
  riskLevel: undefined,
  country: undefined,
  cursors: [],
};

/** The `customers.list` input for these filters (deleted ones only when the role may see them). */
export function listInputOf(f: CustomerFilters, mayIncludeDeleted: boolean) {
  return {
    search: f.search || undefined,
    status: f.status,
    kycStatus: f.kycStatus,
    type: f.type,
    riskLevel: f.riskLevel,
    country: f.country,
    sort: f.sort,
    cursor: f.cursors.at(-1),
    limit: PAGE_SIZE,
    includeDeleted: mayIncludeDeleted && f.includeDeleted,
  };
}
