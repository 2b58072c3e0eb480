/**
 * The benchmark's own database: a temporary PostgreSQL database (created and dropped here) when a
 * server URL is given, otherwise an in-memory PGlite. Either way migrated with the real migrations.
 *
 * `BENCH_KEEP_DB=1` (PostgreSQL only): one kept database per size, `cm_bench_keep_<size>`, loaded by the
 * first run that needs it and reused, not dropped, by later runs of `bench:http` and `bench:sizes`
 * (seeding a million customers takes minutes). A run that reuses one sees what earlier runs left
 * in it (sweeps already run, uploads stored); drop them by hand to start over.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createDb, type DbHandle, generateMasterKey, keyringOf, migrateToLatest, sql } from '@cm/db';

/** A throw-away master key: bench databases are dropped after the run. */
const throwAwayKey = generateMasterKey();

/**
 * A kept database's master key, the same in every run (data keys written by one run must unwrap in
 * the next): derived from its name, so it protects nothing — kept databases hold generated data only.
 */
const keptKey = (name: string) => createHash('sha256').update(`cm bench kept database ${name}`).digest('base64');

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
  /** The audit master key (`DATA_KEY`) its handles use: give it to an API process serving it. */
  dataKey: string;
  /** A kept database an earlier run finished loading: load nothing. */
  loaded: boolean;
  /** Marks a kept database as fully loaded, so later runs reuse it (no-op otherwise). */
  markLoaded(): Promise<void>;
  /** Closes both handles and drops the temporary database (a kept one stays). Safe to call twice. */
  dispose(): Promise<void>;
}

/** The kept database's name for a size when `BENCH_KEEP_DB=1`, else undefined (a temporary one). */
export function keptDatabaseName(size: number): string | undefined {
  return process.env.BENCH_KEEP_DB === '1' ? `cm_bench_keep_${Math.trunc(size)}` : undefined;
}

/** The comment a kept database carries once loaded: an interrupted load is never reused. */
const LOADED = 'cm bench data loaded';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

async function adminQuery<T>(adminUrl: string, query: (db: DbHandle['db']) => Promise<T>): Promise<T> {
  const admin = await createDb({ kind: 'postgres', url: adminUrl, poolMax: 1 });
  try {
    return await query(admin.db);
  } finally {
    await admin.close();
  }
}

async function adminExec(adminUrl: string, statement: string) {
  await adminQuery(adminUrl, (db) => sql.raw(statement).execute(db));
}

async function versionOf(handle: DbHandle): Promise<string> {
  const r = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(handle.db);
  return r.rows[0]?.v ?? '?';
}

/** Opens (and migrates) a fresh database for one benchmark run, or the kept database `keep`. */
export async function openBenchDatabase(adminUrl: string | undefined, keep?: string): Promise<BenchDatabase> {
  if (!adminUrl) {
    const handle = await createDb({ kind: 'pglite', masterKeys: keyringOf(throwAwayKey) });
    await migrateToLatest(handle.db);
    let closed = false;
    return {
      kind: 'pglite',
      label: 'PGlite (in-memory, in-process)',
      handle,
      loader: handle,
      serverVersion: await versionOf(handle),
      dataKey: throwAwayKey,
      loaded: false,
      async markLoaded() {},
      async dispose() {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    };
  }

  const name = keep ?? `cm_bench_${randomBytes(5).toString('hex')}`;
  const dataKey = keep ? keptKey(keep) : throwAwayKey;
  const masterKeys = keyringOf(dataKey);
  let loaded = false;
  if (keep) {
    const found = await adminQuery(
      adminUrl,
      async (db) =>
        (
          await sql<{ comment: string | null }>`
            SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ${keep}`.execute(
            db,
          )
        ).rows,
    );
    loaded = found[0]?.comment === LOADED;
    if (found.length > 0 && !loaded) await adminExec(adminUrl, `DROP DATABASE ${name} WITH (FORCE)`);
  }
  if (!loaded) await adminExec(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  let handle: DbHandle | undefined;
  let loader: DbHandle | undefined;
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await loader?.close().catch(() => {});
    await handle?.close().catch(() => {});
    if (!keep) await adminExec(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
      dataKey,
      loaded,
      async markLoaded() {
        if (keep) await adminExec(adminUrl, `COMMENT ON DATABASE ${name} IS '${LOADED}'`);
      },
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
