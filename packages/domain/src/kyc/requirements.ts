import type { CustomerType } from '../customers/enums';
import { IDENTITY_DOCUMENT_TYPES, KYC_DOCUMENT_TYPES, type KycDocumentType } from './document-types';

export const KYC_REQUIREMENT_KEYS = [
  'identity',
  'proof_of_address',
  'business_registration',
  'tax_certificate',
] as const;
export type KycRequirementKey = (typeof KYC_REQUIREMENT_KEYS)[number];

/** One line of a customer's KYC checklist: met by a verified, unexpired document of any listed type. */
export type KycRequirement = {
  readonly key: KycRequirementKey;
  readonly label: string;
  readonly documentTypes: readonly KycDocumentType[];
};

/**
 * SPEC §3: an individual needs an identity document and a proof of address; a business needs its
 * registration, tax certificate, proof of address and its representative's identity document.
 * Bank statements are accepted as uploads but meet no requirement on their own.
 */
export const KYC_REQUIREMENTS: Readonly<Record<CustomerType, readonly KycRequirement[]>> = {
  individual: [
    {
      key: 'identity',
      label: "Identity document (passport, national ID card or driver's license)",
      documentTypes: IDENTITY_DOCUMENT_TYPES,
    },
    { key: 'proof_of_address', label: 'Proof of address', documentTypes: ['proof_of_address'] },
  ],
  business: [
    { key: 'business_registration', label: 'Business registration', documentTypes: ['business_registration'] },
    { key: 'tax_certificate', label: 'Tax certificate', documentTypes: ['tax_certificate'] },
    { key: 'proof_of_address', label: 'Proof of address', documentTypes: ['proof_of_address'] },
    {
      key: 'identity',
      label: "Representative's identity document (passport, national ID card or driver's license)",
      documentTypes: IDENTITY_DOCUMENT_TYPES,
    },
  ],
};

/** The checklist for a customer type. */
export function kycRequirementsFor(customerType: CustomerType): readonly KycRequirement[] {
  return KYC_REQUIREMENTS[customerType];
}

const typesIn = (reqs: readonly KycRequirement[]) => new Set(reqs.flatMap((r) => r.documentTypes));

/**
 * The document types an upload may have for a customer type: everything except the types that only
 * a business requirement asks for (registration, tax certificate), which mean nothing for a person.
 * Derived from the checklists above so the two cannot drift apart.
 */
export function kycDocumentTypesFor(customerType: CustomerType): readonly KycDocumentType[] {
  const own = typesIn(KYC_REQUIREMENTS[customerType]);
  const others = (Object.keys(KYC_REQUIREMENTS) as CustomerType[])
    .filter((t) => t !== customerType)
    .flatMap((t) => [...typesIn(KYC_REQUIREMENTS[t])]);
  return KYC_DOCUMENT_TYPES.filter((t) => own.has(t) || !others.includes(t));
}

/** Whether an upload of `documentType` makes sense for this customer type (see `kycDocumentTypesFor`). */
export function isKycDocumentTypeAllowedFor(customerType: CustomerType, documentType: KycDocumentType): boolean {
  return kycDocumentTypesFor(customerType).includes(documentType);
}
