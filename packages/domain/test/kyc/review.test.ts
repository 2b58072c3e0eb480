import { describe, expect, it } from 'vitest';
import { Forbidden, Invalid, PreconditionFailed } from '../../src/errors';
import {
  assertKycEditable,
  canReject,
  canVerify,
  type KycReviewableDocument,
  rejectDocument,
  verifyDocument,
} from '../../src/kyc';
import { NEXT_YEAR, NOW, TODAY, YESTERDAY } from './fixtures';

const UPLOADER = '11111111-1111-4111-8111-111111111111';
const REVIEWER = '22222222-2222-4222-8222-222222222222';

const pending = (over: Partial<KycReviewableDocument> = {}): KycReviewableDocument => ({
  status: 'pending',
  expiresAt: NEXT_YEAR,
  uploadedBy: UPLOADER,
  ...over,
});

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('verifyDocument', () => {
  it('pending → verified by another user, recording who and when', () => {
    expect(verifyDocument(pending(), REVIEWER, NOW)).toEqual({
      status: 'verified',
      verifiedBy: REVIEWER,
      verifiedAt: '2025-06-15T12:00:00.000Z',
      rejectionReason: null,
    });
  });

  it('a document without expiry, or expiring today, can be verified', () => {
    expect(verifyDocument(pending({ expiresAt: null }), REVIEWER, NOW).status).toBe('verified');
    expect(verifyDocument(pending({ expiresAt: TODAY }), REVIEWER, NOW).status).toBe('verified');
  });

  it('a document uploaded by a user who no longer exists can be verified by anyone', () => {
    expect(verifyDocument(pending({ uploadedBy: null }), REVIEWER, NOW).status).toBe('verified');
  });

  it.each(['verified', 'rejected', 'expired'] as const)('a %s document cannot be verified', (status) => {
    const err = thrown(() => verifyDocument(pending({ status }), REVIEWER, NOW));
    expect(err).toBeInstanceOf(PreconditionFailed);
    expect((err as PreconditionFailed).code).toBe('PRECONDITION_FAILED');
    expect((err as Error).message).toBe(`Only a pending document can be verified; this one is ${status}.`);
  });

  it('an expired pending document cannot be verified', () => {
    const err = thrown(() => verifyDocument(pending({ expiresAt: YESTERDAY }), REVIEWER, NOW));
    expect(err).toBeInstanceOf(PreconditionFailed);
    expect((err as Error).message).toMatch(/expired/);
    expect((err as PreconditionFailed).data).toEqual({ status: 'expired', expiresAt: YESTERDAY });
  });

  it('four eyes: the uploader cannot verify their own upload', () => {
    const err = thrown(() => verifyDocument(pending(), UPLOADER, NOW));
    expect(err).toBeInstanceOf(Forbidden);
    expect((err as Forbidden).code).toBe('FORBIDDEN');
    expect((err as Error).message).toBe('You uploaded this document, so someone else must verify it (four-eyes rule).');
  });

  it('four eyes compares ids case-insensitively', () => {
    expect(() => verifyDocument(pending(), UPLOADER.toUpperCase(), NOW)).toThrow(Forbidden);
  });
});

describe('rejectDocument', () => {
  it('pending → rejected with the trimmed reason', () => {
    expect(rejectDocument(pending(), REVIEWER, '  Photo is blurred.  ')).toEqual({
      status: 'rejected',
      rejectionReason: 'Photo is blurred.',
      verifiedBy: null,
      verifiedAt: null,
    });
  });

  it('an expired pending document may still be rejected', () => {
    expect(rejectDocument(pending({ expiresAt: YESTERDAY }), REVIEWER, 'Expired.').status).toBe('rejected');
  });

  it.each(['verified', 'rejected', 'expired'] as const)('a %s document cannot be rejected', (status) => {
    const err = thrown(() => rejectDocument(pending({ status }), REVIEWER, 'A good reason'));
    expect(err).toBeInstanceOf(PreconditionFailed);
    expect((err as Error).message).toBe(`Only a pending document can be rejected; this one is ${status}.`);
  });

  it('four eyes: the uploader cannot reject their own upload', () => {
    const err = thrown(() => rejectDocument(pending(), UPLOADER, 'A good reason'));
    expect(err).toBeInstanceOf(Forbidden);
    expect((err as Error).message).toMatch(/someone else must reject it/);
  });

  it.each([
    ['', 'too short'],
    ['  ', 'blank'],
    ['ab', '2 characters'],
    ['  ab  ', '2 characters once trimmed'],
    ['x'.repeat(1001), '1001 characters'],
  ])('refuses the reason %j (%s) with fieldErrors.reason', (reason) => {
    const err = thrown(() => rejectDocument(pending(), REVIEWER, reason));
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).code).toBe('BAD_REQUEST');
    expect(Object.keys((err as Invalid).fieldErrors)).toEqual(['reason']);
    expect((err as Invalid).fieldErrors.reason?.[0]).toBe((err as Error).message);
  });

  it('accepts 3 and 1000 characters', () => {
    expect(rejectDocument(pending(), REVIEWER, 'abc').rejectionReason).toBe('abc');
    expect(rejectDocument(pending(), REVIEWER, 'x'.repeat(1000)).rejectionReason).toHaveLength(1000);
  });
});

describe('canVerify / canReject', () => {
  it('true only for a pending, unexpired document uploaded by someone else', () => {
    expect(canVerify(pending(), REVIEWER, NOW)).toBe(true);
    expect(canVerify(pending(), UPLOADER, NOW)).toBe(false);
    expect(canVerify(pending({ expiresAt: YESTERDAY }), REVIEWER, NOW)).toBe(false);
    expect(canVerify(pending({ expiresAt: TODAY }), REVIEWER, NOW)).toBe(true);
    for (const status of ['verified', 'rejected', 'expired'] as const) {
      expect(canVerify(pending({ status }), REVIEWER, NOW)).toBe(false);
    }
  });

  it('canReject ignores expiry but not status or four eyes', () => {
    expect(canReject(pending({ expiresAt: YESTERDAY }), REVIEWER)).toBe(true);
    expect(canReject(pending(), UPLOADER)).toBe(false);
    expect(canReject(pending({ status: 'verified' }), REVIEWER)).toBe(false);
  });

  it('agrees with verifyDocument and rejectDocument', () => {
    const cases: KycReviewableDocument[] = [];
    for (const status of ['pending', 'verified', 'rejected', 'expired'] as const) {
      for (const expiresAt of [null, YESTERDAY, TODAY, NEXT_YEAR]) {
        for (const uploadedBy of [UPLOADER, REVIEWER, null]) cases.push({ status, expiresAt, uploadedBy });
      }
    }
    for (const d of cases) {
      const verifies = (() => {
        try {
          verifyDocument(d, REVIEWER, NOW);
          return true;
        } catch {
          return false;
        }
      })();
      const rejects = (() => {
        try {
          rejectDocument(d, REVIEWER, 'reason');
          return true;
        } catch {
          return false;
        }
      })();
      expect(canVerify(d, REVIEWER, NOW)).toBe(verifies);
      expect(canReject(d, REVIEWER)).toBe(rejects);
    }
  });
});

describe('assertKycEditable', () => {
  it('only a pending document may be edited', () => {
    expect(() => assertKycEditable({ status: 'pending' })).not.toThrow();
    for (const status of ['verified', 'rejected', 'expired'] as const) {
      expect(() => assertKycEditable({ status })).toThrow(PreconditionFailed);
    }
  });
});
