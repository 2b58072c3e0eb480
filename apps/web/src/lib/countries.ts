import { COUNTRY_CODES } from '@cm/domain';

const names = new Intl.DisplayNames(['en'], { type: 'region' });

/** The English name of an ISO 3166-1 alpha-2 code; the code itself when the browser does not know it. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Every country the domain accepts, sorted by its display name. */
export const COUNTRY_OPTIONS: readonly { value: string; label: string }[] = COUNTRY_CODES.map((code) => ({
  value: code,
  label: countryName(code),
})).sort((a, b) => a.label.localeCompare(b.label, 'en'));
