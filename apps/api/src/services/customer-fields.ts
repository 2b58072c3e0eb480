import type { CustomerRow } from '@cm/db';
import { CUSTOMER_FIELDS, type Customer, type CustomerField } from '@cm/domain';

/**
 * Where each editable customer field is stored: the one place an API name meets its column. The
 * row → output mapping, the update merge and the writes all go through it.
 */
export const CUSTOMER_COLUMNS = {
  type: 'type',
  firstName: 'first_name',
  lastName: 'last_name',
  companyName: 'company_name',
  email: 'email',
  phone: 'phone',
  dateOfBirth: 'date_of_birth',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  country: 'country',
  riskLevel: 'risk_level',
} as const satisfies Record<CustomerField, keyof CustomerRow>;

/** The editable fields of a customer under their API names. */
export type CustomerFieldValues = Pick<Customer, CustomerField>;

/** The same values under their column names, ready for an insert or update. */
export type CustomerColumnValues = {
  [F in CustomerField as (typeof CUSTOMER_COLUMNS)[F]]: CustomerFieldValues[F];
};

/** A stored customer's editable fields, by API name. */
export function customerFieldsOf(row: CustomerRow): CustomerFieldValues {
  // A plain loop, not entries → fromEntries → spread: every listed customer goes through here.
  const values: Record<string, unknown> = {};
  for (const [field, column] of FIELD_COLUMNS) values[field] = row[column];
  // `country` is a char(2) column: read it without padding.
  values.country = row.country.trim();
  return values as CustomerFieldValues;
}

const FIELD_COLUMNS = CUSTOMER_FIELDS.map((f) => [f, CUSTOMER_COLUMNS[f]] as const);

/** Editable fields by API name → the columns that store them. */
export function customerColumnsOf(values: CustomerFieldValues): CustomerColumnValues {
  return Object.fromEntries(CUSTOMER_FIELDS.map((f) => [CUSTOMER_COLUMNS[f], values[f]])) as CustomerColumnValues;
}
