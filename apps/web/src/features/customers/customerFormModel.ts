import {
  type Customer,
  type CustomerType,
  customerCreateInput,
  customerUpdateInput,
  dateOfBirthProblem,
  type RiskLevel,
} from '@cm/domain';

/** What the form edits: every input as the text it shows. */
export interface CustomerFormValues {
  type: CustomerType;
  firstName: string;
  lastName: string;
  companyName: string;
  dateOfBirth: string;
  email: string;
  phone: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  riskLevel: RiskLevel;
}

export type CustomerField = keyof CustomerFormValues;
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

export const CUSTOMER_FIELDS = Object.keys(FIELD_LABELS) as CustomerField[];

export const EMPTY_CUSTOMER: CustomerFormValues = {
  type: 'individual',
  firstName: '',
  lastName: '',
  companyName: '',
  dateOfBirth: '',
  email: '',
  phone: '',
  addressLine1: '',
  addressLine2: '',
  city: '',
  state: '',
  postalCode: '',
  country: '',
  riskLevel: 'medium',
};

export function valuesOf(c: Customer): CustomerFormValues {
  return {
    type: c.type,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    companyName: c.companyName ?? '',
    dateOfBirth: c.dateOfBirth ?? '',
    email: c.email,
    phone: c.phone ?? '',
    addressLine1: c.addressLine1 ?? '',
    addressLine2: c.addressLine2 ?? '',
    city: c.city ?? '',
    state: c.state ?? '',
    postalCode: c.postalCode ?? '',
    country: c.country,
    riskLevel: c.riskLevel,
  };
}

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
