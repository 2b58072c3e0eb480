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
