import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { MasterKeyring } from './data-keys/crypto';
import { withMasterKeys } from './data-keys/keyring';
import type { Database } from './schema';

export type DbConfig = (
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
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }
) & {
  /** The master key(s) for audit personal values; without them, writing or reading such values fails. */
  masterKeys?: MasterKeyring;
};

export type Db = Kysely<Database>;

/** Options for {@link DbHandle.listen}. */
export interface ListenOptions {
  /**
   * Called after a lost LISTEN connection has been re-established: notifications sent while it was
   * down are gone, so whoever relies on them must catch up another way.
   */
  onReconnect?: () => void;
  /** Called when the LISTEN connection drops or a reconnect attempt fails (a retry is scheduled). */
  onError?: (err: unknown) => void;
}

export interface DbHandle {
  db: Db;
  kind: DbConfig['kind'];
  /**
   * Calls `onMessage` with the payload of every `NOTIFY` on `channel` (delivered on commit). On
   * PostgreSQL this holds one dedicated connection outside the pool and reconnects with backoff when
   * it drops. Resolves once listening; the returned function stops.
   */
  listen(channel: string, onMessage: (payload: string) => void, opts?: ListenOptions): Promise<() => Promise<void>>;
  /** Stops every listener, then closes the pool or the embedded database. */
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

function keyed(db: Db, ring: MasterKeyring | undefined): Db {
  return ring ? withMasterKeys(db, ring) : db;
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
    const db = keyed(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), config.masterKeys);
    return withListeners(db, 'postgres', (channel, onMessage, opts) =>
      listenOnPostgres(config.url, channel, onMessage, opts),
    );
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
  const db = keyed(new Kysely<Database>({ dialect: new PGliteDialect(client) }), config.masterKeys);
  // One embedded session: its own NOTIFYs are delivered to it after each commit.
  return withListeners(db, 'pglite', async (channel, onMessage) => {
    const unlisten = await client.listen(channel, onMessage);
    return () => unlisten();
  });
}

type Listen = (
  channel: string,
  onMessage: (payload: string) => void,
  opts?: ListenOptions,
) => Promise<() => Promise<void>>;

/** The handle, with every listener it started stopped before the database closes. */
function withListeners(db: Db, kind: DbConfig['kind'], listen: Listen): DbHandle {
  const active = new Set<() => Promise<void>>();
  let closed = false;
  return {
    db,
    kind,
    async listen(channel, onMessage, opts) {
      if (closed) throw new Error('The database handle is closed.');
      const stop = await listen(channel, onMessage, opts);
      let stopped = false;
      const once = async () => {
        if (stopped) return;
        stopped = true;
        active.delete(once);
        await stop();
      };
      active.add(once);
      return once;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...active].map((stop) => stop()));
      await db.destroy();
    },
  };
}

const LISTEN_BACKOFF_MIN_MS = 250;
const LISTEN_BACKOFF_MAX_MS = 30_000;

/**
 * LISTEN on a connection of its own: a pooled one would be handed to other queries and lose the
 * registration. When the connection drops it is replaced, waiting longer after each failure.
 */
async function listenOnPostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  opts: ListenOptions = {},
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onMessage(msg.payload ?? '');
    });
    c.on('error', (err) => {
      // Reported here, handled by 'end', which follows every fatal error.
      opts.onError?.(err);
    });
    c.on('end', () => {
      if (client === c) {
        client = null;
        if (!stopped) schedule();
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    } catch (err) {
      c.removeAllListeners('end');
      c.on('error', () => {});
      await c.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    failures = 0;
  };

  const schedule = () => {
    const delay = Math.min(LISTEN_BACKOFF_MAX_MS, LISTEN_BACKOFF_MIN_MS * 2 ** failures);
    failures += 1;
    retry = setTimeout(
      async () => {
        retry = undefined;
        if (stopped) return;
        try {
          await connect();
          if (!stopped) opts.onReconnect?.();
        } catch (err) {
          opts.onError?.(err);
          if (!stopped) schedule();
        }
      },
      delay * (0.75 + Math.random() * 0.5),
    );
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
