import { z } from 'zod';
import { isCountryCode } from '../countries';
import { CUSTOMER_STATUSES, CUSTOMER_TYPES, KYC_STATUSES, RISK_LEVELS } from './vocabulary';

// The schemas of the customer vocabulary, without those that validate phones: users, KYC and the console
// use these, and importing them must not bring the phone-number metadata along.

export * from './vocabulary';

export const customerType = z.enum(CUSTOMER_TYPES);
export const customerStatus = z.enum(CUSTOMER_STATUSES);
export const kycStatus = z.enum(KYC_STATUSES);
export const riskLevel = z.enum(RISK_LEVELS);

export const countryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, 'Choose a country (ISO 3166-1 alpha-2 code, e.g. GB).');
