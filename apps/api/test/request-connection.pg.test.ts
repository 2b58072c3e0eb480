import type { AddressInfo } from 'node:net';
import { createDb, type DbHandle } from '@cm/db';
import { testKeys } from '@cm/db/testing';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { makeUser, setupTestEnv, signIn, type TestEnv } from './helpers';

/**
 * A request's statements share one pooled connection (middleware/session.ts, `requestConnection`):
 * counted here as pool checkouts, on a pool of its own (two connections) so that a connection kept
 * by a finished request would soon starve the next ones.
 */

type Pool = pg.Pool & { totalCount: number; idleCount: number; waitingCount: number };
const tag = `request-connection-${Math.random().toString(36).slice(2)}`;
const ours = new Set<Pool>();
let checkouts = 0;
let restore: () => void;

function countCheckouts() {
  let proto = pg.Pool.prototype as object;
  while (!Object.hasOwn(proto, 'connect')) proto = Object.getPrototypeOf(proto);
  const owner = proto as { connect: (...args: unknown[]) => unknown };
  const connect = owner.connect;
  owner.connect = function (this: Pool & { options: { connectionString?: string } }, ...args: unknown[]) {
    if (this.options.connectionString?.includes(tag)) {
      ours.add(this);
      checkouts += 1;
    }
    return connect.apply(this, args);
  };
  restore = () => {
    owner.connect = connect;
  };
}

let env: TestEnv;
let small: DbHandle;
let app: ReturnType<typeof createApp>;
let cookie: string;
let customerId: string;

const headers = () => ({ cookie, 'x-forwarded-for': '10.0.0.1' });
const get = (path: string, input?: unknown) =>
  app.request(`/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {
    headers: headers(),
  });
const pool = () => [...ours][0]!;
/** Every connection of the pool back in it, nobody waiting. */
async function allGivenBack() {
  await new Promise((r) => setImmediate(r));
  const p = pool();
  return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
}

beforeAll(async () => {
  countCheckouts();
  env = await setupTestEnv();
  const url = new URL((env.handle as DbHandle & { url?: string }).url!);
  url.searchParams.set('application_name', tag);
  small = await createDb({
    kind: 'postgres',
    url: url.toString(),
    poolMax: 2,
    connectTimeoutMs: 2000,
    masterKeys: testKeys(),
  });
  app = createApp({ ...env.deps, db: small.db });
  ({ cookie } = await signIn(app, (await makeUser(env.db, 'admin')).email));
  const created = await app.request('/trpc/customers.create', {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'individual',
      firstName: 'Ada',
      lastName: 'Pool',
      email: `${tag}@test.example`,
      country: 'GB',
    }),
  });
  expect(created.status).toBe(200);
  customerId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
});
afterAll(async () => {
  restore?.();
  await small?.close();
  await env?.handle.close();
});

describe('one connection per request', () => {
  it('a signed-in query looks up the session and runs its query on one checkout', async () => {
    checkouts = 0;
    const res = await get('customers.byId', { id: customerId });
    expect(res.status).toBe(200);
    expect(checkouts).toBe(1);
    expect(await allGivenBack()).toEqual({ total: pool().totalCount, idle: pool().totalCount, waiting: 0 });

    // Also when the session is due for its touch (a write between the lookup and the query).
    env.clock.advance(10 * 60_000);
    checkouts = 0;
    expect((await get('customers.byId', { id: customerId })).status).toBe(200);
    expect(checkouts).toBe(1);
  });

  it('gives the connection back after failures: many more failing requests than connections, then a normal one', async () => {
    const failing = [
      () => get('customers.byId', { id: '00000000-0000-4000-8000-000000000000' }), // not found
      () => get('customers.byId', { id: 'not-a-uuid' }), // bad input, after the session lookup
      () =>
        app.request('/trpc/customers.byId', {
          headers: { cookie: 'cm_session=unknown', 'x-forwarded-for': '10.0.0.1' },
        }),
      () => get('no.such.procedure'),
    ];
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => failing[i % failing.length]!()).map(async (r) => (await r).status),
    );
    expect(new Set(statuses)).toEqual(new Set([404, 400, 401]));
    const after = await allGivenBack();
    expect(after.idle).toBe(after.total);
    expect(after.waiting).toBe(0);
    const started = performance.now();
    expect((await get('customers.byId', { id: customerId })).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives the connection back when clients hang up mid-request', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const url = `${base}/trpc/customers.byId?input=${encodeURIComponent(JSON.stringify({ id: customerId }))}`;
      const aborted = Array.from({ length: 30 }, async (_, i) => {
        const ctl = new AbortController();
        const res = fetch(url, { headers: headers(), signal: ctl.signal });
        setTimeout(() => ctl.abort(), i % 3);
        return res.then(
          (r) => r.arrayBuffer(),
          () => undefined,
        );
      });
      await Promise.allSettled(aborted);
      // The handlers finish on their own after the hang-up: wait for them, bounded.
      for (let i = 0; i < 50 && pool().idleCount !== pool().totalCount; i++)
        await new Promise((r) => setTimeout(r, 20));
      const after = await allGivenBack();
      expect(after.idle).toBe(after.total);
      expect(after.waiting).toBe(0);
      const res = await fetch(url, { headers: headers() });
      expect(res.status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("a write's transaction gets a connection even from a pool of one (the lent one is given back while it waits)", async () => {
    const one = await createDb({
      kind: 'postgres',
      url: new URL(`${(env.handle as DbHandle & { url?: string }).url!}?application_name=${tag}-one`).toString(),
      poolMax: 1,
      connectTimeoutMs: 2000,
      masterKeys: testKeys(),
    });
    try {
      const single = createApp({ ...env.deps, db: one.db });
      const res = await single.request(`/trpc/customers.update`, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ id: customerId, version: 1, firstName: 'Adele' }),
      });
      // Session lookup on the lent connection, then the update's transaction: with one connection in
      // the pool this only completes because the lent one is given back while the request waits.
      expect(res.status).toBe(200);
      const read = await single.request(
        `/trpc/customers.byId?input=${encodeURIComponent(JSON.stringify({ id: customerId }))}`,
        {
          headers: headers(),
        },
      );
      expect(read.status).toBe(200);
      expect(((await read.json()) as { result: { data: { firstName: string } } }).result.data.firstName).toBe('Adele');
    } finally {
      await one.close();
    }
  });
});
