import COUNTRY_NAMES from 'virtual:country-names';

// Worked out at build time (build/country-names.ts), not with Intl.DisplayNames here: see there why.
const byCode: ReadonlyMap<string, string> = new Map(COUNTRY_NAMES);

/**
 * Whether the domain accepts this ISO code (the same list as @cm/domain's `isCountryCode`, without loading the
 * library it builds that from on the first screen; countries.test.ts checks they agree).
 */
export function isCountryCode(code: string): boolean {
  return byCode.has(code);
}

/** The English name of an ISO 3166-1 alpha-2 code; the code itself when it is not one the domain accepts. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  return byCode.get(code) ?? code;
}

let options: readonly { value: string; label: string }[] | undefined;

/** Every country the domain accepts, sorted by its display name (for pickers). */
export function countryOptions(): readonly { value: string; label: string }[] {
  options ??= COUNTRY_NAMES.map(([value, label]) => ({ value, label }));
  return options;
}
