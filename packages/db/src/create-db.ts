import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema';

export type DbConfig =
  | {
      kind: 'postgres';
      url: string;
      poolMax?: number;
      /** How long a request may wait for a pooled connection before failing fast. */
      connectTimeoutMs?: number;
      /** Server side: PostgreSQL cancels a statement running longer (0 = no limit). */
      statementTimeoutMs?: number;
      /**
       * Client side: a query with no answer by then fails, even when the connection has stalled and
       * the server's own timeout cannot reach us. Defaults to a little above the statement timeout.
       */
      queryTimeoutMs?: number;
    }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: DbConfig['kind'];
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

/** How much longer than the statement timeout the client waits before giving up on a query. */
const QUERY_TIMEOUT_MARGIN_MS = 2000;

const INT8 = 20;
const DATE = 1082;
const DATE_ARRAY = 1182;

/** Counts come back as numbers and `date` columns as YYYY-MM-DD on both drivers. */
function pgTypeParser(oid: number, format?: string) {
  if (oid === INT8) return (v: string) => Number(v);
  if (oid === DATE || oid === DATE_ARRAY) return (v: string) => v;
  return pg.types.getTypeParser(oid, format as 'text');
}

/** Creates the database handle: a pooled PostgreSQL connection, or PGlite embedded in this process. */
export async function createDb(config: DbConfig): Promise<DbHandle> {
  if (config.kind === 'postgres') {
    const statementTimeoutMs = config.statementTimeoutMs ?? 15000;
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolMax ?? 10,
      connectionTimeoutMillis: config.connectTimeoutMs ?? 5000,
      statement_timeout: statementTimeoutMs,
      // The server's timeout normally answers first; this one only fires when no answer can come.
      query_timeout:
        config.queryTimeoutMs ?? (statementTimeoutMs > 0 ? statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS : 0),
      idle_in_transaction_session_timeout: 30000,
      types: { getTypeParser: pgTypeParser as typeof pg.types.getTypeParser },
    });
    // A client losing its server (idle or checked out) must not crash the process: the query in
    // flight fails on its own, and the pool opens a new connection for the next one.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let dataDir: string | undefined;
  if (config.dataDir) {
    dataDir = join(config.dataDir, 'pg');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
    ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
