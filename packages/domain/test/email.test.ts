import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../src/customers/email';

/** Flips the case of each ASCII letter according to a mask. */
const withCase = (s: string, mask: boolean[]) =>
  [...s].map((ch, i) => (mask[i % mask.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');

describe('normalizeEmail', () => {
  it.each([
    ['Foo@Example.COM', 'foo@example.com'],
    ['  ann.smith@example.org  ', 'ann.smith@example.org'],
    ['\tBOB+tag@Mail.Example.co.uk\n', 'bob+tag@mail.example.co.uk'],
    ['already@lower.case', 'already@lower.case'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it('keeps inner characters other than case untouched', () => {
    expect(normalizeEmail(" O'Brien.Mc-Kay_1@Ex-Ample.IE ")).toBe("o'brien.mc-kay_1@ex-ample.ie");
  });

  it('is idempotent for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normalizeEmail(s);
        expect(normalizeEmail(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent for email addresses with surrounding whitespace', () => {
    const ws = fc.constantFrom('', ' ', '  ', '\t', '\n', ' \t ');
    fc.assert(
      fc.property(ws, fc.emailAddress(), ws, (a, email, b) => {
        const once = normalizeEmail(a + email + b);
        expect(once).toBe(once.trim());
        expect(once).toBe(once.toLowerCase());
        expect(normalizeEmail(once)).toBe(once);
      }),
    );
  });

  it('normalises case variants (and padding) of the same address to the same value', () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('', ' ', '\t', '  \n'),
        (email, m1, m2, pad) => {
          const a = withCase(email, m1);
          const b = pad + withCase(email, m2) + pad;
          expect(normalizeEmail(a)).toBe(normalizeEmail(b));
          expect(normalizeEmail(a)).toBe(email.toLowerCase());
        },
      ),
    );
  });
});
