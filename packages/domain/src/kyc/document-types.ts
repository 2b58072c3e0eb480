import { z } from 'zod';

export const KYC_DOCUMENT_TYPES = [
  'passport',
  'national_id',
  'drivers_license',
  'proof_of_address',
  'bank_statement',
  'tax_certificate',
  'business_registration',
] as const;
export const kycDocumentType = z.enum(KYC_DOCUMENT_TYPES, { message: 'Choose a document type.' });
export type KycDocumentType = z.infer<typeof kycDocumentType>;

/** Documents that prove who a person is; any one of them meets an identity requirement. */
export const IDENTITY_DOCUMENT_TYPES = [
  'passport',
  'national_id',
  'drivers_license',
] as const satisfies readonly KycDocumentType[];
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

/** Names people read in messages and in the console. */
export const KYC_DOCUMENT_TYPE_LABELS: Readonly<Record<KycDocumentType, string>> = {
  passport: 'Passport',
  national_id: 'National ID card',
  drivers_license: "Driver's license",
  proof_of_address: 'Proof of address',
  bank_statement: 'Bank statement',
  tax_certificate: 'Tax certificate',
  business_registration: 'Business registration',
};

/** Whether a document type is one of the identity documents. */
export function isIdentityDocumentType(type: KycDocumentType): type is IdentityDocumentType {
  return (IDENTITY_DOCUMENT_TYPES as readonly KycDocumentType[]).includes(type);
}

/** Identity documents (passport, national ID, driver's license) must carry an expiry date. */
export function requiresExpiry(type: KycDocumentType): boolean {
  return isIdentityDocumentType(type);
}

/** What is stored. `expired` is never stored: it is read from `expiresAt` and the date (see `effectiveDocumentStatus`). */
export const KYC_DOCUMENT_STATUSES = ['pending', 'verified', 'rejected'] as const;
export const kycDocumentStatus = z.enum(KYC_DOCUMENT_STATUSES);
export type KycDocumentStatus = z.infer<typeof kycDocumentStatus>;

/** What is shown: the stored status, or `expired` once the expiry date has passed. */
export const KYC_EFFECTIVE_STATUSES = [...KYC_DOCUMENT_STATUSES, 'expired'] as const;
export const kycEffectiveStatus = z.enum(KYC_EFFECTIVE_STATUSES);
export type KycEffectiveStatus = z.infer<typeof kycEffectiveStatus>;
