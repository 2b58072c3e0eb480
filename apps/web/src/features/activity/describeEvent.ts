import { AUDIT_ERASED, AUDIT_UNREADABLE, type AuditEvent } from '@cm/domain';
import { countryName } from '../../lib/countries';
import { humanize } from '../../lib/format';

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
  'permission.denied': 'Permission denied',
  'user.created': 'User created',
  'user.updated': 'User changed',
  'user.disabled': 'User disabled',
  'user.enabled': 'User enabled',
  'apiToken.created': 'API token created',
  'apiToken.revoked': 'API token revoked',
  'auth.password_changed': 'Password changed',
  'customer.kyc_status_changed': 'KYC status changed',
  'customers.exported': 'Customers exported',
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
  if (/(activated|verified|restored|created)$/.test(action)) return 'green';
  if (/(suspended|rejected|expired|login_failed|denied)$/.test(action)) return 'amber';
  if (/(closed|deleted|disabled)$/.test(action)) return 'red';
  if (action.startsWith('auth.')) return 'slate';
  return 'indigo';
}

/** Audit rows name fields as the API does (firstName, deletedAt); each reads as words. */
export function fieldLabel(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const label = words.replace(/\bkyc\b/, 'KYC').replace(/\bid\b/, 'ID');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

const ENUM_FIELDS = new Set(['status', 'kycStatus', 'riskLevel', 'type', 'role']);

export function fieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') {
    // Personal values whose customer was erased (or that could not be decrypted) are never formatted.
    if (value === AUDIT_ERASED) return 'Erased';
    if (value === AUDIT_UNREADABLE) return 'Unreadable';
    if (field === 'country') return countryName(value);
    if (ENUM_FIELDS.has(field)) return humanize(value);
    if (/At$/.test(field) && !Number.isNaN(Date.parse(value))) return new Date(value).toLocaleString('en-GB');
    return value;
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
  hasBefore: boolean;
}

export interface EventDetails {
  changes: FieldChange[];
  reason?: string;
  /** Anything else the event carried (e.g. the email of a failed sign-in). */
  extra: { label: string; value: string }[];
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Turns an event's `changes` ({before, after, reason, …}) into rows to show. */
export function eventDetails(event: AuditEvent): EventDetails {
  const raw = event.changes ?? {};
  const before = asRecord(raw.before);
  const after = asRecord(raw.after);
  const reason = typeof raw.reason === 'string' ? raw.reason : undefined;
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    // The reason is shown on its own; repeating it as "status reason" adds nothing.
    (f) => !(reason && f === 'statusReason'),
  );
  const changes = fields.map((field) => ({
    field,
    before: before?.[field],
    after: after?.[field],
    hasBefore: before !== undefined && field in before,
  }));
  const extra = Object.entries(raw)
    .filter(([k]) => k !== 'before' && k !== 'after' && k !== 'reason')
    .map(([k, v]) => ({ label: fieldLabel(k), value: fieldValue(k, v) }));
  return { changes, reason, extra };
}
