import { describe, expect, it } from 'vitest';
import {
  IDENTITY_DOCUMENT_TYPES,
  isIdentityDocumentType,
  isKycDocumentTypeAllowedFor,
  KYC_DOCUMENT_STATUSES,
  KYC_DOCUMENT_TYPE_LABELS,
  KYC_DOCUMENT_TYPES,
  KYC_EFFECTIVE_STATUSES,
  kycDocumentType,
  kycDocumentTypesFor,
  requiresExpiry,
} from '../../src/kyc';

describe('KYC document types', () => {
  it('are exactly the seven of SPEC §3', () => {
    expect([...KYC_DOCUMENT_TYPES]).toEqual([
      'passport',
      'national_id',
      'drivers_license',
      'proof_of_address',
      'bank_statement',
      'tax_certificate',
      'business_registration',
    ]);
  });

  it('identity types are passport, national_id and drivers_license', () => {
    expect([...IDENTITY_DOCUMENT_TYPES]).toEqual(['passport', 'national_id', 'drivers_license']);
    expect(KYC_DOCUMENT_TYPES.filter(isIdentityDocumentType)).toEqual([...IDENTITY_DOCUMENT_TYPES]);
  });

  it.each(KYC_DOCUMENT_TYPES)('requiresExpiry(%s) is true exactly for identity documents', (type) => {
    expect(requiresExpiry(type)).toBe(['passport', 'national_id', 'drivers_license'].includes(type));
  });

  it('has a human label for every type', () => {
    for (const type of KYC_DOCUMENT_TYPES) expect(KYC_DOCUMENT_TYPE_LABELS[type].length).toBeGreaterThan(0);
  });

  it('the zod enum refuses unknown types with a readable message', () => {
    expect(kycDocumentType.parse('passport')).toBe('passport');
    const r = kycDocumentType.safeParse('selfie');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Choose a document type.');
  });

  it('stores pending|verified|rejected and reads expired in addition', () => {
    expect([...KYC_DOCUMENT_STATUSES]).toEqual(['pending', 'verified', 'rejected']);
    expect([...KYC_EFFECTIVE_STATUSES]).toEqual(['pending', 'verified', 'rejected', 'expired']);
  });
});

describe('document types offered per customer type', () => {
  it('an individual is not offered the business-only types; a business is offered every type', () => {
    expect(kycDocumentTypesFor('individual')).toEqual([
      'passport',
      'national_id',
      'drivers_license',
      'proof_of_address',
      'bank_statement',
    ]);
    expect(isKycDocumentTypeAllowedFor('individual', 'business_registration')).toBe(false);
    expect(isKycDocumentTypeAllowedFor('individual', 'tax_certificate')).toBe(false);
    expect(isKycDocumentTypeAllowedFor('individual', 'passport')).toBe(true);
    expect(kycDocumentTypesFor('business')).toEqual([...KYC_DOCUMENT_TYPES]);
  });
});
