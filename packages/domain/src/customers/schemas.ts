import { z } from 'zod';
import { cursorSchema, limitSchema, optionalText, page, text, uuid } from '../common';
import {
  CREATED_WITHIN_MAX_DAYS,
  CUSTOMER_SORTS,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  type CustomerType,
  countryCode,
  customerStatus,
  customerType,
  KYC_EXPIRING_MAX_DAYS,
  KYC_STATUSES,
  kycStatus,
  RISK_LEVELS,
  riskLevel,
  SORT_ORDERS,
} from './enums';
import { normalizePhone } from './phone';

const dateOnly = z.preprocess(
  (v) => (v === '' ? null : v),
  z.iso.date({ message: 'Use a date in the form YYYY-MM-DD.' }).nullish(),
);

/** The editable fields of a customer; all shapes below are built from this one. */
const customerFields = {
  type: customerType,
  firstName: optionalText(100),
  lastName: optionalText(100),
  companyName: optionalText(200),
  email: text().max(254).pipe(z.email('Enter a valid email address.')),
  phone: optionalText(40),
  dateOfBirth: dateOnly,
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  state: optionalText(100),
  postalCode: optionalText(20),
  country: countryCode,
  riskLevel: riskLevel,
};

/** A customer's editable fields by API name: audit, export, the form and the column mapping read this one list. */
export const CUSTOMER_FIELDS = Object.keys(customerFields) as (keyof typeof customerFields)[];
export type CustomerField = keyof typeof customerFields;

type ShapeInput = {
  type?: CustomerType;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  dateOfBirth?: string | null;
  phone?: string | null;
  country?: string;
};

/** Cross-field rules: what an individual and a business each require; phone valid for the country. */
export function customerShapeIssues(c: ShapeInput): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (c.type === 'individual') {
    if (!c.firstName) issues.push({ path: 'firstName', message: 'First name is required.' });
    if (!c.lastName) issues.push({ path: 'lastName', message: 'Last name is required.' });
  }
  if (c.type === 'business') {
    if (!c.companyName) issues.push({ path: 'companyName', message: 'Company name is required.' });
    if (c.dateOfBirth) issues.push({ path: 'dateOfBirth', message: 'A business has no date of birth.' });
  }
  if (c.phone) {
    const phone = normalizePhone(c.phone, c.country);
    if (!phone.ok) issues.push({ path: 'phone', message: phone.message });
  }
  return issues;
}

export const customerCreateInput = z
  .object({ ...customerFields, riskLevel: riskLevel.default('medium') })
  .superRefine((c, ctx) => {
    for (const issue of customerShapeIssues(c)) {
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    }
  });
export type CustomerCreateInput = z.input<typeof customerCreateInput>;
export type CustomerCreate = z.output<typeof customerCreateInput>;

/** Updates carry the version the client read; omitted fields stay as they are. */
export const customerUpdateInput = z
  .object(customerFields)
  .partial()
  .extend({ id: uuid, version: z.number().int().min(1) });
export type CustomerUpdateInput = z.input<typeof customerUpdateInput>;
export type CustomerUpdate = z.output<typeof customerUpdateInput>;

/** One value or several (a list filter matches any of them); always an array after parsing. */
function oneOrMany<T extends z.ZodType>(item: T, max: number) {
  return z
    .union([item, z.array(item).min(1).max(max)])
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]) as z.output<T>[])]);
}

/** A window of 1…max whole days. */
const days = (max: number) =>
  z
    .number({ message: 'Give a number of days.' })
    .int('Give a whole number of days.')
    .min(1, 'Give at least 1 day.')
    .max(max, `Give at most ${max} days.`)
    .optional();

/** The filters of the customer list, shared by the list, its count and the CSV export. */
export const customerListFilters = z.object({
  status: oneOrMany(customerStatus, CUSTOMER_STATUSES.length).optional(),
  kycStatus: oneOrMany(kycStatus, KYC_STATUSES.length).optional(),
  type: oneOrMany(customerType, CUSTOMER_TYPES.length).optional(),
  riskLevel: oneOrMany(riskLevel, RISK_LEVELS.length).optional(),
  country: oneOrMany(countryCode, 50).optional(),
  search: text().max(100).optional(),
  /** Created in the last N days (N × 24 h back from now): the dashboard's "New in 30 days". */
  createdWithinDays: days(CREATED_WITHIN_MAX_DAYS),
  /**
   * Has a KYC document expiring within N days (today included), by the same rule as the dashboard's
   * count of expiring documents (see expiringWindow): live, not rejected, not yet expired.
   */
  kycExpiringWithinDays: days(KYC_EXPIRING_MAX_DAYS),
  includeDeleted: z.boolean().default(false),
});
export type CustomerListFilters = z.output<typeof customerListFilters>;

export const customerListInput = customerListFilters
  .extend({
    sort: z.enum(CUSTOMER_SORTS).default('createdAt'),
    /** Omitted: the sort's natural direction (see DEFAULT_SORT_ORDER). */
    order: z.enum(SORT_ORDERS).optional(),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .default({ sort: 'createdAt', limit: 25, includeDeleted: false });
export type CustomerListInput = z.output<typeof customerListInput>;

export const customerCountInput = customerListFilters.default({ includeDeleted: false });
/** `total` is exact when `exact`; otherwise there are more than CUSTOMER_COUNT_CAP matches. */
export const customerCountOutput = z.object({ total: z.number().int().min(0), exact: z.boolean() });
export type CustomerCount = z.infer<typeof customerCountOutput>;

// In their own module: the console's reason dialog needs them without the phone rules this one carries.
export { customerIdInput, customerReasonInput } from './reason';

export const customerOutput = z.object({
  id: z.string(),
  customerNumber: z.string(),
  type: customerType,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  companyName: z.string().nullable(),
  displayName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string(),
  status: customerStatus,
  statusReason: z.string().nullable(),
  kycStatus: kycStatus,
  riskLevel: riskLevel,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  deletedAt: z.string().nullable(),
  deletedBy: z.string().nullable(),
  version: z.number().int(),
});
export type Customer = z.infer<typeof customerOutput>;

export const customerPage = page(customerOutput);

export const customerStatsOutput = z.object({
  byStatus: z.record(customerStatus, z.number().int()),
  byKycStatus: z.record(kycStatus, z.number().int()),
  byType: z.record(customerType, z.number().int()),
  newLast30Days: z.number().int(),
  kycExpiringNext30Days: z.number().int(),
});
export type CustomerStats = z.infer<typeof customerStatsOutput>;

/** The name staff see: the company for a business, "First Last" for an individual. */
export function customerDisplayName(c: {
  type: CustomerType;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
}): string {
  if (c.type === 'business') return c.companyName ?? '';
  return [c.firstName, c.lastName].filter(Boolean).join(' ');
}
