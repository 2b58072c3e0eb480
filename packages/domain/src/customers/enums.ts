import { z } from 'zod';
import { isCountryCode } from '../countries';

// The customer vocabulary without the schemas that validate phones: users, KYC and the console's first
// screens use these, and importing them must not bring the phone-number metadata along.

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

export const customerType = z.enum(CUSTOMER_TYPES);
export const customerStatus = z.enum(CUSTOMER_STATUSES);
export const kycStatus = z.enum(KYC_STATUSES);
export const riskLevel = z.enum(RISK_LEVELS);

export type CustomerType = z.infer<typeof customerType>;
export type CustomerStatus = z.infer<typeof customerStatus>;
export type KycStatus = z.infer<typeof kycStatus>;
export type RiskLevel = z.infer<typeof riskLevel>;

export const countryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, 'Choose a country (ISO 3166-1 alpha-2 code, e.g. GB).');
