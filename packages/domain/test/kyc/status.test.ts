import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deriveKycStatus,
  evaluateRequirements,
  IDENTITY_DOCUMENT_TYPES,
  KYC_DOCUMENT_TYPES,
  KYC_REQUIREMENTS,
  type KycStatusDocument,
  kycRequirementsFor,
  missingRequirements,
} from '../../src/kyc';
import { doc, LAST_YEAR, NEXT_YEAR, NOW, TODAY, TOMORROW, YESTERDAY } from './fixtures';

const keys = (docs: KycStatusDocument[], type: 'individual' | 'business' = 'individual') =>
  Object.fromEntries(missingRequirements(type, docs, NOW).map((m) => [m.key, m.reason]));

describe('KYC_REQUIREMENTS', () => {
  it('individual: identity (any identity document) and proof of address', () => {
    const reqs = KYC_REQUIREMENTS.individual;
    expect(reqs.map((r) => r.key)).toEqual(['identity', 'proof_of_address']);
    expect(reqs[0]?.documentTypes).toEqual(['passport', 'national_id', 'drivers_license']);
    expect(reqs[1]?.documentTypes).toEqual(['proof_of_address']);
  });

  it("business: registration, tax certificate, proof of address and the representative's identity", () => {
    const reqs = KYC_REQUIREMENTS.business;
    expect(reqs.map((r) => r.key)).toEqual([
      'business_registration',
      'tax_certificate',
      'proof_of_address',
      'identity',
    ]);
    expect(reqs.map((r) => r.documentTypes)).toEqual([
      ['business_registration'],
      ['tax_certificate'],
      ['proof_of_address'],
      ['passport', 'national_id', 'drivers_license'],
    ]);
    expect(reqs[3]?.label).toMatch(/representative/i);
  });

  it('every requirement has a label, and keys are unique per customer type', () => {
    for (const type of ['individual', 'business'] as const) {
      const reqs = kycRequirementsFor(type);
      expect(new Set(reqs.map((r) => r.key)).size).toBe(reqs.length);
      for (const r of reqs) expect(r.label.length).toBeGreaterThan(3);
    }
  });

  it('a bank statement meets no requirement', () => {
    for (const type of ['individual', 'business'] as const) {
      expect(kycRequirementsFor(type).some((r) => r.documentTypes.includes('bank_statement'))).toBe(false);
    }
  });
});

