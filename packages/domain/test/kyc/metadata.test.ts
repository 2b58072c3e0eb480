import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../src/errors';
import {
  addDaysToIsoDate,
  checkKycDates,
  KYC_DOCUMENT_TYPES,
  kycDateProblems,
  kycUploadMetadataInput,
} from '../../src/kyc';
import { NEXT_YEAR, NOW, TODAY, TOMORROW, YESTERDAY } from './fixtures';

const errorsOf = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Invalid);
    return (e as Invalid).fieldErrors;
  }
  throw new Error('expected Invalid');
};

describe('kycUploadMetadataInput', () => {
  it('reads multipart strings; blank optional fields become null', () => {
    expect(
      kycUploadMetadataInput.parse({
        documentType: 'proof_of_address',
        documentNumber: '',
        issuingCountry: '   ',
        issuedAt: '',
        expiresAt: '',
      }),
    ).toEqual({
      documentType: 'proof_of_address',
      documentNumber: null,
      issuingCountry: null,
      issuedAt: null,
      expiresAt: null,
    });
  });

  it('missing optional fields become null too', () => {
    expect(kycUploadMetadataInput.parse({ documentType: 'bank_statement' })).toEqual({
      documentType: 'bank_statement',
      documentNumber: null,
      issuingCountry: null,
      issuedAt: null,
      expiresAt: null,
    });
  });

  it('trims the document number and upper-cases the country', () => {
    expect(
      kycUploadMetadataInput.parse({
        documentType: 'passport',
        documentNumber: '  X1234567 ',
        issuingCountry: ' de ',
        issuedAt: '2020-01-01',
        expiresAt: '2030-01-01',
      }),
    ).toEqual({
      documentType: 'passport',
      documentNumber: 'X1234567',
      issuingCountry: 'DE',
      issuedAt: '2020-01-01',
      expiresAt: '2030-01-01',
    });
  });

  it('requires a known document type', () => {
    const r = kycUploadMetadataInput.safeParse({ documentType: 'selfie' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['documentType']);
    expect(kycUploadMetadataInput.safeParse({}).success).toBe(false);
  });

  it('limits the document number to 100 characters', () => {
    expect(
      kycUploadMetadataInput.safeParse({ documentType: 'bank_statement', documentNumber: 'x'.repeat(100) }).success,
    ).toBe(true);
    const r = kycUploadMetadataInput.safeParse({ documentType: 'bank_statement', documentNumber: 'x'.repeat(101) });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['documentNumber']);
  });

  it.each(['XX', 'GBR', 'U', '12'])('refuses the issuing country %j', (issuingCountry) => {
    const r = kycUploadMetadataInput.safeParse({ documentType: 'bank_statement', issuingCountry });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['issuingCountry']);
  });

  it.each(['2025-02-30', '2025-13-01', '15/06/2025', '2025-6-1', '2025-06-15T00:00:00Z', 'tomorrow'])(
    'refuses the date %j',
    (value) => {
      const r = kycUploadMetadataInput.safeParse({ documentType: 'bank_statement', issuedAt: value });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['issuedAt']);
      expect(r.error?.issues[0]?.message).toBe('Use a date in the form YYYY-MM-DD.');
    },
  );

  it('accepts a leap day', () => {
    expect(kycUploadMetadataInput.safeParse({ documentType: 'bank_statement', issuedAt: '2024-02-29' }).success).toBe(
      true,
    );
  });

  it('already applies the rules that need no clock: identity needs an expiry date', () => {
    const r = kycUploadMetadataInput.safeParse({ documentType: 'passport', expiresAt: '' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(['expiresAt']);
  });

  it('already applies the rules that need no clock: issued before expiry', () => {
    const r = kycUploadMetadataInput.safeParse({
      documentType: 'proof_of_address',
      issuedAt: '2030-01-01',
      expiresAt: '2029-01-01',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(['issuedAt']);
  });

  it('refuses non-string values', () => {
    expect(kycUploadMetadataInput.safeParse({ documentType: 'bank_statement', issuedAt: 20250101 }).success).toBe(
      false,
    );
  });
});

describe('checkKycDates', () => {
  it.each(['passport', 'national_id', 'drivers_license'] as const)('requires expiresAt for a %s', (documentType) => {
    expect(errorsOf(() => checkKycDates({ documentType, expiresAt: null }, NOW))).toEqual({
      expiresAt: ['An expiry date is required for identity documents.'],
    });
    expect(() => checkKycDates({ documentType, expiresAt: NEXT_YEAR }, NOW)).not.toThrow();
  });

  it.each(['proof_of_address', 'bank_statement', 'tax_certificate', 'business_registration'] as const)(
    'does not require expiresAt for a %s',
    (documentType) => {
      expect(() => checkKycDates({ documentType }, NOW)).not.toThrow();
      expect(() => checkKycDates({ documentType, issuedAt: null, expiresAt: null }, NOW)).not.toThrow();
    },
  );

  it('expiresAt must be after today: tomorrow is fine, today and yesterday are not', () => {
    expect(() => checkKycDates({ documentType: 'passport', expiresAt: TOMORROW }, NOW)).not.toThrow();
    for (const expiresAt of [TODAY, YESTERDAY, '2000-01-01']) {
      expect(errorsOf(() => checkKycDates({ documentType: 'passport', expiresAt }, NOW))).toEqual({
        expiresAt: ['The expiry date must be in the future.'],
      });
    }
  });

  it('"today" is the UTC date of now', () => {
    const lateEvening = new Date('2025-06-15T23:59:59.999Z');
    expect(() => checkKycDates({ documentType: 'passport', expiresAt: TOMORROW }, lateEvening)).not.toThrow();
    const nextDay = new Date('2025-06-16T00:00:00.000Z');
    expect(() => checkKycDates({ documentType: 'passport', expiresAt: TOMORROW }, nextDay)).toThrow(Invalid);
  });

  it('issuedAt may be today or earlier, not later', () => {
    expect(() => checkKycDates({ documentType: 'proof_of_address', issuedAt: TODAY }, NOW)).not.toThrow();
    expect(() => checkKycDates({ documentType: 'proof_of_address', issuedAt: YESTERDAY }, NOW)).not.toThrow();
    expect(errorsOf(() => checkKycDates({ documentType: 'proof_of_address', issuedAt: TOMORROW }, NOW))).toEqual({
      issuedAt: ['The issue date cannot be in the future.'],
    });
  });

  it('issuedAt must be before expiresAt', () => {
    expect(() =>
      checkKycDates({ documentType: 'passport', issuedAt: '2020-01-01', expiresAt: '2030-01-01' }, NOW),
    ).not.toThrow();
    expect(
      errorsOf(() => checkKycDates({ documentType: 'passport', issuedAt: TOMORROW, expiresAt: TOMORROW }, NOW)),
    ).toEqual({
      issuedAt: ['The issue date cannot be in the future.', 'The issue date must be before the expiry date.'],
    });
    expect(
      errorsOf(() => checkKycDates({ documentType: 'passport', issuedAt: YESTERDAY, expiresAt: YESTERDAY }, NOW)),
    ).toEqual({
      expiresAt: ['The expiry date must be in the future.'],
      issuedAt: ['The issue date must be before the expiry date.'],
    });
  });

  it('reports every broken rule at once, and the first as the message', () => {
    try {
      checkKycDates({ documentType: 'passport', issuedAt: '2026-01-01', expiresAt: null }, NOW);
      expect.unreachable();
    } catch (e) {
      const err = e as Invalid;
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.fieldErrors).toEqual({
        expiresAt: ['An expiry date is required for identity documents.'],
        issuedAt: ['The issue date cannot be in the future.'],
      });
      expect(err.message).toBe('An expiry date is required for identity documents.');
      expect(err.data).toEqual({ fieldErrors: err.fieldErrors });
    }
  });

  it('flags malformed dates instead of comparing them as text', () => {
    expect(kycDateProblems({ documentType: 'passport', expiresAt: '31/12/2030' }, NOW)).toEqual({
      expiresAt: ['Use a date in the form YYYY-MM-DD.'],
    });
    expect(kycDateProblems({ documentType: 'bank_statement', issuedAt: 'soon' }, NOW)).toEqual({
      issuedAt: ['Use a date in the form YYYY-MM-DD.'],
    });
  });

  it('requireFutureExpiry: false allows an unchanged past expiry on edit, other rules still apply', () => {
    const input = { documentType: 'passport' as const, issuedAt: '2015-01-01', expiresAt: YESTERDAY };
    expect(() => checkKycDates(input, NOW, { requireFutureExpiry: false })).not.toThrow();
    expect(() => checkKycDates(input, NOW)).toThrow(Invalid);
    expect(() => checkKycDates({ ...input, expiresAt: null }, NOW, { requireFutureExpiry: false })).toThrow(Invalid);
  });

  it('without now, kycDateProblems checks only the clock-free rules', () => {
    expect(kycDateProblems({ documentType: 'passport', issuedAt: '2999-01-01', expiresAt: '1999-01-01' })).toEqual({
      issuedAt: ['The issue date must be before the expiry date.'],
    });
  });

  it('matches a simple model for any pair of dates (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KYC_DOCUMENT_TYPES),
        fc.option(fc.integer({ min: -800, max: 800 })),
        fc.option(fc.integer({ min: -800, max: 800 })),
        (documentType, issuedOffset, expiresOffset) => {
          const issuedAt = issuedOffset === null ? null : addDaysToIsoDate(TODAY, issuedOffset);
          const expiresAt = expiresOffset === null ? null : addDaysToIsoDate(TODAY, expiresOffset);
          const identity = ['passport', 'national_id', 'drivers_license'].includes(documentType);
          const ok =
            (expiresOffset !== null || !identity) &&
            (expiresOffset === null || expiresOffset > 0) &&
            (issuedOffset === null || issuedOffset <= 0) &&
            (issuedOffset === null || expiresOffset === null || issuedOffset < expiresOffset);
          const problems = kycDateProblems({ documentType, issuedAt, expiresAt }, NOW);
          expect(Object.keys(problems).length === 0).toBe(ok);
        },
      ),
    );
  });
});
