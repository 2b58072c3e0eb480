import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** How a stored phone number is shown: international format, and E.164 for a `tel:` link when it could be read. */
export interface PhoneDisplay {
  text: string;
  e164: string | null;
}

/**
 * A stored phone number (E.164 since input is normalised; older or imported values may be national)
 * for display: "+44 20 7946 0958", read with the customer's country when it has no country code.
 * A value that cannot be read is shown as stored, without a link. Only formatting is needed here, so
 * the smaller "min" metadata does (validation in phone.ts uses "max").
 */
export function formatPhone(stored: string, country?: string | null): PhoneDisplay {
  const value = stored.trim();
  const region = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(value.startsWith('00') ? `+${value.slice(2)}` : value, region);
  if (!parsed?.isPossible()) return { text: value, e164: null };
  return { text: parsed.formatInternational(), e164: parsed.number };
}
