import { Conflict } from '../errors';
import { KYC_DOCUMENT_TYPE_LABELS, type KycDocumentType, type KycEffectiveStatus } from './document-types';
import { isExpired } from './expiry';

export type KycDuplicateCandidate = {
  id: string;
  documentType: KycDocumentType;
  status: KycEffectiveStatus;
  expiresAt: string | null;
  sha256: string;
  deletedAt?: string | Date | null;
};

export type KycDuplicate = { reason: 'same_type' | 'same_content'; documentId: string };

/**
 * SPEC §3 duplicates, among one customer's documents: the same file (SHA-256) as any non-deleted
 * document, whatever its status; or the same type as a non-deleted document that still counts
 * (pending or verified, not expired). Same content wins when both apply, being the more specific.
 */
export function findDuplicate(
  existing: readonly KycDuplicateCandidate[],
  upload: { documentType: KycDocumentType; sha256: string },
  now: Date,
): KycDuplicate | null {
  const live = existing.filter((d) => !d.deletedAt);
  const sha = upload.sha256.toLowerCase();
  const sameContent = live.find((d) => d.sha256.toLowerCase() === sha);
  if (sameContent) return { reason: 'same_content', documentId: sameContent.id };
  const sameType = live.find(
    (d) =>
      d.documentType === upload.documentType && d.status !== 'rejected' && d.status !== 'expired' && !isExpired(d, now),
  );
  if (sameType) return { reason: 'same_type', documentId: sameType.id };
  return null;
}

/** Throws CONFLICT (with `reason` and `documentId` in the data) when `findDuplicate` finds one. */
export function assertNoDuplicate(
  existing: readonly KycDuplicateCandidate[],
  upload: { documentType: KycDocumentType; sha256: string },
  now: Date,
): void {
  const dup = findDuplicate(existing, upload, now);
  if (!dup) return;
  const message =
    dup.reason === 'same_content'
      ? 'This file has already been uploaded for this customer.'
      : `This customer already has a current ${KYC_DOCUMENT_TYPE_LABELS[upload.documentType]} (pending or verified). ` +
        'Another can be uploaded once that one is rejected, expired or deleted.';
  throw new Conflict(message, { ...dup });
}
