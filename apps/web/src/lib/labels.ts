import {
  DOCUMENT_CATEGORY_LABELS,
  KYC_DOCUMENT_TYPE_LABELS,
  NOTE_TYPE_LABELS,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
} from '@cm/domain';
import { FIELD_LABELS } from '../features/customers/customerFormModel';
import { humanize } from './format';

/**
 * How record fields and enum values read in the console (timelines, the audit log): one table, so
 * "proof_of_address" reads "Proof of address" and "issuedAt" reads "Issued on" everywhere.
 */
export const FIELD_NAMES: Record<string, string> = {
  ...FIELD_LABELS,
  status: 'Status',
  kycStatus: 'KYC status',
  documentType: 'Document type',
  documentNumber: 'Document number',
  issuingCountry: 'Issuing country',
  issuedAt: 'Issued on',
  expiresAt: 'Expires on',
  rejectionReason: 'Rejection reason',
  fileName: 'File',
  mimeType: 'File type',
  sizeBytes: 'Size',
  sha256: 'SHA-256',
  noteType: 'Note type',
  title: 'Title',
  content: 'Text',
  isPinned: 'Pinned',
  category: 'Category',
  description: 'Description',
  name: 'Name',
  role: 'Role',
  customerId: 'Customer ID',
  passwordChanged: 'Password changed',
  statusReason: 'Reason',
  priority: 'Priority',
  subject: 'Subject',
  assigneeId: 'Assignee ID',
  groupId: 'Queue ID',
  tags: 'Tags',
  search: 'Search',
  sort: 'Sort',
  permission: 'Permission',
  entity: 'Record',
  via: 'Via',
  filters: 'Filters',
};

/** Enum values by the field (and, where it differs, the kind of record) they belong to. */
const VALUE_LABELS: Record<string, Readonly<Record<string, string>>> = {
  documentType: KYC_DOCUMENT_TYPE_LABELS,
  noteType: NOTE_TYPE_LABELS,
  category: DOCUMENT_CATEGORY_LABELS,
  priority: TICKET_PRIORITY_LABELS,
  'ticket.status': TICKET_STATUS_LABELS,
  'ticket.type': TICKET_TYPE_LABELS,
};

/** Fields whose string values are enum values (shown through VALUE_LABELS or as words). */
const ENUM_FIELDS = new Set([
  'status',
  'kycStatus',
  'riskLevel',
  'type',
  'role',
  'documentType',
  'noteType',
  'category',
  'priority',
  'slaState',
  'via',
]);

/** "firstName" → "First name"; a field the table does not know still reads as words. */
export function fieldName(field: string): string {
  const known = FIELD_NAMES[field];
  if (known) return known;
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const label = words.replace(/\bkyc\b/, 'KYC').replace(/\bid\b/, 'ID');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function isEnumField(field: string): boolean {
  return ENUM_FIELDS.has(field);
}

/** "proof_of_address" → "Proof of address"; `entity` picks the table where a field name is shared. */
export function enumLabel(field: string, value: string, entity?: string): string {
  const table = (entity && VALUE_LABELS[`${entity}.${field}`]) || VALUE_LABELS[field];
  return table?.[value] ?? humanize(value);
}