describe('deriveKycStatus — individual', () => {
  it('not_started without documents', () => {
    expect(deriveKycStatus('individual', [], NOW)).toBe('not_started');
  });

  it('not_started when every document is deleted', () => {
    const docs = [doc('passport', 'verified', { expiresAt: NEXT_YEAR, deletedAt: '2025-06-01T00:00:00Z' })];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('not_started');
  });

  it.each(IDENTITY_DOCUMENT_TYPES)('verified with a verified %s and a verified proof of address', (identity) => {
    const docs = [doc(identity, 'verified', { expiresAt: NEXT_YEAR }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('verified');
    expect(missingRequirements('individual', docs, NOW)).toEqual([]);
  });

  it('pending, not verified, when one requirement has no document at all', () => {
    const docs = [doc('passport', 'verified', { expiresAt: NEXT_YEAR })];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
    expect(keys(docs)).toEqual({ proof_of_address: 'missing' });
  });

  it('pending when only an unrelated document was uploaded', () => {
    const docs = [doc('bank_statement', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
    expect(keys(docs)).toEqual({ identity: 'missing', proof_of_address: 'missing' });
  });

  it('pending while a requirement has only pending documents', () => {
    const docs = [doc('passport', 'pending', { expiresAt: NEXT_YEAR }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
    expect(keys(docs)).toEqual({ identity: 'pending' });
  });

  it('rejected when a requirement’s latest document is rejected', () => {
    const docs = [doc('passport', 'rejected', { expiresAt: NEXT_YEAR }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('rejected');
    expect(keys(docs)).toEqual({ identity: 'rejected' });
  });

  it('a newer pending document replaces a rejection', () => {
    const docs = [
      doc('passport', 'rejected', { expiresAt: NEXT_YEAR }),
      doc('national_id', 'pending', { expiresAt: NEXT_YEAR }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
  });

  it('an older document still awaiting review outranks a newer rejection', () => {
    const docs = [
      doc('passport', 'pending', { expiresAt: NEXT_YEAR }),
      doc('national_id', 'rejected', { expiresAt: NEXT_YEAR }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
  });

  it('a verified document outranks a newer rejection of another identity document', () => {
    const docs = [
      doc('passport', 'verified', { expiresAt: NEXT_YEAR }),
      doc('drivers_license', 'rejected', { expiresAt: NEXT_YEAR }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('verified');
  });

  it('expired when a requirement was met only by a now-expired document', () => {
    const docs = [doc('passport', 'verified', { expiresAt: YESTERDAY }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('expired');
    expect(keys(docs)).toEqual({ identity: 'expired' });
  });

  it('a document expiring today still counts; yesterday it does not', () => {
    const poa = doc('proof_of_address', 'verified');
    expect(deriveKycStatus('individual', [doc('passport', 'verified', { expiresAt: TODAY }), poa], NOW)).toBe(
      'verified',
    );
    expect(deriveKycStatus('individual', [doc('passport', 'verified', { expiresAt: TOMORROW }), poa], NOW)).toBe(
      'verified',
    );
    expect(deriveKycStatus('individual', [doc('passport', 'verified', { expiresAt: YESTERDAY }), poa], NOW)).toBe(
      'expired',
    );
    const sameDocLater = [doc('passport', 'verified', { expiresAt: TODAY }), poa];
    expect(deriveKycStatus('individual', sameDocLater, new Date('2025-06-15T23:59:59.999Z'))).toBe('verified');
    expect(deriveKycStatus('individual', sameDocLater, new Date('2025-06-16T00:00:00.000Z'))).toBe('expired');
  });

  it('a pending document that expired before review reads expired', () => {
    const docs = [doc('passport', 'pending', { expiresAt: YESTERDAY }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('expired');
  });

  it('an input already carrying the effective status `expired` is expired', () => {
    const docs = [doc('passport', 'expired', { expiresAt: LAST_YEAR }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('expired');
  });

  it('a pending renewal of an expired document makes it pending again', () => {
    const docs = [
      doc('passport', 'verified', { expiresAt: YESTERDAY }),
      doc('passport', 'pending', { expiresAt: NEXT_YEAR }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
  });

  it('a rejected renewal of an expired document is rejected', () => {
    const docs = [
      doc('passport', 'verified', { expiresAt: YESTERDAY }),
      doc('passport', 'rejected', { expiresAt: NEXT_YEAR }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('rejected');
  });

  it('an old rejection followed by a document that has since expired is expired', () => {
    const docs = [
      doc('passport', 'rejected', { expiresAt: NEXT_YEAR }),
      doc('passport', 'verified', { expiresAt: YESTERDAY }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('expired');
  });

  it('an expired identity document is covered by another verified identity document', () => {
    const docs = [
      doc('passport', 'verified', { expiresAt: YESTERDAY }),
      doc('drivers_license', 'verified', { expiresAt: NEXT_YEAR }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('verified');
  });

  it('a verified document that is deleted no longer counts', () => {
    const docs = [
      doc('passport', 'verified', { expiresAt: NEXT_YEAR, deletedAt: '2025-06-10T00:00:00Z' }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
    expect(keys(docs)).toEqual({ identity: 'missing' });
  });

  it('a deleted rejected document no longer makes the status rejected', () => {
    const docs = [
      doc('passport', 'rejected', { expiresAt: NEXT_YEAR, deletedAt: new Date('2025-06-10T00:00:00Z') }),
      doc('proof_of_address', 'verified'),
    ];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
  });

  it('"latest" is by uploadedAt, not by position, and accepts Date values', () => {
    const rejectedNewer = doc('passport', 'rejected', { uploadedAt: new Date('2025-05-02T00:00:00Z') });
    const expiredOlder = doc('passport', 'verified', { expiresAt: YESTERDAY, uploadedAt: '2025-05-01T00:00:00Z' });
    const poa = doc('proof_of_address', 'verified');
    expect(deriveKycStatus('individual', [rejectedNewer, expiredOlder, poa], NOW)).toBe('rejected');
    expect(deriveKycStatus('individual', [expiredOlder, rejectedNewer, poa], NOW)).toBe('rejected');
  });

  it('on an uploadedAt tie the later document in the list is the latest', () => {
    const at = '2025-05-01T00:00:00.000Z';
    const rejected = doc('passport', 'rejected', { uploadedAt: at });
    const expired = doc('passport', 'verified', { expiresAt: YESTERDAY, uploadedAt: at });
    const poa = doc('proof_of_address', 'verified');
    expect(deriveKycStatus('individual', [expired, rejected, poa], NOW)).toBe('rejected');
    expect(deriveKycStatus('individual', [rejected, expired, poa], NOW)).toBe('expired');
  });
});

describe('deriveKycStatus — precedence for mixtures', () => {
  it('rejected outranks expired', () => {
    const docs = [doc('passport', 'rejected'), doc('proof_of_address', 'verified', { expiresAt: YESTERDAY })];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('rejected');
    expect(keys(docs)).toEqual({ identity: 'rejected', proof_of_address: 'expired' });
  });

  it('rejected outranks pending and missing', () => {
    expect(deriveKycStatus('individual', [doc('passport', 'rejected'), doc('proof_of_address', 'pending')], NOW)).toBe(
      'rejected',
    );
    expect(deriveKycStatus('individual', [doc('proof_of_address', 'rejected')], NOW)).toBe('rejected');
  });

  it('expired outranks pending and missing', () => {
    expect(
      deriveKycStatus(
        'individual',
        [doc('passport', 'verified', { expiresAt: YESTERDAY }), doc('proof_of_address', 'pending')],
        NOW,
      ),
    ).toBe('expired');
    expect(deriveKycStatus('individual', [doc('passport', 'verified', { expiresAt: YESTERDAY })], NOW)).toBe('expired');
  });

  it('pending and missing together are pending', () => {
    const docs = [doc('passport', 'pending', { expiresAt: NEXT_YEAR })];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('pending');
    expect(keys(docs)).toEqual({ identity: 'pending', proof_of_address: 'missing' });
  });
});

describe('deriveKycStatus — business', () => {
  const complete = () => [
    doc('business_registration', 'verified'),
    doc('tax_certificate', 'verified'),
    doc('proof_of_address', 'verified'),
    doc('national_id', 'verified', { expiresAt: NEXT_YEAR }),
  ];

  it('verified when all four requirements are verified', () => {
    expect(deriveKycStatus('business', complete(), NOW)).toBe('verified');
    expect(missingRequirements('business', complete(), NOW)).toEqual([]);
  });

  it.each(['business_registration', 'tax_certificate', 'proof_of_address', 'national_id'] as const)(
    'pending when the %s is missing',
    (type) => {
      const docs = complete().filter((d) => d.documentType !== type);
      expect(deriveKycStatus('business', docs, NOW)).toBe('pending');
      const key = type === 'national_id' ? 'identity' : type;
      expect(keys(docs, 'business')).toEqual({ [key]: 'missing' });
    },
  );

  it('what verifies an individual is not enough for a business', () => {
    const docs = [doc('passport', 'verified', { expiresAt: NEXT_YEAR }), doc('proof_of_address', 'verified')];
    expect(deriveKycStatus('individual', docs, NOW)).toBe('verified');
    expect(deriveKycStatus('business', docs, NOW)).toBe('pending');
    expect(keys(docs, 'business')).toEqual({ business_registration: 'missing', tax_certificate: 'missing' });
  });

  it('a rejected registration makes the business rejected even with others pending', () => {
    const docs = [
      doc('business_registration', 'rejected'),
      doc('tax_certificate', 'pending'),
      doc('proof_of_address', 'pending'),
      doc('passport', 'pending', { expiresAt: NEXT_YEAR }),
    ];
    expect(deriveKycStatus('business', docs, NOW)).toBe('rejected');
    expect(keys(docs, 'business')).toEqual({
      business_registration: 'rejected',
      tax_certificate: 'pending',
      proof_of_address: 'pending',
      identity: 'pending',
    });
  });

  it("an expired representative's passport makes the business expired", () => {
    const docs = complete().map((d) => (d.documentType === 'national_id' ? { ...d, expiresAt: YESTERDAY } : d));
    expect(deriveKycStatus('business', docs, NOW)).toBe('expired');
    expect(keys(docs, 'business')).toEqual({ identity: 'expired' });
  });

  it('an expiring tax certificate counts only until its expiry day', () => {
    const docs = complete().map((d) => (d.documentType === 'tax_certificate' ? { ...d, expiresAt: TODAY } : d));
    expect(deriveKycStatus('business', docs, NOW)).toBe('verified');
    expect(deriveKycStatus('business', docs, new Date('2025-06-16T00:00:00Z'))).toBe('expired');
  });
});

describe('missingRequirements', () => {
  it('returns key, label, accepted types and reason, in checklist order', () => {
    const docs = [doc('proof_of_address', 'rejected')];
    expect(missingRequirements('individual', docs, NOW)).toEqual([
      {
        key: 'identity',
        label: KYC_REQUIREMENTS.individual[0]?.label,
        documentTypes: ['passport', 'national_id', 'drivers_license'],
        reason: 'missing',
      },
      { key: 'proof_of_address', label: 'Proof of address', documentTypes: ['proof_of_address'], reason: 'rejected' },
    ]);
  });

  it('lists every requirement as missing for a customer with no documents', () => {
    expect(missingRequirements('business', [], NOW).map((m) => [m.key, m.reason])).toEqual([
      ['business_registration', 'missing'],
      ['tax_certificate', 'missing'],
      ['proof_of_address', 'missing'],
      ['identity', 'missing'],
    ]);
  });

  it('returns copies: mutating the result does not change the requirements', () => {
    const [first] = missingRequirements('individual', [], NOW);
    first?.documentTypes.push('bank_statement');
    expect(KYC_REQUIREMENTS.individual[0]?.documentTypes).toEqual(['passport', 'national_id', 'drivers_license']);
  });

  it('evaluateRequirements gives the full checklist including verified lines', () => {
    const docs = [doc('passport', 'verified', { expiresAt: NEXT_YEAR })];
    expect(evaluateRequirements('individual', docs, NOW).map((r) => [r.key, r.state])).toEqual([
      ['identity', 'verified'],
      ['proof_of_address', 'missing'],
    ]);
  });
});

describe('deriveKycStatus — properties', () => {
  const docArb = fc.record({
    documentType: fc.constantFrom(...KYC_DOCUMENT_TYPES),
    status: fc.constantFrom('pending' as const, 'verified' as const, 'rejected' as const),
    expiresAt: fc.constantFrom(null, LAST_YEAR, YESTERDAY, TODAY, TOMORROW, NEXT_YEAR),
    deleted: fc.boolean(),
  });
  const docsArb = fc.array(docArb, { maxLength: 12 }).map((list) =>
    list.map(
      (d, i): KycStatusDocument => ({
        documentType: d.documentType,
        status: d.status,
        expiresAt: d.expiresAt,
        uploadedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        deletedAt: d.deleted ? '2025-06-01T00:00:00Z' : null,
      }),
    ),
  );
  const typeArb = fc.constantFrom('individual' as const, 'business' as const);

  it('agrees with missingRequirements', () => {
    fc.assert(
      fc.property(typeArb, docsArb, (type, docs) => {
        const status = deriveKycStatus(type, docs, NOW);
        const reasons = missingRequirements(type, docs, NOW).map((m) => m.reason);
        const live = docs.filter((d) => !d.deletedAt);
        expect(status === 'not_started').toBe(live.length === 0);
        if (live.length === 0) return;
        expect(status === 'verified').toBe(reasons.length === 0);
        expect(status === 'rejected').toBe(reasons.includes('rejected'));
        expect(status === 'expired').toBe(!reasons.includes('rejected') && reasons.includes('expired'));
        expect(status === 'pending').toBe(
          reasons.length > 0 && !reasons.includes('rejected') && !reasons.includes('expired'),
        );
      }),
    );
  });

  it('does not depend on the order of the documents (distinct upload times)', () => {
    fc.assert(
      fc.property(typeArb, docsArb, fc.infiniteStream(fc.double()), (type, docs, noise) => {
        const shuffled = docs
          .map((d) => ({ d, k: noise.next().value }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.d);
        expect(deriveKycStatus(type, shuffled, NOW)).toBe(deriveKycStatus(type, docs, NOW));
      }),
    );
  });

  it('deleted documents never matter', () => {
    fc.assert(
      fc.property(typeArb, docsArb, (type, docs) => {
        const live = docs.filter((d) => !d.deletedAt);
        expect(deriveKycStatus(type, docs, NOW)).toBe(deriveKycStatus(type, live, NOW));
      }),
    );
  });

  it('adding a verified, unexpired document for every requirement makes the customer verified', () => {
    fc.assert(
      fc.property(typeArb, docsArb, (type, docs) => {
        const extra = kycRequirementsFor(type).map((r) =>
          doc(r.documentTypes[0] ?? 'passport', 'verified', { expiresAt: TODAY }),
        );
        expect(deriveKycStatus(type, [...docs, ...extra], NOW)).toBe('verified');
      }),
    );
  });

  it('with only expiry-free documents no requirement is ever expired', () => {
    fc.assert(
      fc.property(typeArb, docsArb, (type, docs) => {
        const noExpiry = docs.map((d) => ({ ...d, expiresAt: null }));
        expect(missingRequirements(type, noExpiry, NOW).some((m) => m.reason === 'expired')).toBe(false);
        expect(deriveKycStatus(type, noExpiry, NOW)).not.toBe('expired');
      }),
    );
  });
});
