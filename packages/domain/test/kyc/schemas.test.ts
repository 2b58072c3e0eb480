import { describe, expect, it } from 'vitest';
import {
  evaluateRequirements,
  type KycDocument,
  kycByIdInput,
  kycDocumentOutput,
  kycDocumentPage,
  kycExpiringInput,
  kycListInput,
  kycRejectInput,
  kycStatusOutput,
  kycUpdateInput,
  missingRequirements,
} from '../../src/kyc';
import { NOW } from './fixtures';

const CUSTOMER = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';
const DOC = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

const sample: KycDocument = {
  id: DOC,
  customerId: CUSTOMER,
  documentType: 'passport',
  documentNumber: 'X1234567',
  issuingCountry: 'GB',
  issuedAt: '2020-01-01',
  expiresAt: '2030-01-01',
  status: 'expired',
  rejectionReason: null,
  verifiedBy: null,
  verifiedByName: null,
  verifiedAt: null,
  uploadedBy: null,
  uploadedByName: null,
  uploadedAt: '2025-06-01T10:00:00.000Z',
  fileName: 'passport.pdf',
  mimeType: 'application/pdf',
  sizeBytes: 12345,
  sha256: 'a'.repeat(64),
  deletedAt: null,
  deletedBy: null,
  version: 1,
};

describe('kycDocumentOutput', () => {
  it('has exactly the fields of SPEC §3 (plus who uploaded and verified, by name) and accepts the effective status', () => {
    expect(Object.keys(kycDocumentOutput.shape).sort()).toEqual(Object.keys(sample).sort());
    expect(kycDocumentOutput.parse(sample)).toEqual(sample);
  });

  it('strips columns that are not part of the contract', () => {
    const parsed = kycDocumentOutput.parse({ ...sample, storageKey: 'secret/key', customer_id: 'x' });
    expect(parsed).not.toHaveProperty('storageKey');
    expect(parsed).not.toHaveProperty('customer_id');
  });

  it('refuses an unknown status', () => {
    expect(kycDocumentOutput.safeParse({ ...sample, status: 'approved' }).success).toBe(false);
  });

  it('pages as { items, nextCursor }', () => {
    expect(kycDocumentPage.parse({ items: [sample], nextCursor: null })).toEqual({ items: [sample], nextCursor: null });
  });
});

