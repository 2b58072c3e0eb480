import {
  CUSTOMER_FIELDS,
  type Customer,
  type CustomerField,
  type CustomerType,
  customerCreateInput,
  customerUpdateInput,
  dateOfBirthProblem,
  type RiskLevel,
} from '@cm/domain';

export { CUSTOMER_FIELDS, type CustomerField };

/** What the form edits: every editable field (the domain's one list) as the text it shows. */
export type CustomerFormValues = Record<Exclude<CustomerField, 'type' | 'riskLevel'>, string> & {
  type: CustomerType;
  riskLevel: RiskLevel;
};

export type FormErrors = Partial<Record<CustomerField, string>>;

export const FIELD_LABELS: Record<CustomerField, string> = {
  type: 'Type',
  firstName: 'First name',
  lastName: 'Last name',
  companyName: 'Company name',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  state: 'State / province',
  postalCode: 'Postal code',
  country: 'Country',
  riskLevel: 'Risk level',
};

/** The form's value of a customer: every field as text, empty where the customer has none. */
export function valuesOf(c: Pick<Customer, CustomerField>): CustomerFormValues {
  const values = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, c[f] ?? ''])) as CustomerFormValues;
  return { ...values, type: c.type, riskLevel: c.riskLevel };
}

export const EMPTY_CUSTOMER: CustomerFormValues = {
  ...(Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, ''])) as CustomerFormValues),
  type: 'individual',
  riskLevel: 'medium',
};

/**
 * What is sent: fields the chosen type does not show are cleared, so no hidden value survives
 * a switch between individual and business.
 */
export function payloadOf(v: CustomerFormValues): CustomerFormValues {
  return v.type === 'business' ? { ...v, firstName: '', lastName: '', dateOfBirth: '' } : { ...v, companyName: '' };
}

function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0]) as CustomerField;
    if (field in FIELD_LABELS) errors[field] ??= issue.message;
  }
  return errors;
}

/** Client-side validation with the domain's own rules (the same zod schema the API parses). */
export function validateCustomer(values: CustomerFormValues, now: Date): FormErrors {
  const payload = payloadOf(values);
  const parsed = customerCreateInput.safeParse(payload);
  const errors = parsed.success ? {} : issuesToErrors(parsed.error.issues);
  if (payload.dateOfBirth && !errors.dateOfBirth) {
    const problem = dateOfBirthProblem(payload.dateOfBirth, now);
    if (problem) errors.dateOfBirth = problem;
  }
  return errors;
}

/** Fields whose sent value differs between two states of the form. */
export function changedFields(from: CustomerFormValues, to: CustomerFormValues): CustomerField[] {
  const a = payloadOf(from);
  const b = payloadOf(to);
  return CUSTOMER_FIELDS.filter((f) => a[f].trim() !== b[f].trim());
}

/** An update carries the version read and only the fields the user changed. */
export function updatePayload(base: Customer, values: CustomerFormValues) {
  const payload = payloadOf(values);
  const patch: Partial<CustomerFormValues> = {};
  for (const f of changedFields(valuesOf(base), values)) (patch as Record<string, string>)[f] = payload[f];
  const parsed = customerUpdateInput.safeParse({ id: base.id, version: base.version, ...patch });
  return parsed.success
    ? { ok: true as const, input: { id: base.id, version: base.version, ...patch } }
    : { ok: false as const, errors: issuesToErrors(parsed.error.issues) };
}

/** Server field errors (BAD_REQUEST, duplicate email…) keyed by our field names. */
export function serverFieldErrors(fieldErrors: Record<string, string[]>): { errors: FormErrors; other: string[] } {
  const errors: FormErrors = {};
  const other: string[] = [];
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (field in FIELD_LABELS) errors[field as CustomerField] = messages[0];
    else other.push(...messages);
  }
  return { errors, other };
}
