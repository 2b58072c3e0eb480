import { AUDIT_ERASED, AUDIT_UNREADABLE, type AuditEvent } from '@cm/domain';
import { countryName } from '../../lib/countries';
import { formatDate, formatDateTime, humanize } from '../../lib/format';
import { enumLabel, fieldName, isEnumField } from '../../lib/labels';
import { formatBytes } from '../uploads/fileKinds';

const ACTION_TITLES: Record<string, string> = {
  'customer.created': 'Customer created',
  'customer.updated': 'Details changed',
  'customer.activated': 'Customer activated',
  'customer.suspended': 'Customer suspended',
  'customer.closed': 'Customer closed',
  'customer.deleted': 'Customer deleted',
  'customer.restored': 'Customer restored',
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.login_failed': 'Failed sign-in',
  'auth.login_throttled': 'Sign-in blocked (too many attempts)',
  'auth.password_change_failed': 'Password change refused',
  'permission.denied': 'Permission denied',
  'access.denied': 'Access refused',
  'user.created': 'User created',
  'user.updated': 'User changed',
  'user.disabled': 'User disabled',
  'user.enabled': 'User re-enabled',
  'user.password_reset': 'Password reset by an admin',
  'auth.password_changed': 'Password changed',
  'customer.kyc_status_changed': 'KYC status changed',
  'customers.exported': 'Customers exported',
  'audit.exported': 'Audit log exported',
  'apiToken.created': 'API token created',
  'apiToken.revoked': 'API token revoked',
  'customers.imported': 'Customers imported',
  'kyc.uploaded': 'KYC document uploaded',
  'kyc.verified': 'KYC document verified',
  'kyc.rejected': 'KYC document rejected',
  'kyc.updated': 'KYC document details changed',
  'kyc.deleted': 'KYC document deleted',
  'kyc.downloaded': 'KYC document downloaded',
  'kyc.viewed': 'KYC document viewed',
  'note.created': 'Note added',
  'note.updated': 'Note edited',
  'note.pinned': 'Note pinned',
  'note.unpinned': 'Note unpinned',
  'note.deleted': 'Note deleted',
  'document.uploaded': 'Document uploaded',
  'document.updated': 'Document details changed',
  'document.deleted': 'Document deleted',
  'document.downloaded': 'Document downloaded',
  'document.viewed': 'Document viewed',
};

/** "customer.closed" → "Customer closed"; unknown actions (from later features) still read well. */
export function actionTitle(action: string): string {
  return ACTION_TITLES[action] ?? humanize(action.replace('.', ' '));
}

export type ActionTone = 'green' | 'amber' | 'red' | 'slate' | 'indigo';

export function actionTone(action: string): ActionTone {
  if (/(activated|verified|restored|created|enabled)$/.test(action)) return 'green';
  if (/(suspended|rejected|expired|login_failed|denied|throttled|change_failed)$/.test(action)) return 'amber';
  if (/(closed|deleted|disabled)$/.test(action)) return 'red';
  if (action.startsWith('auth.')) return 'slate';
  return 'indigo';
}

