/**
 * The benchmark's own database: a temporary PostgreSQL database (created and dropped here) when a
 * server URL is given, otherwise an in-memory PGlite. Either way migrated with the real migrations.
 */
import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle, generateMasterKey, keyringOf, migrateToLatest, sql } from '@cm/db';

/** A throw-away master key: bench databases are dropped after the run. */
const masterKeys = keyringOf(generateMasterKey());

export interface BenchDatabase {
  kind: DbHandle['kind'];
  /** Shown in the report; never includes credentials. */
  label: string;
  /** The handle the app and the measurements use (default pool settings, like the server). */
  handle: DbHandle;
  /**
   * A handle for bulk loading: one connection, no statement timeout (PostgreSQL), so session
   * settings stick. On PGlite it is the same instance as `handle`.
   */
  loader: DbHandle;
  serverVersion: string;
  /** Closes both handles and drops the temporary database. Safe to call twice. */
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

async function adminExec(adminUrl: string, statement: string) {
  const admin = await createDb({ kind: 'postgres', url: adminUrl, poolMax: 1 });
  try {
    await sql.raw(statement).execute(admin.db);
  } finally {
    await admin.close();
  }
}

async function versionOf(handle: DbHandle): Promise<string> {
  const r = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(handle.db);
  return r.rows[0]?.v ?? '?';
}

/** Opens (and migrates) a fresh database for one benchmark run. */
export async function openBenchDatabase(adminUrl: string | undefined): Promise<BenchDatabase> {
  if (!adminUrl) {
    const handle = await createDb({ kind: 'pglite', masterKeys });
    await migrateToLatest(handle.db);
    let closed = false;
    return {
      kind: 'pglite',
      label: 'PGlite (in-memory, in-process)',
      handle,
      loader: handle,
      serverVersion: await versionOf(handle),
      async dispose() {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    };
  }

  const name = `cm_bench_${randomBytes(5).toString('hex')}`;
  await adminExec(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  let handle: DbHandle | undefined;
  let loader: DbHandle | undefined;
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await loader?.close().catch(() => {});
    await handle?.close().catch(() => {});
    await adminExec(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    // statementTimeoutMs 0 = none: index builds over a million rows take longer than the app's 15 s.
    loader = await createDb({ kind: 'postgres', url, poolMax: 1, statementTimeoutMs: 0, masterKeys });
    await migrateToLatest(loader.db);
    handle = await createDb({ kind: 'postgres', url, masterKeys });
    return {
      kind: 'postgres',
      label: `PostgreSQL ${describeUrl(url)}`,
      handle,
      loader,
      serverVersion: await versionOf(handle),
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
