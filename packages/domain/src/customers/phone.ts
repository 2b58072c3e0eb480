import {
  type CountryCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/** An accepted example for the given country, shown in error messages and form hints. */
export function phoneExample(country?: string | null): string {
  const region = country && isSupportedCountry(country) ? (country as CountryCode) : 'GB';
  const example = getExampleNumber(region, examples);
  return example ? example.formatInternational() : '+44 7400 123456';
}

/**
 * Reads a phone number written the way people write them (spaces, dots, dashes, parentheses,
 * `+` or `00` prefix, or national format read with the customer's country) and returns E.164.
 * A number that cannot be a real phone number is refused with an accepted example.
 */
export function normalizePhone(input: string, country?: string | null): PhoneResult {
  const trimmed = input.trim();
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const region = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(international, region);
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  const hint = region ? ` with the country code, or in ${region} national format` : ' with the country code';
  return {
    ok: false,
    message: `Enter a valid phone number${hint}, for example ${phoneExample(country)}.`,
  };
}

/**
 * The digits to look for when a search term is a phone number written the way people say it
 * ("020 7946 0958", "+44 (0)20…", "0044 20…"): phones are stored as E.164, so separators go,
 * and an international `00` or a national trunk `0` is dropped to leave digits that appear
 * inside the stored number. Null when the term is not phone-like or adds nothing to the
 * plain substring search.
 */
export function phoneSearchDigits(term: string): string | null {
  const trimmed = term.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  // Bare short digit strings are more likely a customer number ("000123") than a phone: leave them
  // to the plain substring search rather than widen it to every number containing "123".
  if (/^\d+$/.test(trimmed) && digits.length < 7) return null;
  if (!trimmed.startsWith('+')) digits = digits.replace(/^00?/, '');
  // "+44 (0)20 …": the bracketed trunk zero is not part of the international number.
  if (/^\+\d{1,3}\s*\(0\)/.test(trimmed)) {
    const cc = trimmed.match(/^\+(\d{1,3})/)![1]!;
    digits = cc + digits.slice(cc.length + 1);
  }
  if (digits.length < 3 || digits === trimmed) return null;
  return digits;
}