/** Audit rows name fields as the API does (firstName, deletedAt); each reads as words. */
export const fieldLabel = fieldName;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value as a person reads it: labels for enum values, formatted dates and sizes, never raw JSON. */
export function fieldValue(field: string, value: unknown, entity?: string): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') {
    // Personal values whose customer was erased (or that could not be decrypted) are never formatted.
    if (value === AUDIT_ERASED) return 'Erased';
    if (value === AUDIT_UNREADABLE) return 'Unreadable';
    if (field === 'country' || field === 'issuingCountry') return countryName(value);
    if (isEnumField(field)) return enumLabel(field, value, entity);
    if (DAY.test(value)) return formatDate(value);
    if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return field === 'sizeBytes' ? formatBytes(value) : value.toLocaleString('en-GB');
  if (Array.isArray(value)) return value.length ? value.map((v) => fieldValue(field, v, entity)).join(', ') : '(none)';
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${fieldName(k)}: ${fieldValue(k, v, entity)}`);
    return parts.length ? parts.join(', ') : '(none)';
  }
  return String(value);
}

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
  hasBefore: boolean;
}

export interface Fact {
  label: string;
  value: string;
  /** The API name of the field the value is from, when it is one. */
  field?: string;
}

export interface EventDetails {
  /** What changed, "field: before → after". */
  changes: FieldChange[];
  reason?: string;
  /** The customer's KYC status moved with this event, as a sentence. */
  kycStatusSentence?: string;
  /** Plain facts about the event (document type, file, size, email of a failed sign-in…). */
  facts: Fact[];
  /** Hashes, raw byte counts, ids, request id and IP: folded away under "Technical details". */
  technical: Fact[];
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const isTechnical = (key: string) => key === 'sha256' || key === 'mimeType' || /(^id|Id|Key)$/.test(key);

/** Turns an event's `changes` ({before, after, reason, kycStatus, …}) into what a timeline shows. */
export function eventDetails(event: AuditEvent): EventDetails {
  const raw = event.changes ?? {};
  const entity = event.entityType;
  const before = asRecord(raw.before);
  const after = asRecord(raw.after);
  const reason = typeof raw.reason === 'string' ? raw.reason : undefined;
  const technical: Fact[] = [];
  const facts: Fact[] = [];
  const note = (key: string, value: unknown) => {
    if (isTechnical(key)) technical.push({ label: fieldName(key), value: String(value) });
    else facts.push({ label: fieldName(key), value: fieldValue(key, value, entity), field: key });
    if (key === 'sizeBytes' && typeof value === 'number') {
      technical.push({ label: 'Size in bytes', value: value.toLocaleString('en-GB') });
    }
  };

  const created = before === undefined && after !== undefined;
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    // The reason is shown on its own; repeating it as "status reason" adds nothing.
    (f) => !(reason && f === 'statusReason'),
  );
  const changes: FieldChange[] = [];
  for (const field of fields) {
    // What an upload or creation recorded about itself is a fact, not a change; hashes are technical.
    if (created || isTechnical(field)) {
      if (after && field in after && after[field] !== null && after[field] !== undefined) note(field, after[field]);
      continue;
    }
    const hasBefore = before !== undefined && field in before;
    changes.push({
      field,
      label: fieldName(field),
      hasBefore,
      before: fieldValue(field, before?.[field], entity),
      after: after && field in after ? fieldValue(field, after[field], entity) : '(removed)',
    });
  }

  let kycStatusSentence: string | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'before' || key === 'after' || key === 'reason') continue;
    const move = asRecord(value);
    if (key === 'kycStatus' && move && 'after' in move) {
      const from = typeof move.before === 'string' ? enumLabel('kycStatus', move.before) : null;
      const to = enumLabel('kycStatus', String(move.after));
      kycStatusSentence = from
        ? `The customer's KYC status changed from ${from} to ${to}.`
        : `The customer's KYC status is now ${to}.`;
      continue;
    }
    note(key, value);
  }
  if (event.action === 'customer.kyc_status_changed' && !kycStatusSentence && before && after) {
    kycStatusSentence = `The customer's KYC status changed from ${fieldValue('kycStatus', before.kycStatus)} to ${fieldValue('kycStatus', after.kycStatus)}.`;
  }

  if (event.entityId) technical.push({ label: `${humanize(entity)} ID`, value: event.entityId });
  if (event.customerId) technical.push({ label: 'Customer ID', value: event.customerId });
  if (event.requestId) technical.push({ label: 'Request ID', value: event.requestId });
  if (event.clientIp) technical.push({ label: 'IP address', value: event.clientIp });
  technical.push({ label: 'Event', value: `${event.action} #${event.id}` });
  return { changes, reason, kycStatusSentence, facts, technical };
}
