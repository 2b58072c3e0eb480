/**
 * Test databases: migrate once per run (global setup), then give every test file its own copy —
 * a PostgreSQL database cloned from a template, or a PGlite instance loaded from a data-dir dump.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { createDb, type DbHandle } from './create-db';
import { keyringOf } from './data-keys/crypto';
import { migrateToLatest } from './migrate';
import { TEST_DATA_KEY } from './test-data-key';

export { TEST_DATA_KEY };

export type TestDbKind = 'pglite' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    testDbKind: TestDbKind;
    testDatabaseUrl: string;
    testDb: TestDbContext;
  }
}

export interface TestDbContext {
  kind: TestDbKind;
  /** PostgreSQL: admin URL and template name. PGlite: path of the dump file. */
  adminUrl?: string;
  template?: string;
  dumpPath?: string;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Global setup: a migrated template for the chosen kind. Returns the context and a teardown. */
export async function prepareTestDatabases(kind: TestDbKind, adminUrl?: string) {
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  if (kind === 'postgres') {
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is required for the postgres test project.');
    const template = `cm_tpl_${tag}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
    const handle = await createDb({ kind: 'postgres', url: withDatabase(adminUrl, template), poolMax: 1 });
    await migrateToLatest(handle.db);
    await handle.close();
    const ctx: TestDbContext = { kind, adminUrl, template };
    return {
      ctx,
      teardown: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`),
    };
  }
  const client = await PGlite.create({ extensions: { pg_trgm } });
  const db = new Kysely<any>({ dialect: new PGliteDialect(client) });
  await migrateToLatest(db);
  const dump = await client.dumpDataDir('none');
  await db.destroy();
  const dumpPath = join(tmpdir(), `cm_pglite_${tag}.tar`);
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  const ctx: TestDbContext = { kind, dumpPath };
  return { ctx, teardown: () => rm(dumpPath, { force: true }) };
}

function testKeys() {
  return keyringOf(process.env.DATA_KEY ?? TEST_DATA_KEY);
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDb(ctx: TestDbContext): Promise<DbHandle & { url?: string }> {
  if (ctx.kind === 'postgres') {
    const name = `cm_t_${randomBytes(6).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await adminQuery(ctx.adminUrl!, `CREATE DATABASE ${name} TEMPLATE ${ctx.template}`);
        break;
      } catch (err) {
        // Two files cloning the template at the same moment: wait and retry.
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const url = withDatabase(ctx.adminUrl!, name);
    const handle = await createDb({ kind: 'postgres', url, poolMax: 5, masterKeys: testKeys() });
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await adminQuery(ctx.adminUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const bytes = await readFile(ctx.dumpPath!);
  return createDb({ kind: 'pglite', loadDataDir: new Blob([bytes]), masterKeys: testKeys() });
}
