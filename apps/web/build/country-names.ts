import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const ID = 'virtual:country-names';

/**
 * `import COUNTRY_NAMES from 'virtual:country-names'`: every country the domain accepts as `[code, English name]`,
 * sorted by name. The names are CLDR's, from the build machine's Intl — the same data the browser's
 * `Intl.DisplayNames` holds — worked out once here, because a page's first `Intl` object costs a phone 40–100 ms
 * of locale data loading, and the customer list and page show a country on their first paint.
 */
/**
 * The codes @cm/domain accepts, from the library it takes them from (the config loader runs plain Node, which
 * cannot import the domain's TypeScript; countries.test.ts checks the two lists are the same).
 */
function domainCountryCodes(): string[] {
  const fromDomain = createRequire(join(import.meta.dirname, '../../../packages/domain/package.json'));
  const countries = fromDomain('i18n-iso-countries') as { getAlpha2Codes(): Record<string, string> };
  return Object.keys(countries.getAlpha2Codes());
}

export function countryNames(): Plugin {
  return {
    name: 'cm-country-names',
    resolveId(source) {
      return source === ID ? `\0${ID}` : undefined;
    },
    load(id) {
      if (id !== `\0${ID}`) return undefined;
      const display = new Intl.DisplayNames(['en'], { type: 'region' });
      const entries = domainCountryCodes()
        .map((code) => [code, display.of(code) ?? code] as const)
        .sort((a, b) => a[1].localeCompare(b[1], 'en'));
      return `export default ${JSON.stringify(entries)};`;
    },
  };
}
