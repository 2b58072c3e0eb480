import { describe, expect, it } from 'vitest';
import { Conflict } from '../../src/errors';
import { assertNoDuplicate, findDuplicate, type KycDuplicateCandidate } from '../../src/kyc';
import { NEXT_YEAR, NOW, TODAY, YESTERDAY } from './fixtures';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

const existing = (over: Partial<KycDuplicateCandidate> = {}): KycDuplicateCandidate => ({
  id: 'doc-1',
  documentType: 'passport',
  status: 'verified',
  expiresAt: NEXT_YEAR,
  sha256: SHA_A,
  deletedAt: null,
  ...over,
});

describe('findDuplicate — same type', () => {
  it.each(['pending', 'verified'] as const)('a current %s document of the same type is a duplicate', (status) => {
    expect(findDuplicate([existing({ status })], { documentType: 'passport', sha256: SHA_B }, NOW)).toEqual({
      reason: 'same_type',
      documentId: 'doc-1',
    });
  });

  it('a document without expiry counts as current', () => {
    const docs = [existing({ documentType: 'proof_of_address', expiresAt: null })];
    expect(findDuplicate(docs, { documentType: 'proof_of_address', sha256: SHA_B }, NOW)?.reason).toBe('same_type');
  });

  it('a document expiring today is still current; one that expired yesterday is not', () => {
    expect(findDuplicate([existing({ expiresAt: TODAY })], { documentType: 'passport', sha256: SHA_B }, NOW)).not.toBe(
      null,
    );
    expect(findDuplicate([existing({ expiresAt: YESTERDAY })], { documentType: 'passport', sha256: SHA_B }, NOW)).toBe(
      null,
    );
  });

  it('rejected, expired (effective) and deleted documents of the same type do not block', () => {
    const upload = { documentType: 'passport' as const, sha256: SHA_B };
    expect(findDuplicate([existing({ status: 'rejected' })], upload, NOW)).toBe(null);
    expect(findDuplicate([existing({ status: 'expired', expiresAt: YESTERDAY })], upload, NOW)).toBe(null);
    expect(findDuplicate([existing({ deletedAt: '2025-06-01T00:00:00Z' })], upload, NOW)).toBe(null);
    expect(findDuplicate([existing({ deletedAt: new Date('2025-06-01T00:00:00Z') })], upload, NOW)).toBe(null);
  });

  it('another identity type is not the same type', () => {
    expect(findDuplicate([existing()], { documentType: 'national_id', sha256: SHA_B }, NOW)).toBe(null);
  });

  it('finds the blocking document among others', () => {
    const docs = [
      existing({ id: 'old', status: 'rejected' }),
      existing({ id: 'poa', documentType: 'proof_of_address', sha256: 'c'.repeat(64) }),
      existing({ id: 'current', status: 'pending', sha256: 'd'.repeat(64) }),
    ];
    expect(findDuplicate(docs, { documentType: 'passport', sha256: SHA_B }, NOW)).toEqual({
      reason: 'same_type',
      documentId: 'current',
    });
  });
});

describe('findDuplicate — same content', () => {
  it.each(['pending', 'verified', 'rejected'] as const)('the same file as a %s document is a duplicate', (status) => {
    const docs = [existing({ status, documentType: 'bank_statement' })];
    expect(findDuplicate(docs, { documentType: 'passport', sha256: SHA_A }, NOW)).toEqual({
      reason: 'same_content',
      documentId: 'doc-1',
    });
  });

  it('the same file as an expired document is a duplicate', () => {
    const docs = [existing({ expiresAt: YESTERDAY })];
    expect(findDuplicate(docs, { documentType: 'passport', sha256: SHA_A }, NOW)?.reason).toBe('same_content');
  });

  it('compares hashes case-insensitively', () => {
    const docs = [existing({ sha256: SHA_A.toUpperCase(), documentType: 'bank_statement' })];
    expect(findDuplicate(docs, { documentType: 'passport', sha256: SHA_A }, NOW)?.reason).toBe('same_content');
  });

  it('a deleted document with the same file does not block', () => {
    const docs = [existing({ deletedAt: '2025-06-01T00:00:00Z' })];
    expect(findDuplicate(docs, { documentType: 'passport', sha256: SHA_A }, NOW)).toBe(null);
  });

  it('same content is reported when both rules apply', () => {
    const docs = [existing({ id: 'type', sha256: SHA_B }), existing({ id: 'content', status: 'rejected' })];
    expect(findDuplicate(docs, { documentType: 'passport', sha256: SHA_A }, NOW)).toEqual({
      reason: 'same_content',
      documentId: 'content',
    });
  });

  it('no documents, no duplicate', () => {
    expect(findDuplicate([], { documentType: 'passport', sha256: SHA_A }, NOW)).toBe(null);
  });
});

describe('assertNoDuplicate', () => {
  it('passes when there is no duplicate', () => {
    expect(() => assertNoDuplicate([], { documentType: 'passport', sha256: SHA_A }, NOW)).not.toThrow();
  });

  it('throws CONFLICT naming the document type, with reason and id in the data', () => {
    try {
      assertNoDuplicate([existing()], { documentType: 'passport', sha256: SHA_B }, NOW);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Conflict);
      const err = e as Conflict;
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toMatch(/already has a current Passport/);
      expect(err.data).toEqual({ reason: 'same_type', documentId: 'doc-1' });
    }
  });

  it('throws CONFLICT for the same file', () => {
    expect(() =>
      assertNoDuplicate([existing({ status: 'rejected' })], { documentType: 'passport', sha256: SHA_A }, NOW),
    ).toThrow('This file has already been uploaded for this customer.');
  });
});
