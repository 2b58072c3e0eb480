import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffFields } from '../src/audit/schemas';

describe('diffFields', () => {
  const before = {
    firstName: 'Ann',
    lastName: 'Lee',
    email: 'ann@example.com',
    phone: null,
    riskLevel: 'medium',
    version: 3,
    secret: 'hash-1',
  };
  const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'riskLevel'];

  it('lists only the changed fields, with before and after', () => {
    const after = { ...before, lastName: 'Smith', riskLevel: 'high' };
    expect(diffFields(before, after, FIELDS)).toEqual({
      before: { lastName: 'Lee', riskLevel: 'medium' },
      after: { lastName: 'Smith', riskLevel: 'high' },
    });
  });

  it('is empty when nothing changed', () => {
    expect(diffFields(before, { ...before }, FIELDS)).toEqual({ before: {}, after: {} });
  });

  it('ignores fields that are not listed, even when they changed', () => {
    const after = { ...before, version: 4, secret: 'hash-2' };
    expect(diffFields(before, after, FIELDS)).toEqual({ before: {}, after: {} });
  });

  it('records a value set from null and a value cleared to null', () => {
    const after = { ...before, phone: '+442079460018', email: null };
    expect(diffFields(before, after, FIELDS)).toEqual({
      before: { phone: null, email: 'ann@example.com' },
      after: { phone: '+442079460018', email: null },
    });
  });

  it('treats undefined and missing as null (no spurious change), and reports them as null', () => {
    expect(diffFields({ phone: null }, { phone: undefined }, ['phone'])).toEqual({ before: {}, after: {} });
    expect(diffFields({}, { phone: null }, ['phone'])).toEqual({ before: {}, after: {} });
    expect(diffFields({}, { phone: '+1' }, ['phone'])).toEqual({ before: { phone: null }, after: { phone: '+1' } });
    expect(diffFields({ phone: '+1' }, {}, ['phone'])).toEqual({ before: { phone: '+1' }, after: { phone: null } });
  });

  it('compares by value, not identity (dates, arrays, objects)', () => {
    const d = () => new Date('2024-06-15T00:00:00Z');
    expect(
      diffFields({ at: d(), tags: ['a'], meta: { x: 1 } }, { at: d(), tags: ['a'], meta: { x: 1 } }, [
        'at',
        'tags',
        'meta',
      ]),
    ).toEqual({
      before: {},
      after: {},
    });
    expect(diffFields({ tags: ['a'] }, { tags: ['a', 'b'] }, ['tags'])).toEqual({
      before: { tags: ['a'] },
      after: { tags: ['a', 'b'] },
    });
  });

  it('distinguishes values of different types that look alike', () => {
    expect(Object.keys(diffFields({ v: 1 }, { v: '1' }, ['v']).after)).toEqual(['v']);
    expect(Object.keys(diffFields({ v: false }, { v: null }, ['v']).after)).toEqual(['v']);
    expect(Object.keys(diffFields({ v: '' }, { v: null }, ['v']).after)).toEqual(['v']);
  });

  it('property: exactly the listed fields whose values differ appear, on both sides', () => {
    const val = fc.oneof(
      fc.constant(null),
      fc.constantFrom('a', 'b', ''),
      fc.integer({ min: 0, max: 2 }),
      fc.boolean(),
    );
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const row = fc.dictionary(fc.constantFrom(...keys), val);
    fc.assert(
      fc.property(row, row, fc.subarray(keys), (b, a, fields) => {
        const diff = diffFields(b, a, fields);
        const changed = fields.filter((f) => (b[f] ?? null) !== (a[f] ?? null));
        expect(Object.keys(diff.before).sort()).toEqual([...changed].sort());
        expect(Object.keys(diff.after).sort()).toEqual([...changed].sort());
        for (const f of changed) {
          expect(diff.before[f]).toBe(b[f] ?? null);
          expect(diff.after[f]).toBe(a[f] ?? null);
        }
        // no diff of a row with itself
        expect(diffFields(b, { ...b }, fields)).toEqual({ before: {}, after: {} });
      }),
      { numRuns: 500 },
    );
  });
});
