/**
 * Vitest projects shared by every package with database tests: the same files run once on
 * embedded PGlite and once on the real PostgreSQL of TEST_DATABASE_URL.
 */
import { fileURLToPath } from 'node:url';
import { TEST_DATA_KEY } from './test-data-key.ts';

const setupFile = fileURLToPath(new URL('./vitest-global-setup.ts', import.meta.url));

/**
 * Files named `*.pg.test.ts` need a PostgreSQL server of their own making (a second pool, a proxy
 * that can cut the connection) and run in the postgres project only.
 */
export function databaseProjects(include: string[], extra: Record<string, unknown> = {}) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL test run cannot be skipped in CI.');
  }
  if (!url) console.warn('TEST_DATABASE_URL is not set: running database tests on PGlite only.');
  const kinds = url ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  return kinds.map((kind) => ({
    extends: true,
    test: {
      name: kind,
      include,
      exclude: kind === 'postgres' ? [] : ['**/*.pg.test.ts', '**/node_modules/**'],
      globalSetup: [setupFile],
      provide: { testDbKind: kind, testDatabaseUrl: url ?? '' },
      // Test databases and the servers tests spawn share one master key (see testing.ts).
      env: { DATA_KEY: process.env.DATA_KEY ?? TEST_DATA_KEY },
      ...extra,
    },
  }));
}
