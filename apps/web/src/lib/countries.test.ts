import { COUNTRY_CODES, isCountryCode as domainAccepts } from '@cm/domain';
import { describe, expect, it } from 'vitest';
import { countryName, countryOptions, isCountryCode } from './countries';

describe('country names', () => {
  it('offers exactly the countries the domain accepts, each once', () => {
    const offered = countryOptions().map((o) => o.value);
    expect(new Set(offered).size).toBe(offered.length);
    expect([...offered].sort()).toEqual([...COUNTRY_CODES]);
  });

  it('accepts the codes the domain accepts, and no others', () => {
    for (const code of [...COUNTRY_CODES, 'QQ', 'gb', 'UK', 'EU', 'XX', '']) {
      expect(isCountryCode(code)).toBe(domainAccepts(code));
    }
  });

  it('names every country as Intl.DisplayNames does, sorted by name', () => {
    const display = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const code of COUNTRY_CODES) expect(countryName(code)).toBe(display.of(code));
    const labels = countryOptions().map((o) => o.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'en')));
    expect(countryName('GB')).toBe('United Kingdom');
  });

  it('shows the code itself for an unknown one and a dash for none', () => {
    expect(countryName('QQ')).toBe('QQ');
    expect(countryName(null)).toBe('—');
    expect(countryName('')).toBe('—');
  });
});
