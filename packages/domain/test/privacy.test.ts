import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addYearsUtc,
  assertErasable,
  erasurePlan,
  kycErasureDue,
  PRIVACY_RECORD_KINDS,
  type RecordCounts,
  type RetentionFacts,
  retainUntil,
} from '../src';

const d = (s: string) => new Date(s);
const counts = (n = 2): RecordCounts =>
  Object.fromEntries(PRIVACY_RECORD_KINDS.map((k) => [k, n])) as unknown as RecordCounts;
const closed: RetentionFacts = {
  status: 'closed',
  closedAt: d('2024-03-10T12:00:00Z'),
  deletedAt: null,
  erasedAt: null,
  kycErasedAt: null,
};

describe('retainUntil', () => {
  it('is the close or delete date plus the retention years, the earlier end counting', () => {
    expect(retainUntil(closed, 5)?.toISOString()).toBe('2029-03-10T12:00:00.000Z');
    expect(retainUntil({ closedAt: null, deletedAt: d('2025-01-02T00:00:00Z') }, 3)?.toISOString()).toBe(
      '2028-01-02T00:00:00.000Z',
    );
    expect(retainUntil({ closedAt: d('2024-01-01T00:00:00Z'), deletedAt: d('2025-06-01T00:00:00Z') }, 5)).toEqual(
      d('2029-01-01T00:00:00Z'),
    );
    expect(retainUntil({ closedAt: null, deletedAt: null }, 5)).toBeNull();
  });
  it('keeps 29 February in February', () => {
    expect(addYearsUtc(d('2024-02-29T10:00:00Z'), 1).toISOString()).toBe('2025-02-28T10:00:00.000Z');
  });
  it('is never before the end of the relationship and grows with the years (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: d('1990-01-01'), max: d('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 30 }),
        (end, years) => {
          const until = retainUntil({ closedAt: end, deletedAt: null }, years)!;
          expect(until.getTime()).toBeGreaterThanOrEqual(end.getTime());
          const later = retainUntil({ closedAt: end, deletedAt: null }, years + 1)!;
          expect(later.getTime()).toBeGreaterThan(until.getTime());
        },
      ),
    );
  });
});

describe('who may be erased', () => {
  it('refuses active, pending and suspended customers, and anyone under a hold', () => {
    for (const status of ['pending', 'active', 'suspended'] as const)
      expect(() => assertErasable({ status, deletedAt: null, erasedAt: null }, false)).toThrow(/Close the customer/);
    expect(() => assertErasable(closed, true)).toThrow(/legal hold/);
    expect(() => assertErasable({ ...closed, erasedAt: d('2025-01-01') }, false)).toThrow(/already/);
  });
  it('allows closed customers and deleted customers of any status', () => {
    expect(() => assertErasable(closed, false)).not.toThrow();
    expect(() => assertErasable({ status: 'active', deletedAt: d('2025-01-01'), erasedAt: null }, false)).not.toThrow();
  });
});

describe('the KYC retention sweep', () => {
  const erased = { ...closed, erasedAt: d('2024-04-01T00:00:00Z') };
  it('is due from retainUntil on, not a moment before, never under a hold, never twice', () => {
    expect(kycErasureDue(erased, false, 5, d('2029-03-10T11:59:59.999Z'))).toBe(false);
    expect(kycErasureDue(erased, false, 5, d('2029-03-10T12:00:00Z'))).toBe(true);
    expect(kycErasureDue(erased, true, 5, d('2035-01-01T00:00:00Z'))).toBe(false);
    expect(kycErasureDue({ ...erased, kycErasedAt: d('2030-01-01') }, false, 5, d('2035-01-01'))).toBe(false);
    expect(kycErasureDue(closed, false, 5, d('2035-01-01'))).toBe(false);
  });
});

describe('erasurePlan', () => {
  const now = d('2025-01-01T00:00:00Z');
  it('erases all but KYC now on a closed customer, KYC held until retainUntil', () => {
    const plan = erasurePlan(closed, false, counts(), 5, now);
    expect(plan.refusal).toBeNull();
    expect(plan.erasableNow.map((e) => e.kind)).not.toContain('kycDocuments');
    expect(plan.erasableNow).toHaveLength(PRIVACY_RECORD_KINDS.length - 1);
    expect(plan.heldUntil).toEqual([
      { kind: 'kycDocuments', count: 2, until: d('2029-03-10T12:00:00Z'), reason: 'retention' },
    ]);
  });
  it('erases KYC at once when retention has already run out', () => {
    const plan = erasurePlan(closed, false, counts(), 5, d('2030-01-01'));
    expect(plan.heldUntil).toEqual([]);
    expect(plan.erasableNow.map((e) => e.kind)).toContain('kycDocuments');
  });
  it('holds everything under a hold, and nothing is erasable', () => {
    const plan = erasurePlan(closed, true, counts(), 5, d('2040-01-01'));
    expect(plan.erasableNow).toEqual([]);
    expect(plan.heldUntil.every((h) => h.reason === 'hold' && h.until === null)).toBe(true);
  });
  it('erases nothing while the relationship lasts', () => {
    const plan = erasurePlan({ ...closed, status: 'active', closedAt: null }, false, counts(), 5, now);
    expect(plan.erasableNow).toEqual([]);
    expect(plan.retainUntil).toBeNull();
    expect(plan.heldUntil.every((h) => h.reason === 'relationship')).toBe(true);
  });
  it('lists every record exactly once, never erasable under a hold (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('pending', 'active', 'suspended', 'closed' as const),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 5 }), {
          minLength: PRIVACY_RECORD_KINDS.length,
          maxLength: PRIVACY_RECORD_KINDS.length,
        }),
        fc.date({ min: d('2020-01-01'), max: d('2040-01-01'), noInvalidDate: true }),
        (status, hold, deleted, ns, at) => {
          const c = Object.fromEntries(PRIVACY_RECORD_KINDS.map((k, i) => [k, ns[i]])) as unknown as RecordCounts;
          const facts: RetentionFacts = {
            status: status as RetentionFacts['status'],
            closedAt: status === 'closed' ? d('2022-01-01') : null,
            deletedAt: deleted ? d('2023-01-01') : null,
            erasedAt: null,
            kycErasedAt: null,
          };
          const plan = erasurePlan(facts, hold, c, 5, at);
          const listed = [...plan.erasableNow, ...plan.heldUntil].map((e) => e.kind).sort();
          expect(listed).toEqual(PRIVACY_RECORD_KINDS.filter((k) => c[k] > 0).sort());
          if (hold) expect(plan.erasableNow).toEqual([]);
          if (plan.refusal) expect(plan.erasableNow.filter((e) => e.kind !== 'kycDocuments')).toEqual([]);
        },
      ),
    );
  });
});
