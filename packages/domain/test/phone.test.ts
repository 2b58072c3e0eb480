import fc from 'fast-check';
import { type CountryCode, getCountries, getExampleNumber, type PhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneExample, phoneSearchDigits } from '../src/customers/phone';

const ok = (input: string, country?: string | null) => {
  const r = normalizePhone(input, country);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} (${country}) to be accepted: ${r.message}`);
  return r.e164;
};

const E164 = /^\+[1-9]\d{6,14}$/;

describe('normalizePhone — flexible input to E.164', () => {
  it.each([
    // international, with every kind of separator
    ['+44 20 7946 0018', undefined, '+442079460018'],
    ['+442079460018', undefined, '+442079460018'],
    ['+44.20.7946.0018', undefined, '+442079460018'],
    ['+44-20-7946-0018', undefined, '+442079460018'],
    ['+44 (20) 7946-0018', undefined, '+442079460018'],
    ['+44 (0) 20 7946 0018', undefined, '+442079460018'],
    ['  +44 20 7946 0018  ', undefined, '+442079460018'],
    // 00 prefix instead of +
    ['0044 20 7946 0018', undefined, '+442079460018'],
    ['00 44 20 7946 0018', undefined, '+442079460018'],
    ['00442079460018', undefined, '+442079460018'],
    ['001 201 555 0123', undefined, '+12015550123'],
    // national format read with the country
    ['020 7946 0018', 'GB', '+442079460018'],
    ['020-7946-0018', 'GB', '+442079460018'],
    ['(020) 7946 0018', 'GB', '+442079460018'],
    ['07400 123456', 'GB', '+447400123456'],
    ['07400.123.456', 'GB', '+447400123456'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['212.555.0123', 'US', '+12125550123'],
    ['201-555-0123', 'US', '+12015550123'],
    ['2015550123', 'US', '+12015550123'],
    ['+1 (201) 555-0123', undefined, '+12015550123'],
    ['030 123456', 'DE', '+4930123456'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    // an explicit international number wins over the customer's country
    ['+33 6 12 34 56 78', 'GB', '+33612345678'],
    ['0033 6 12 34 56 78', 'US', '+33612345678'],
    ['+44 20 7946 0018', 'US', '+442079460018'],
  ] as const)('%j (country %s) → %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toEqual({ ok: true, e164: expected });
  });

  it('treats a null or unknown country as "no country"', () => {
    expect(ok('+44 20 7946 0018', null)).toBe('+442079460018');
    expect(ok('+44 20 7946 0018', 'XX')).toBe('+442079460018');
    expect(normalizePhone('020 7946 0018', null).ok).toBe(false);
    expect(normalizePhone('020 7946 0018', 'XX').ok).toBe(false);
  });

  it('needs the country to read a national number', () => {
    expect(normalizePhone('020 7946 0018').ok).toBe(false);
    expect(normalizePhone('(212) 555-0123').ok).toBe(false);
  });

  it('reads a national number with the given country, not another one', () => {
    // valid in GB, not in the US
    expect(normalizePhone('020 7946 0018', 'US').ok).toBe(false);
  });
});

describe('normalizePhone — rejections', () => {
  const invalid = [
    '123',
    'abc',
    '+44 12',
    '',
    '   ',
    '+',
    '00',
    '+44',
    '+44 20 7946 00189999',
    'phone: none',
    '++44 20 7946 0018',
  ];

  it.each(invalid.flatMap((input) => [undefined, 'GB', 'US'].map((country) => [input, country] as const)))(
    '%j (country %s) is rejected with an example',
    (input, country) => {
      const r = normalizePhone(input, country);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.message).toMatch(/for example \+\d[\d ]{5,}\d\.$/);
      // the example in the message is itself accepted
      const example = /for example (\+[\d ]+)\.$/.exec(r.message)?.[1];
      expect(example).toBeDefined();
      expect(normalizePhone(example!).ok).toBe(true);
    },
  );

  it('shows an example for the customer country, or a GB one by default', () => {
    const us = normalizePhone('123', 'US');
    expect(us.ok).toBe(false);
    if (!us.ok) {
      expect(us.message).toContain(phoneExample('US'));
      expect(us.message).toContain('+1 ');
      expect(us.message).toContain('US national format');
    }
    const none = normalizePhone('123');
    expect(none.ok).toBe(false);
    if (!none.ok) {
      expect(none.message).toContain(phoneExample('GB'));
      expect(none.message).toContain('+44 ');
      expect(none.message).not.toContain('national format');
    }
  });
});

describe('phoneExample', () => {
  it('falls back to GB for missing or unknown countries', () => {
    expect(phoneExample()).toBe(phoneExample('GB'));
    expect(phoneExample(null)).toBe(phoneExample('GB'));
    expect(phoneExample('XX')).toBe(phoneExample('GB'));
    expect(phoneExample('GB')).toMatch(/^\+44 /);
  });

  it('is an accepted number for every supported country', () => {
    for (const country of getCountries()) {
      const example = phoneExample(country);
      expect(example, country).toMatch(/^\+\d[\d ]+$/);
      expect(normalizePhone(example).ok, `${country}: ${example}`).toBe(true);
      expect(normalizePhone(example, country).ok, `${country}: ${example}`).toBe(true);
    }
  });
});

describe('normalizePhone — property: formatting never changes the E.164 result', () => {
  const samples: { country: CountryCode; number: PhoneNumber }[] = getCountries().flatMap((country) => {
    const number = getExampleNumber(country, examples);
    return number ? [{ country, number }] : [];
  });

  it('has example numbers for many countries', () => {
    expect(samples.length).toBeGreaterThan(200);
  });

  const separator = fc.constantFrom('', '', ' ', '.', '-', ' - ', '  ');

  /** The digits regrouped with random separators, the first group optionally in parentheses. */
  const regroup = (digits: string) =>
    fc
      .record({
        seps: fc.array(separator, { minLength: digits.length, maxLength: digits.length }),
        paren: fc.boolean(),
        cut: fc.integer({ min: 1, max: Math.max(1, Math.min(4, digits.length - 1)) }),
      })
      .map(({ seps, paren, cut }) => {
        const head = digits.slice(0, cut);
        const tail = [...digits.slice(cut)].map((d, i) => (i === 0 ? d : seps[i]! + d)).join('');
        return (paren ? `(${head})` : head) + seps[0]! + tail;
      });

  const anyCountry = fc.option(fc.constantFrom(...getCountries()), { nil: undefined });

  /** A sample written in one of the ways people write numbers, with the country to read it with. */
  const written = fc.constantFrom(...samples).chain(({ country, number }) => {
    const cc = number.countryCallingCode;
    const nsn = number.nationalNumber;
    const nationalDigits = number.formatNational().replace(/\D/g, '');
    return fc
      .oneof(
        fc.constant({ input: number.formatNational(), country: country as string | undefined }),
        anyCountry.map((c) => ({ input: number.formatInternational(), country: c as string | undefined })),
        anyCountry.map((c) => ({ input: number.number, country: c as string | undefined })),
        anyCountry.map((c) => ({ input: `00${cc} ${nsn}`, country: c as string | undefined })),
        fc.tuple(regroup(nsn), separator, fc.constantFrom('+', '00'), anyCountry).map(([rest, sep, prefix, c]) => ({
          input: `${prefix}${cc}${sep}${rest}`,
          country: c as string | undefined,
        })),
        regroup(nationalDigits).map((input) => ({ input, country: country as string | undefined })),
      )
      .chain((w) =>
        fc
          .constantFrom('', ' ', '  ')
          .map((pad) => ({ ...w, input: pad + w.input + pad, expected: number.number as string })),
      );
  });

  it('returns the same E.164 for every way of writing a valid number, and is idempotent', () => {
    fc.assert(
      fc.property(written, ({ input, country, expected }) => {
        const e164 = ok(input, country);
        expect(e164).toBe(expected);
        expect(e164).toMatch(E164);
        // normalising the output again gives itself, with or without a country
        expect(ok(e164)).toBe(e164);
        expect(ok(e164, country)).toBe(e164);
      }),
      { numRuns: 2000 },
    );
  });

  it('every country example round-trips in national, international and E.164 form', () => {
    for (const { country, number } of samples) {
      const e164 = number.number;
      expect(ok(number.formatNational(), country), country).toBe(e164);
      expect(ok(number.formatInternational()), country).toBe(e164);
      expect(ok(`00${e164.slice(1)}`), country).toBe(e164);
      expect(ok(e164), country).toBe(e164);
    }
  });
});

describe('phoneSearchDigits — a phone typed as people write it finds the stored E.164 number', () => {
  it.each([
    ['020 7946 0958', '2079460958'],
    ['+44 20 7946 0958', '442079460958'],
    ['0044 20 7946 0958', '442079460958'],
    ['+44 (0)20 7946 0958', '442079460958'],
    ['(201) 555-0123', '2015550123'],
    ['030.1234.5678', '3012345678'],
    ['06 12', '612'],
    ['07946095800', '7946095800'],
  ])('%s → %s', (term, digits) => {
    expect(phoneSearchDigits(term)).toBe(digits);
  });

  it.each([
    ['jane@example.org'],
    ['C-000123'],
    ['Müller'],
    ['12'],
    ['7946'], // digits only already match as typed
    ['000123'], // the digits of a customer number, not a phone
    ['012345'],
    ['+'],
  ])('%s is not searched as a phone', (term) => {
    expect(phoneSearchDigits(term)).toBeNull();
  });

  const trunkZeroCountries: CountryCode[] = ['GB', 'DE', 'FR', 'IT', 'NL', 'AU', 'IN', 'CH', 'IE', 'ES', 'US', 'CA'];
  it('property: national and international formats of a real number lead to digits inside its E.164', () => {
    fc.assert(
      fc.property(fc.constantFrom(...trunkZeroCountries), (country) => {
        const example = getExampleNumber(country, examples) as PhoneNumber;
        for (const written of [example.formatNational(), example.formatInternational()]) {
          const digits = phoneSearchDigits(written);
          expect(digits).not.toBeNull();
          expect(example.number).toContain(digits);
        }
      }),
    );
  });
});