describe('input schemas', () => {
  it('kycListInput requires a uuid customerId and defaults includeDeleted to false', () => {
    expect(kycListInput.parse({ customerId: CUSTOMER })).toEqual({ customerId: CUSTOMER, includeDeleted: false });
    expect(kycListInput.parse({ customerId: CUSTOMER, includeDeleted: true }).includeDeleted).toBe(true);
    expect(kycListInput.safeParse({ customerId: 'nope' }).success).toBe(false);
  });

  it('kycByIdInput requires both ids', () => {
    expect(kycByIdInput.parse({ customerId: CUSTOMER, documentId: DOC })).toEqual({
      customerId: CUSTOMER,
      documentId: DOC,
    });
    expect(kycByIdInput.safeParse({ customerId: CUSTOMER }).success).toBe(false);
  });

  it('kycRejectInput trims the reason and requires 3..1000 characters', () => {
    expect(kycRejectInput.parse({ customerId: CUSTOMER, documentId: DOC, reason: '  Blurred  ' }).reason).toBe(
      'Blurred',
    );
    const short = kycRejectInput.safeParse({ customerId: CUSTOMER, documentId: DOC, reason: ' ab ' });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(['reason']);
    expect(kycRejectInput.safeParse({ customerId: CUSTOMER, documentId: DOC, reason: 'x'.repeat(1001) }).success).toBe(
      false,
    );
    expect(kycRejectInput.safeParse({ customerId: CUSTOMER, documentId: DOC }).success).toBe(false);
  });

  it('kycUpdateInput: omitted stays undefined, blank or null clears, values are normalised', () => {
    expect(kycUpdateInput.parse({ customerId: CUSTOMER, documentId: DOC, version: 3 })).toEqual({
      customerId: CUSTOMER,
      documentId: DOC,
      version: 3,
    });
    expect(
      kycUpdateInput.parse({
        customerId: CUSTOMER,
        documentId: DOC,
        version: 3,
        documentNumber: '',
        issuingCountry: null,
        issuedAt: '',
        expiresAt: null,
      }),
    ).toEqual({
      customerId: CUSTOMER,
      documentId: DOC,
      version: 3,
      documentNumber: null,
      issuingCountry: null,
      issuedAt: null,
      expiresAt: null,
    });
    expect(
      kycUpdateInput.parse({
        customerId: CUSTOMER,
        documentId: DOC,
        version: 3,
        documentNumber: ' AB12 ',
        issuingCountry: 'fr',
        expiresAt: '2031-02-03',
      }),
    ).toMatchObject({ documentNumber: 'AB12', issuingCountry: 'FR', expiresAt: '2031-02-03' });
  });

  it('kycUpdateInput requires a positive integer version and valid values', () => {
    const base = { customerId: CUSTOMER, documentId: DOC };
    expect(kycUpdateInput.safeParse(base).success).toBe(false);
    expect(kycUpdateInput.safeParse({ ...base, version: 0 }).success).toBe(false);
    expect(kycUpdateInput.safeParse({ ...base, version: 1.5 }).success).toBe(false);
    expect(kycUpdateInput.safeParse({ ...base, version: 1, issuingCountry: 'ZZ' }).success).toBe(false);
    expect(kycUpdateInput.safeParse({ ...base, version: 1, expiresAt: '2031-02-30' }).success).toBe(false);
    expect(kycUpdateInput.safeParse({ ...base, version: 1, documentNumber: 'x'.repeat(101) }).success).toBe(false);
  });

  it('kycExpiringInput: withinDays 1..365, default 30, and the whole input may be omitted', () => {
    expect(kycExpiringInput.parse(undefined).withinDays).toBe(30);
    expect(kycExpiringInput.parse({}).withinDays).toBe(30);
    expect(kycExpiringInput.parse({ withinDays: 1 }).withinDays).toBe(1);
    expect(kycExpiringInput.parse({ withinDays: 365 }).withinDays).toBe(365);
    for (const withinDays of [0, 366, -1, 1.5]) {
      expect(kycExpiringInput.safeParse({ withinDays }).success).toBe(false);
    }
  });
});

describe('kycStatusOutput', () => {
  it('accepts what missingRequirements and evaluateRequirements return', () => {
    const value = {
      kycStatus: 'not_started',
      customerType: 'business',
      requirements: evaluateRequirements('business', [], NOW).map((r) => ({
        key: r.key,
        label: r.label,
        documentTypes: [...r.documentTypes],
        reason: r.state,
      })),
      missing: missingRequirements('business', [], NOW),
      expiringSoon: [sample],
    };
    expect(kycStatusOutput.parse(value)).toEqual(value);
  });

  it('refuses an unknown reason or status', () => {
    const missing = [{ key: 'identity', label: 'x', documentTypes: ['passport'], reason: 'lost' }];
    const base = { customerType: 'individual', requirements: [], expiringSoon: [] };
    expect(kycStatusOutput.safeParse({ ...base, kycStatus: 'pending', missing: [] }).success).toBe(true);
    expect(kycStatusOutput.safeParse({ ...base, kycStatus: 'pending', missing }).success).toBe(false);
    expect(kycStatusOutput.safeParse({ ...base, kycStatus: 'done', missing: [] }).success).toBe(false);
    expect(
      kycStatusOutput.safeParse({ ...base, customerType: 'robot', kycStatus: 'pending', missing: [] }).success,
    ).toBe(false);
  });
});
