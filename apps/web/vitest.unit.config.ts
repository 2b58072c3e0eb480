import { defineConfig } from 'vitest/config';
import { countryNames } from './build/country-names.ts';

/** The console's pure helpers, in Node (no build, no browser): `src/**\/*.test.ts`. */
export default defineConfig({
  plugins: [countryNames()],
  test: {
    include: ['src/**/*.test.ts'],
    // Not UTC, and with summer time, so a formatter that ignored the time zone would be caught.
    env: { TZ: 'Europe/London' },
  },
});
