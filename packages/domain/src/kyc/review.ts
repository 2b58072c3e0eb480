import { z } from 'zod';
import { Forbidden, Invalid, PreconditionFailed } from '../errors';
import type { KycEffectiveStatus } from './document-types';
import { isExpired } from './expiry';

export type KycReviewableDocument = {
  status: KycEffectiveStatus;
  expiresAt: string | null;
  uploadedBy: string | null;
};

/** A rejection reason: trimmed, 3 to 1000 characters. */
export const kycRejectionReason = z
  .string({ message: 'Give a reason for the rejection.' })
  .trim()
  .min(3, 'Give a reason for the rejection (at least 3 characters).')
  .max(1000, 'At most 1000 characters.');

/** What a verification writes on the document. */
export type KycVerification = { status: 'verified'; verifiedBy: string; verifiedAt: string; rejectionReason: null };
/** What a rejection writes on the document (the reviewer is recorded in the audit trail). */
export type KycRejection = { status: 'rejected'; rejectionReason: string; verifiedBy: null; verifiedAt: null };

const isUploader = (doc: KycReviewableDocument, userId: string) =>
  doc.uploadedBy !== null && doc.uploadedBy.toLowerCase() === userId.toLowerCase();

function assertPending(doc: KycReviewableDocument, action: 'verified' | 'rejected'): void {
  if (doc.status !== 'pending') {
    throw new PreconditionFailed(`Only a pending document can be ${action}; this one is ${doc.status}.`, {
      status: doc.status,
    });
  }
}

function assertFourEyes(doc: KycReviewableDocument, userId: string, action: 'verify' | 'reject'): void {
  if (isUploader(doc, userId)) {
    throw new Forbidden(`You uploaded this document, so someone else must ${action} it (four-eyes rule).`);
  }
}

/**
 * pending → verified, by someone other than the uploader (four eyes), and only while the document
 * has not expired. Returns the fields to write.
 */
export function verifyDocument(doc: KycReviewableDocument, actorUserId: string, now: Date): KycVerification {
  assertPending(doc, 'verified');
  if (isExpired(doc, now)) {
    throw new PreconditionFailed('This document has expired and cannot be verified; ask for a current one.', {
      status: 'expired',
      expiresAt: doc.expiresAt,
    });
  }
  assertFourEyes(doc, actorUserId, 'verify');
  return { status: 'verified', verifiedBy: actorUserId, verifiedAt: now.toISOString(), rejectionReason: null };
}

/**
 * pending → rejected with a reason (trimmed, 3–1000 characters), by someone other than the uploader.
 * An expired pending document may still be rejected. Returns the fields to write.
 */
export function rejectDocument(doc: KycReviewableDocument, actorUserId: string, reason: string): KycRejection {
  assertPending(doc, 'rejected');
  assertFourEyes(doc, actorUserId, 'reject');
  const parsed = kycRejectionReason.safeParse(reason);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Give a reason for the rejection.';
    throw Invalid.field('reason', message);
  }
  return { status: 'rejected', rejectionReason: parsed.data, verifiedBy: null, verifiedAt: null };
}

/** Whether `userId` may verify the document now (for showing the action; permissions are separate). */
export function canVerify(doc: KycReviewableDocument, userId: string, now: Date): boolean {
  return doc.status === 'pending' && !isExpired(doc, now) && !isUploader(doc, userId);
}

/** Whether `userId` may reject the document (for showing the action; permissions are separate). */
export function canReject(doc: KycReviewableDocument, userId: string): boolean {
  return doc.status === 'pending' && !isUploader(doc, userId);
}

/**
 * Metadata of a reviewed (verified or rejected) document is frozen: it is what the reviewer checked.
 * Fixing it means uploading a new document. Pass the stored status: only `pending` is editable.
 */
export function assertKycEditable(doc: { status: KycEffectiveStatus }): void {
  if (doc.status !== 'pending') {
    throw new PreconditionFailed(`A ${doc.status} document cannot be changed; upload a new one instead.`, {
      status: doc.status,
    });
  }
}
