import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDaysToIsoDate,
  effectiveDocumentStatus,
  expiringSoonDays,
  expiringWindow,
  isExpired,
  isExpiringWithin,
  KYC_EXPIRING_SOON_DAYS,
  reviewStatusOf,
  withEffectiveStatus,
} from '../../src/kyc';
import { NOW, TODAY, TOMORROW, YESTERDAY } from './fixtures';

describe('isExpired: expired when expiresAt < today (UTC)', () => {
  it('yesterday is expired, today and tomorrow are not', () => {
    expect(isExpired({ expiresAt: YESTERDAY }, NOW)).toBe(true);
    expect(isExpired({ expiresAt: TODAY }, NOW)).toBe(false);
    expect(isExpired({ expiresAt: TOMORROW }, NOW)).toBe(false);
  });

  it('no expiry date never expires', () => {
    expect(isExpired({ expiresAt: null }, new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });

  it('uses the UTC date of now at both ends of the day', () => {
    expect(isExpired({ expiresAt: TODAY }, new Date('2025-06-15T00:00:00.000Z'))).toBe(false);
    expect(isExpired({ expiresAt: TODAY }, new Date('2025-06-15T23:59:59.999Z'))).toBe(false);
    expect(isExpired({ expiresAt: TODAY }, new Date('2025-06-16T00:00:00.000Z'))).toBe(true);
    // 23:30 in New York on the 15th is already the 16th in UTC.
    expect(isExpired({ expiresAt: TODAY }, new Date('2025-06-15T23:30:00-04:00'))).toBe(true);
  });

  it('reads only the date part of a timestamp-shaped expiresAt', () => {
    expect(isExpired({ expiresAt: '2025-06-15T00:00:00.000Z' }, NOW)).toBe(false);
    expect(isExpired({ expiresAt: '2025-06-14T23:59:59.999Z' }, NOW)).toBe(true);
  });
});

describe('effectiveDocumentStatus', () => {
  it.each([
    ['pending', YESTERDAY, 'expired'],
    ['verified', YESTERDAY, 'expired'],
    ['rejected', YESTERDAY, 'rejected'],
    ['pending', TODAY, 'pending'],
    ['verified', TODAY, 'verified'],
    ['rejected', TODAY, 'rejected'],
    ['verified', null, 'verified'],
    ['pending', null, 'pending'],
  ] as const)('%s expiring %s reads %s', (status, expiresAt, expected) => {
    expect(effectiveDocumentStatus({ status, expiresAt }, NOW)).toBe(expected);
  });

  it('withEffectiveStatus replaces only the status', () => {
    const row = { id: 'x', status: 'verified' as const, expiresAt: YESTERDAY, fileName: 'a.pdf' };
    expect(withEffectiveStatus(row, NOW)).toEqual({ ...row, status: 'expired' });
    expect(row.status).toBe('verified');
  });
});

describe('addDaysToIsoDate', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDaysToIsoDate('2025-06-15', 30)).toBe('2025-07-15');
    expect(addDaysToIsoDate('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDaysToIsoDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDaysToIsoDate('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDaysToIsoDate('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDaysToIsoDate('2025-06-15', 0)).toBe('2025-06-15');
  });

  it('is reversible (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.integer({ min: -5000, max: 5000 }),
        (d, n) => {
          const iso = d.toISOString().slice(0, 10);
          expect(addDaysToIsoDate(addDaysToIsoDate(iso, n), -n)).toBe(iso);
        },
      ),
    );
  });
});

describe('expiring soon', () => {
  it('defaults to 30 days', () => {
    expect(KYC_EXPIRING_SOON_DAYS).toBe(30);
    expect(expiringSoonDays).toBe(30);
    expect(expiringWindow(NOW)).toEqual({ from: TODAY, to: '2025-07-15' });
  });

  it('counts today through today + days, inclusive', () => {
    const at = (expiresAt: string | null) => isExpiringWithin({ expiresAt }, NOW, 30);
    expect(at(YESTERDAY)).toBe(false);
    expect(at(TODAY)).toBe(true);
    expect(at(TOMORROW)).toBe(true);
    expect(at('2025-07-15')).toBe(true);
    expect(at('2025-07-16')).toBe(false);
    expect(at(null)).toBe(false);
  });

  it('uses 30 days when days is omitted', () => {
    expect(isExpiringWithin({ expiresAt: '2025-07-15' }, NOW)).toBe(true);
    expect(isExpiringWithin({ expiresAt: '2025-07-16' }, NOW)).toBe(false);
  });

  it('honours a custom window', () => {
    expect(isExpiringWithin({ expiresAt: '2025-06-22' }, NOW, 7)).toBe(true);
    expect(isExpiringWithin({ expiresAt: '2025-06-23' }, NOW, 7)).toBe(false);
    expect(isExpiringWithin({ expiresAt: '2025-06-23' }, NOW, 365)).toBe(true);
  });

  it('ignores rejected, already expired and deleted documents', () => {
    expect(isExpiringWithin({ expiresAt: TOMORROW, status: 'verified' }, NOW)).toBe(true);
    expect(isExpiringWithin({ expiresAt: TOMORROW, status: 'pending' }, NOW)).toBe(true);
    expect(isExpiringWithin({ expiresAt: TOMORROW, status: 'rejected' }, NOW)).toBe(false);
    expect(isExpiringWithin({ expiresAt: TOMORROW, status: 'expired' }, NOW)).toBe(false);
    expect(isExpiringWithin({ expiresAt: TOMORROW, deletedAt: '2025-06-01T00:00:00Z' }, NOW)).toBe(false);
    expect(isExpiringWithin({ expiresAt: TOMORROW, deletedAt: null }, NOW)).toBe(true);
  });

  it('agrees with expiringWindow (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 365 }), (offset, days) => {
        const expiresAt = addDaysToIsoDate(TODAY, offset);
        const { from, to } = expiringWindow(NOW, days);
        expect(isExpiringWithin({ expiresAt }, NOW, days)).toBe(expiresAt >= from && expiresAt <= to);
        expect(isExpiringWithin({ expiresAt }, NOW, days)).toBe(offset >= 0 && offset <= days);
      }),
    );
  });
});

describe('reviewStatusOf', () => {
  it('reads an expired, never verified document as still pending review; everything else as it is', () => {
    expect(reviewStatusOf({ status: 'expired', verifiedAt: null })).toBe('pending');
    expect(reviewStatusOf({ status: 'expired', verifiedAt: '2026-01-01T00:00:00.000Z' })).toBe('expired');
    for (const status of ['pending', 'verified', 'rejected'] as const) {
      expect(reviewStatusOf({ status, verifiedAt: null })).toBe(status);
    }
  });
});
