import {
  type CustomerType,
  DEFAULT_KYC_MAX_FILE_MB,
  type FieldErrors,
  type KycDocument,
  type KycDocumentType,
  type KycEffectiveStatus,
  type KycRequirement,
  type KycRequirementState,
  type KycStatusOutput,
  kycDateProblems,
  kycExtensionOf,
  kycRequirementsFor,
  kycUploadMetadataInput,
  maxFileBytes,
} from '@cm/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Tone } from '../../components/Badge';
import { trpc } from '../../lib/trpc';

export const kycUploadUrl = (customerId: string) => `/api/customers/${encodeURIComponent(customerId)}/kyc`;
export const kycDownloadUrl = (customerId: string, documentId: string) =>
  `/api/customers/${encodeURIComponent(customerId)}/kyc/${encodeURIComponent(documentId)}/download`;

export const DOC_STATUS_TONE: Record<KycEffectiveStatus, Tone> = {
  pending: 'sky',
  verified: 'green',
  rejected: 'red',
  expired: 'orange',
};

export const DOC_STATUS_LABEL: Record<KycEffectiveStatus, string> = {
  pending: 'Pending review',
  verified: 'Verified',
  rejected: 'Rejected',
  expired: 'Expired',
};

/**
 * After any KYC change: the documents, the checklist, the expiring list, the customer (its KYC badge),
 * the customer lists and stats, and the activity timeline.
 */
export function useKycRefresh(customerId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.kyc.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.customers.byId.queryKey({ id: customerId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.customers.stats.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]),
    [queryClient, customerId],
  );
}

// ---------------------------------------------------------------------------------------------
// Checklist

export interface ChecklistRow {
  key: KycRequirement['key'];
  label: string;
  documentTypes: readonly KycDocumentType[];
  state: KycRequirementState;
  /** The document that explains the state (the verified one, the one waiting, the rejected one…). */
  document?: KycDocument;
}

const uploadedTime = (d: KycDocument) => Date.parse(d.uploadedAt);
const newestFirst = (a: KycDocument, b: KycDocument) => uploadedTime(b) - uploadedTime(a);

/**
 * Every requirement of the customer type with its state. The state comes from the API (`kyc.status`
 * lists the unmet ones with their reason); a requirement it does not list is met.
 */
export function buildChecklist(
  customerType: CustomerType,
  status: KycStatusOutput,
  docs: readonly KycDocument[],
): ChecklistRow[] {
  return kycRequirementsFor(customerType).map((req) => {
    const unmet = status.missing.find((m) => m.key === req.key);
    const state: KycRequirementState = unmet ? unmet.reason : 'verified';
    const mine = docs.filter((d) => req.documentTypes.includes(d.documentType)).sort(newestFirst);
    const document =
      state === 'rejected' ? mine[0] : state === 'missing' ? undefined : mine.find((d) => d.status === state);
    return { key: req.key, label: unmet?.label ?? req.label, documentTypes: req.documentTypes, state, document };
  });
}

// ---------------------------------------------------------------------------------------------
// Upload form

export interface KycUploadMeta {
  documentType: KycDocumentType | '';
  documentNumber: string;
  issuingCountry: string;
  issuedAt: string;
  expiresAt: string;
}

export const emptyKycMeta = (): KycUploadMeta => ({
  documentType: '',
  documentNumber: '',
  issuingCountry: '',
  issuedAt: '',
  expiresAt: '',
});

/** The file itself: an accepted extension (domain rule) and within the server's size limit. */
export function checkKycFile(file: File, maxMb: number = DEFAULT_KYC_MAX_FILE_MB): string | undefined {
  try {
    kycExtensionOf(file.name);
  } catch (err) {
    return err instanceof Error ? err.message : 'This kind of file is not accepted.';
  }
  if (file.size === 0) return 'The file is empty.';
  if (file.size > maxFileBytes(maxMb)) return `The file is larger than the ${maxMb} MB limit.`;
  return undefined;
}

/** The same rules as the API: the metadata schema, then the date rules with today's date. */
export function validateKycMeta(meta: KycUploadMeta, now = new Date()): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    const list = errors[field] ?? [];
    if (!list.includes(message)) errors[field] = [...list, message];
  };
  const parsed = kycUploadMetadataInput.safeParse(meta);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(String(issue.path[0] ?? 'documentType'), issue.message);
  }
  if (meta.documentType) {
    const dates = kycDateProblems(
      { documentType: meta.documentType, issuedAt: meta.issuedAt || null, expiresAt: meta.expiresAt || null },
      now,
    );
    for (const [field, messages] of Object.entries(dates)) for (const m of messages) add(field, m);
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY = 86_400_000;

/** Whole days from today (UTC) to an ISO date: 0 today, 1 tomorrow, negative in the past. */
export function daysUntil(isoDate: string, now = new Date()): number {
  const target = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((target - today) / DAY);
}

export function expiresInText(days: number): string {
  if (days < 0) return `Expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'Expires today';
  if (days === 1) return 'Expires tomorrow';
  return `Expires in ${days} days`;
}

/** Tomorrow as YYYY-MM-DD (UTC), the earliest accepted expiry date. */
export function tomorrowIso(now = new Date()): string {
  return new Date(now.getTime() + DAY).toISOString().slice(0, 10);
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
