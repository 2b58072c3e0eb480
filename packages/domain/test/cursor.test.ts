import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/common';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const value = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.uuid(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  fc.constant(null),
);

describe('encodeCursor / decodeCursor', () => {
  it('round-trips the tuples the services use', () => {
    const tuples: (string | number | null)[][] = [
      ['createdAt', '2024-06-15T12:00:00.000Z', '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
      ['name', 'ann lee', '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
      ['name', 'Łukasz Żółć', 'id'],
      ['name', 'Zoë Müller-Lüdenscheidt', 'id'],
      ['name', '王小明 株式会社', 'id'],
      ['name', 'emoji 🎉 ltd', 'id'],
      ['ops@acme.example'],
      [42],
      [],
      [null, 0, -1, 3.5, ''],
    ];
    for (const t of tuples) {
      const c = encodeCursor(t);
      expect(c).toMatch(BASE64URL);
      expect(decodeCursor(c)).toEqual(t);
    }
  });

  it('property: decode(encode(x)) = x and the cursor is URL-safe', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), (values) => {
        const c = encodeCursor(values);
        expect(c).toMatch(BASE64URL);
        expect(c).not.toContain('=');
        expect(decodeCursor(c)).toEqual(values);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: different tuples give different cursors', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), fc.array(value, { maxLength: 4 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(encodeCursor(a)).not.toBe(encodeCursor(b));
      }),
    );
  });

  it.each([
    '',
    'abc',
    '!!!',
    '%%%%',
    'not a cursor',
    'a',
    '====',
    'e30', // base64 of "{}": valid JSON but not a tuple
    'IjEi', // base64 of "\"1\""
    'MQ', // base64 of "1"
    'bnVsbA', // base64 of "null"
    'W3sx', // base64 of "[{1": broken JSON
    '_-_-',
    '/w', // a lone 0xFF byte: not UTF-8
  ])('garbage %j decodes to null', (garbage) => {
    expect(decodeCursor(garbage)).toBeNull();
  });

  it('a truncated cursor decodes to null', () => {
    const c = encodeCursor(['createdAt', '2024-06-15T12:00:00.000Z', '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b']);
    for (let n = 0; n < c.length; n++) expect(decodeCursor(c.slice(0, n)), c.slice(0, n)).toBeNull();
  });

  it('property: decoding never throws, and gives null or an array', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]*$/)),
        (s) => {
          const out = decodeCursor(s);
          expect(out === null || Array.isArray(out)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
