import { formatAddress } from 'localized-address-format';

/** The address fields a customer has (see customerFields). */
export interface PostalAddress {
  addressLine1?: string | null;
  addressLine2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country: string;
}

/** Letters of a script other than Latin (kana, kanji, hangul, Cyrillic, Arabic …). */
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const MARK = '\u0001';

type Script = 'local' | 'latin';
type Field = 'locality' | 'administrativeArea' | 'postalCode';

/** Whether the country's format has a place for `field` (the library drops values it has no place for). */
function hasPlace(country: string, script: Script, field: Field): boolean {
  return formatAddress({ postalCountry: country, [field]: MARK }, script).some((line) => line.includes(MARK));
}

/** Whether the country writes addresses from the largest place down (Japan, Korea, China: region before street). */
function largestFirst(country: string, script: Script): boolean {
  const lines = formatAddress({ postalCountry: country, administrativeArea: MARK, addressLines: ['\u0002'] }, script);
  const region = lines.findIndex((l) => l.includes(MARK));
  const street = lines.findIndex((l) => l.includes('\u0002'));
  return region >= 0 && street >= 0 && region < street;
}

const clean = (v: string | null | undefined) => v?.trim() ?? '';

/**
 * The lines of a postal address in the order its country writes them (Google's address data via
 * `localized-address-format`): "City, ST 12345" in the US, the postcode on its own line in the UK,
 * "12345 City" in Germany and France, postcode then prefecture first in Japan. The country itself
 * is not a line (it is shown apart). Addresses written only in Latin letters use the country's
 * Latin-script format where it has one (Japan: street first). Postcodes are upper-cased. A value
 * the country's format has no place for is never dropped: a city joins the street lines, anything
 * else ends the address (unless it only repeats the city, as the state of Berlin does).
 */
export function addressLines(address: PostalAddress): string[] {
  const country = address.country.trim().toUpperCase();
  const street = [clean(address.addressLine1), clean(address.addressLine2)].filter(Boolean);
  const city = clean(address.city);
  const state = clean(address.state);
  const postalCode = clean(address.postalCode).toUpperCase();
  if (!street.length && !city && !state && !postalCode) return [];
  const script: Script = [...street, city, state].some((v) => NON_LATIN.test(v)) ? 'local' : 'latin';

  const extra: string[] = [];
  const fields = { locality: city, administrativeArea: state, postalCode };
  for (const field of ['locality', 'administrativeArea', 'postalCode'] as const) {
    if (fields[field] && !hasPlace(country, script, field)) {
      if (field === 'locality') {
        if (largestFirst(country, script)) street.unshift(city);
        else if (street.length) street.push(`${street.pop()}, ${city}`);
        else street.push(city);
      } else if (fields[field].toLowerCase() !== city.toLowerCase()) extra.push(fields[field]);
      fields[field] = '';
    }
  }
  const lines = formatAddress({ postalCountry: country, addressLines: street, ...fields }, script);
  // A format that continues the street line ("%A, %S") puts the rest on a line of its own when there
  // are two street lines: it belongs at the end of the last one.
  return [...lines, ...extra].reduce<string[]>((out, line) => {
    if (line.startsWith(', ') && out.length) out.push(`${out.pop()}${line}`);
    else out.push(line);
    return out;
  }, []);
}
