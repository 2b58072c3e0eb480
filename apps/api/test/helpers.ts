import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@cm/auth';
import { type Db, type DbHandle, insertUser, openAuditRows, sql } from '@cm/db';
import { createTestDb } from '@cm/db/testing';
import type { Role } from '@cm/domain';
import { createTRPCClient, httpLink } from '@trpc/client';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp } from '../src/app';
import { type AppConfig, defaultConfig } from '../src/config';
import type { AppDeps } from '../src/deps';
import { startTicketChangeFeed } from '../src/realtime/ticket-change-feed';
import { localDiskStorage } from '../src/storage/local-disk';
import type { AppRouter } from '../src/trpc/router';

export const PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | undefined;

/** A controllable clock: tests move time to exercise idle and absolute expiry. */
export function testClock(start = new Date('2026-06-01T09:00:00Z')) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    set: (d: Date) => {
      t = d.getTime();
    },
  };
}

export interface TestEnv {
  handle: DbHandle;
  db: Db;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof testClock>;
  filesDir: string;
}

/** One database of its own per test file, and an app over it. */
export async function setupTestEnv(config: Partial<AppConfig> = {}): Promise<TestEnv> {
  const handle = await createTestDb(inject('testDb'));
  const clock = testClock();
  const filesDir = mkdtempSync(join(tmpdir(), 'cm-files-'));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // Live ticket changes, as in main.ts; `handle.close()` stops its listener.
  const ticketChanges = await startTicketChangeFeed(handle, logger);
  const deps: AppDeps = {
    db: handle.db,
    dbKind: handle.kind,
    config: { ...defaultConfig, trustProxy: true, ...config },
    logger,
    storage: localDiskStorage(filesDir),
    now: clock.now,
    draining: { value: false },
    ticketChanges,
  };
  return { handle, db: handle.db, deps, app: createApp(deps), clock, filesDir };
}

/** Every file in the test's storage directory, as `dir/key`, partial writes included. */
export function storedFiles(env: Pick<TestEnv, 'filesDir'>): string[] {
  const out: string[] = [];
  for (const dir of ['kyc', 'documents', 'tickets', 'imports', 'tmp']) {
    try {
      for (const f of readdirSync(join(env.filesDir, dir))) out.push(`${dir}/${f}`);
    } catch {}
  }
  return out;
}

let seq = 0;
export async function makeUser(db: Db, role: Role, opts: { customerId?: string; email?: string } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  seq += 1;
  return insertUser(db, {
    email: opts.email ?? `${role}${seq}-${Math.random().toString(36).slice(2, 8)}@test.example`,
    name: `${role} user ${seq}`,
    role,
    customer_id: opts.customerId ?? null,
    password_hash: await passwordHash,
  });
}

type TrpcResult<T> =
  | { ok: true; data: T; status: number; headers: Headers }
  | {
      ok: false;
      status: number;
      headers: Headers;
      error: {
        message: string;
        data: { code: string; httpStatus: number; fieldErrors?: Record<string, string[]>; [k: string]: unknown };
      };
    };

/**
 * The typed tRPC client over the app, as other internal apps use it: a wrong procedure name or
 * input fails to compile. Prefer it in new tests.
 */
export function typedApi(
  app: TestEnv['app'],
  opts: { cookie?: string; ip?: string; token?: string; headers?: Record<string, string> } = {},
) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://localhost/trpc',
        fetch: async (url, init) => app.request(String(url), init as RequestInit),
        headers: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          'x-forwarded-for': opts.ip ?? '10.0.0.1',
          ...opts.headers,
        },
      }),
    ],
  });
}

/** Calls tRPC over HTTP exactly as a browser or another app would. */
export function client(app: TestEnv['app'], opts: { cookie?: string; ip?: string; token?: string } = {}) {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(opts.cookie ? { cookie: opts.cookie } : {}),
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    'x-forwarded-for': opts.ip ?? '10.0.0.1',
    ...extra,
  });
  async function parse<T>(res: Response): Promise<TrpcResult<T>> {
    const body = (await res.json()) as { result?: { data: T }; error?: TrpcResult<T> extends infer _ ? any : never };
    if (body.result) return { ok: true, data: body.result.data, status: res.status, headers: res.headers };
    return { ok: false, status: res.status, headers: res.headers, error: body.error };
  }
  return {
    async query<T = any>(path: string, input?: unknown) {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return parse<T>(await app.request(`/trpc/${path}${qs}`, { headers: headers() }));
    },
    async mutation<T = any>(path: string, input?: unknown) {
      return parse<T>(
        await app.request(`/trpc/${path}`, {
          method: 'POST',
          headers: headers({ 'content-type': 'application/json' }),
          body: JSON.stringify(input ?? null),
        }),
      );
    },
  };
}

/** Signs in over HTTP and returns a client carrying the session cookie. */
export async function signIn(app: TestEnv['app'], email: string, password = PASSWORD, ip = '10.0.0.1') {
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { cookie, client: client(app, { cookie, ip }), setCookie };
}

/** Users of every role signed in, plus a customer the client user belongs to. */
export async function signedInRoles(env: TestEnv) {
  const admin = await makeUser(env.db, 'admin');
  const corporate = await makeUser(env.db, 'corporate');
  const a = await signIn(env.app, admin.email);
  const own = await a.client.mutation('customers.create', {
    type: 'individual',
    firstName: 'Olga',
    lastName: 'Owner',
    email: `owner-${Math.random().toString(36).slice(2)}@test.example`,
    country: 'GB',
  });
  if (!own.ok) throw new Error(JSON.stringify(own.error));
  const clientUser = await makeUser(env.db, 'client', { customerId: own.data.id });
  return {
    admin: { user: admin, ...a },
    corporate: { user: corporate, ...(await signIn(env.app, corporate.email)) },
    client: { user: clientUser, ...(await signIn(env.app, clientUser.email)) },
    anonymous: client(env.app),
    ownCustomer: own.data as { id: string; version: number },
  };
}

/** Audit rows as the product reads them (personal values decrypted); raw ones: select them directly. */
export async function auditRows(db: Db, action?: string) {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id');
  if (action) q = q.where('action', '=', action);
  return openAuditRows(db, await q.execute());
}

/**
 * Runs `during` while another transaction has changed a row (`edit`) and not committed yet, then
 * commits and returns what `during` answered. On PostgreSQL it commits only once `during` waits for
 * that row's lock; on PGlite (one connection, one transaction at a time) `during` runs after it.
 */
export async function whileRowLocked<T>(
  env: TestEnv,
  edit: (trx: Db) => Promise<unknown>,
  during: () => Promise<T>,
): Promise<T> {
  let pending: Promise<T> | undefined;
  await env.db.transaction().execute(async (trx) => {
    await edit(trx);
    pending = during();
    if (env.handle.kind !== 'postgres') return;
    for (let i = 0; ; i++) {
      const waiting = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(env.db);
      if (waiting.rows[0]!.n > 0) return;
      if (i === 100) throw new Error('nothing waited for the locked row');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  return pending!;
}
