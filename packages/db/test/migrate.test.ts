import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import { migrateToLatest } from '../src/migrate';
import { migrations } from '../src/migrations/index';
import { createTestDb } from '../src/testing';

/** Counts the statements sent through the returned instance (the Migrator's included). */
function counting(handle: DbHandle) {
  const seen = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      seen.statements += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: handle.db.withPlugin(plugin), seen };
}

describe('migrateToLatest', () => {
  let handle: DbHandle;
  // One database for the file (each test puts back what it changes): loading one costs seconds on PGlite.
  beforeAll(async () => {
    handle = await createTestDb(inject('testDb'));
  });
  afterAll(async () => {
    await handle.close();
  });

  it('on a database with every migration applied, only reads which ones (two statements)', async () => {
    const { db, seen } = counting(handle);
    expect(await migrateToLatest(db)).toEqual([]);
    expect(seen.statements).toBe(2);
  });

  it('runs a migration that is not recorded as applied', async () => {
    const last = Object.keys(migrations).sort().at(-1)!;
    const { rows } = await sql<{ timestamp: string }>`
      DELETE FROM kysely_migration WHERE name = ${last} RETURNING timestamp`.execute(handle.db);
    try {
      // Its objects exist already, so re-running it fails: proof that it was attempted, not skipped.
      await expect(migrateToLatest(handle.db)).rejects.toThrow(`Migration ${last} failed`);
    } finally {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${last}, ${rows[0]!.timestamp})`.execute(
        handle.db,
      );
    }
  });

  it('still refuses a database that applied a migration this build does not know', async () => {
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', now()::text)`.execute(
      handle.db,
    );
    try {
      const { db, seen } = counting(handle);
      await expect(migrateToLatest(db)).rejects.toThrow(/9999_from_the_future/);
      expect(seen.statements).toBeGreaterThan(2);
    } finally {
      await sql`DELETE FROM kysely_migration WHERE name = '9999_from_the_future'`.execute(handle.db);
    }
  });
});
