import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, readCursor } from '../src/common';

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

describe('readCursor', () => {
  const id = '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
  const at = '2024-06-15T12:00:00.000Z';
  const invalid = (cursor: string, shape: Parameters<typeof readCursor>[1]) =>
    expect(() => readCursor(cursor, shape), cursor).toThrow(/no longer valid/);

  it('reads back the tuples the services write', () => {
    expect(readCursor(encodeCursor(['createdAt', at, id]), ['string', 'datetime', 'uuid'])).toEqual([
      'createdAt',
      at,
      id,
    ]);
    expect(readCursor(encodeCursor([true, at, id.toUpperCase()]), ['boolean', 'datetime', 'uuid'])).toEqual([
      true,
      at,
      id.toUpperCase(),
    ]);
    expect(readCursor(encodeCursor(['2028-02-29', id]), ['date', 'uuid'])).toEqual(['2028-02-29', id]);
    expect(readCursor(encodeCursor([42]), ['integer'])).toEqual([42]);
    expect(readCursor(encodeCursor(['0001-01-01T00:00:00.000Z']), ['datetime'])).toEqual(['0001-01-01T00:00:00.000Z']);
    expect(readCursor(null, ['uuid'])).toBeUndefined();
    expect(readCursor('', ['uuid'])).toBeUndefined();
  });

  it('property: any instant written by toISOString and any uuid read back', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.uuid(),
        (d, u) => {
          const iso = d.toISOString();
          expect(readCursor(encodeCursor([iso, iso.slice(0, 10), u]), ['datetime', 'date', 'uuid'])).toEqual([
            iso,
            iso.slice(0, 10),
            u,
          ]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a wrong shape, wrong kinds and garbage as BAD_REQUEST on cursor', () => {
    try {
      readCursor('not a cursor', ['uuid']);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'BAD_REQUEST', data: { fieldErrors: { cursor: [expect.any(String)] } } });
    }
    invalid(encodeCursor([at, id, 'extra']), ['datetime', 'uuid']);
    invalid(encodeCursor([at]), ['datetime', 'uuid']);
    invalid(encodeCursor([1, id]), ['string', 'uuid']);
    invalid(encodeCursor(['true', at, id]), ['boolean', 'datetime', 'uuid']);
  });

  it.each([
    ['uuid', 'y'],
    ['uuid', ''],
    ['uuid', '------------------------------------'],
    ['uuid', '2b1e2f6a3c4d4e5f8a9b0c1d2e3f4a5b0000'],
    ['uuid', '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5g'],
    ['uuid', ' 2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
    ['uuid', 42],
    ['datetime', 'x'],
    ['datetime', '2024-06-15'],
    ['datetime', '2024-06-15T12:00:00Z'],
    ['datetime', '2024-06-15T12:00:00.000+02:00'],
    ['datetime', '2024-02-30T12:00:00.000Z'],
    ['datetime', '2024-13-01T12:00:00.000Z'],
    ['datetime', '2024-06-15T24:00:00.000Z'],
    ['datetime', '0000-01-01T00:00:00.000Z'],
    ['datetime', '+010000-01-01T00:00:00.000Z'],
    ['datetime', 1718452800000],
    ['date', 'x'],
    ['date', '2026-02-29'],
    ['date', '2024-04-31'],
    ['date', '0000-01-01'],
    ['date', '2024-06-15T00:00:00.000Z'],
    ['date', '20240615'],
    ['integer', 1.5],
    ['integer', 1e300],
    ['integer', '1'],
    ['integer', null],
  ] as const)('refuses a %s part of %j', (kind, value) => {
    invalid(encodeCursor([value]), [kind]);
  });
});
