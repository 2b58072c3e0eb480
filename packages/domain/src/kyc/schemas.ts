import { z } from 'zod';
import { cursorSchema, limitSchema, page, safeText, uuid } from '../common';
import { countryCode, kycStatus } from '../customers/enums';
import { kycDocumentType, kycEffectiveStatus } from './document-types';
import { KYC_EXPIRING_SOON_DAYS } from './expiry';
import { kycOptionalCountry, kycOptionalDate, kycOptionalDocumentNumber } from './metadata';
import { KYC_REQUIREMENT_KEYS } from './requirements';
import { kycRejectionReason } from './review';

/** A KYC document as clients see it; `status` is the effective one (may be `expired`). */
export const kycDocumentOutput = z.object({
  id: z.string(),
  customerId: z.string(),
  documentType: kycDocumentType,
  documentNumber: z.string().nullable(),
  issuingCountry: z.string().nullable(),
  issuedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  status: kycEffectiveStatus,
  rejectionReason: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  deletedAt: z.string().nullable(),
  deletedBy: z.string().nullable(),
  version: z.number().int(),
});
export type KycDocument = z.infer<typeof kycDocumentOutput>;
export const kycDocumentPage = page(kycDocumentOutput);

export const kycListInput = z.object({ customerId: uuid, includeDeleted: z.boolean().default(false) });
export type KycListInput = z.input<typeof kycListInput>;

export const kycByIdInput = z.object({ customerId: uuid, documentId: uuid });
export type KycByIdInput = z.infer<typeof kycByIdInput>;
/** `kyc.verify` and `kyc.delete` take the same shape as `kyc.byId`. */
export const kycVerifyInput = kycByIdInput;
export const kycDeleteInput = kycByIdInput;

export const kycRejectInput = kycByIdInput.extend({ reason: kycRejectionReason.check(safeText({ multiline: true })) });
export type KycRejectInput = z.input<typeof kycRejectInput>;

/** Omitted fields stay as they are; blank or null clears an optional field. Dates: `checkKycDates` on the merged record. */
export const kycUpdateInput = kycByIdInput.extend({
  version: z.number().int().min(1),
  documentNumber: kycOptionalDocumentNumber,
  issuingCountry: kycOptionalCountry,
  issuedAt: kycOptionalDate,
  expiresAt: kycOptionalDate,
});
export type KycUpdateInput = z.input<typeof kycUpdateInput>;
export type KycUpdate = z.output<typeof kycUpdateInput>;

export const kycStatusInput = z.object({ customerId: uuid });

export const kycExpiringInput = z
  .object({
    withinDays: z.number().int().min(1).max(365).default(KYC_EXPIRING_SOON_DAYS),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .default({ withinDays: KYC_EXPIRING_SOON_DAYS, limit: 25 });
export type KycExpiringInput = z.input<typeof kycExpiringInput>;

export const kycUnmetRequirementOutput = z.object({
  key: z.enum(KYC_REQUIREMENT_KEYS),
  label: z.string(),
  documentTypes: z.array(kycDocumentType),
  reason: z.enum(['missing', 'pending', 'rejected', 'expired']),
});

/** `kyc.status`: the derived status, what is still needed and why, and documents expiring soon. */
export const kycStatusOutput = z.object({
  kycStatus,
  customerType: z.enum(['individual', 'business']),
  /** The whole checklist, met requirements included, in display order. */
  requirements: z.array(
    kycUnmetRequirementOutput.extend({ reason: z.enum(['verified', 'missing', 'pending', 'rejected', 'expired']) }),
  ),
  missing: z.array(kycUnmetRequirementOutput),
  expiringSoon: z.array(kycDocumentOutput),
});
export type KycStatusOutput = z.infer<typeof kycStatusOutput>;

/**
 * kyc.reviewQueue: every pending document across (non-deleted) customers, oldest upload first,
 * optionally of one type or of customers in one country (the customer's country of residence).
 */
export const kycReviewQueueInput = z
  .object({
    documentType: kycDocumentType.optional(),
    country: countryCode.optional(),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .default({ limit: 25 });
export type KycReviewQueueInput = z.input<typeof kycReviewQueueInput>;

export const kycReviewQueueItem = kycDocumentOutput.extend({
  customerNumber: z.string(),
  customerName: z.string(),
  customerType: z.enum(['individual', 'business']),
  customerCountry: z.string().nullable(),
});
/** A page of the queue plus how many documents match the filters in all. */
export const kycReviewQueuePage = page(kycReviewQueueItem).extend({ total: z.number().int() });
