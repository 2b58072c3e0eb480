/**
 * Which values in an audit row's `changes` are personal (SPEC §14): wherever one of these keys
 * appears (at the top or inside `before`/`after`), its value is stored encrypted under the
 * customer's data key, so destroying that key on erasure leaves the row readable but the value
 * gone. Everything else (ids, statuses, enums, timestamps, counts) stays in clear so the timeline
 * and its filters keep working.
 */
export const AUDIT_PERSONAL_FIELDS = [
  // The customer's personal fields (CUSTOMER_FIELDS minus type, country of record and risk).
  'firstName',
  'lastName',
  'companyName',
  'email',
  'phone',
  'dateOfBirth',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'country',
  // Client users of the customer.
  'name',
  // Notes, documents, KYC documents, tickets: free text and file names may name the person.
  'title',
  'description',
  'content',
  'fileName',
  'documentNumber',
  'subject',
  'body',
  // Reasons are typed by staff and may say anything about the person.
  'reason',
  'statusReason',
  'rejectionReason',
] as const;
export type AuditPersonalField = (typeof AUDIT_PERSONAL_FIELDS)[number];

const PERSONAL = new Set<string>(AUDIT_PERSONAL_FIELDS);

export function isPersonalAuditField(key: string): key is AuditPersonalField {
  return PERSONAL.has(key);
}

/** What a personal value reads as once the customer's data key has been destroyed. */
export const AUDIT_ERASED = '[erased]';
/** What a personal value reads as when it cannot be decrypted (tampered with, or a key is missing). */
export const AUDIT_UNREADABLE = '[unreadable]';
