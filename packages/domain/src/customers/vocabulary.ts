// The customer vocabulary as plain values, without zod: the console's first screens (filters, labels, the list)
// use these, and building schemas when a module loads costs them time before the first paint. The schemas
// over them are in enums.ts.

export const CUSTOMER_TYPES = ['individual', 'business'] as const;
export const CUSTOMER_STATUSES = ['pending', 'active', 'suspended', 'closed'] as const;
export const KYC_STATUSES = ['not_started', 'pending', 'verified', 'rejected', 'expired'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const CUSTOMER_SORTS = ['createdAt', 'name', 'number'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Each sort's natural direction: newest first, names and numbers A→Z. */
export const DEFAULT_SORT_ORDER: Record<CustomerSort, SortOrder> = { createdAt: 'desc', name: 'asc', number: 'asc' };

/** The list counts exactly up to this many matches, then says "10,000+" (a count never scans the whole table). */
export const CUSTOMER_COUNT_CAP = 10_000;

/** The longest windows the list's "created within" and "KYC expiring within" filters accept. */
export const CREATED_WITHIN_MAX_DAYS = 3660;
export const KYC_EXPIRING_MAX_DAYS = 365;

export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type KycStatus = (typeof KYC_STATUSES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];
