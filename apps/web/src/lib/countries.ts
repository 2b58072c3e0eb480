import { COUNTRY_CODES } from '@cm/domain';
import { lazily } from './format';

const names = lazily(() => new Intl.DisplayNames(['en'], { type: 'region' }));

/** The English name of an ISO 3166-1 alpha-2 code; the code itself when the browser does not know it. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  try {
    return names().of(code) ?? code;
  } catch {
    return code;
  }
}

let options: readonly { value: string; label: string }[] | undefined;

/**
 * Every country the domain accepts, sorted by its display name. Worked out on first use, not when the
 * module loads: 250 names and a locale-aware sort are not part of a page's first paint.
 */
export function countryOptions(): readonly { value: string; label: string }[] {
  options ??= COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) })).sort((a, b) =>
    a.label.localeCompare(b.label, 'en'),
  );
  return options;
}
