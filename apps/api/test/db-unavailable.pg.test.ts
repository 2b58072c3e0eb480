import { connect, createServer, type Server, type Socket } from 'node:net';
import { createDb, type DbHandle } from '@cm/db';
import { testKeys } from '@cm/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { defaultConfig } from '../src/config';
import { makeUser, setupTestEnv, signIn, type TestEnv } from './helpers';

/**
 * A TCP proxy in front of PostgreSQL that the test can cut and restore, like a database outage, or
 * stall (connections stay open, nothing gets through), like a network that silently drops packets.
 */
function outageProxy(target: URL) {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  let port = 0;
  let stalled = false;
  return {
    async start() {
      server = createServer((socket) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        sockets.add(socket).add(upstream);
        socket.pipe(upstream).pipe(socket);
        if (stalled) {
          socket.pause();
          upstream.pause();
        }
        const drop = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
      return port;
    },
    stall() {
      stalled = true;
      for (const s of sockets) s.pause();
    },
    resume() {
      stalled = false;
      for (const s of sockets) s.resume();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

let env: TestEnv;
let proxied: DbHandle;
let proxy: ReturnType<typeof outageProxy>;
let app: ReturnType<typeof createApp>;
let cookie: string;
let proxiedUrl: string;

beforeAll(async () => {
  env = await setupTestEnv();
  const url = new URL((env.handle as DbHandle & { url?: string }).url!);
  proxy = outageProxy(url);
  const port = await proxy.start();
  const via = new URL(url);
  via.hostname = '127.0.0.1';
  via.port = String(port);
  proxiedUrl = via.toString();
  proxied = await createDb({
    kind: 'postgres',
    url: proxiedUrl,
    poolMax: 2,
    connectTimeoutMs: 1000,
    statementTimeoutMs: 2000,
    masterKeys: testKeys(),
  });
  app = createApp({
    ...env.deps,
    db: proxied.db,
    logger: pino({ level: 'silent' }),
    config: { ...defaultConfig, trustProxy: true },
  });
  cookie = (await signIn(app, (await makeUser(env.db, 'admin')).email)).cookie;
});
afterAll(async () => {
  proxy?.resume();
  await proxied?.close();
  await proxy?.stop();
  await env?.handle.close();
});

describe('database outage', () => {
  it('fails fast with 503 and Retry-After, then recovers by itself', async () => {
    const list = () => app.request('/trpc/customers.list', { headers: { cookie } });
    expect((await list()).status).toBe(200);

    await proxy.stop();
    const started = performance.now();
    const down = await list();
    const elapsed = performance.now() - started;
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect(await down.text()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|pg|stack/i);
    expect(elapsed).toBeLessThan(5000);
    expect((await app.request('/readyz')).status).toBe(503);

    await proxy.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await list()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('answers 503 instead of hanging when the connection stalls, and carries on once it flows again', async () => {
    const list = () => app.request('/trpc/customers.list', { headers: { cookie } });
    expect((await list()).status).toBe(200);

    // No error, no closed socket: only the client-side query timeout (a little above the 2 s
    // statement timeout, which cannot reach us over a stalled connection) ends the wait.
    proxy.stall();
    const started = performance.now();
    const stalled = await list();
    const elapsed = performance.now() - started;
    expect(stalled.status).toBe(503);
    expect(stalled.headers.get('retry-after')).toBeTruthy();
    expect(await stalled.text()).not.toMatch(/timeout|pg|stack/i);
    expect(elapsed).toBeLessThan(10_000);

    proxy.resume();
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await list()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });

  it('/readyz answers 503 within 2 s on a stalled database, whatever the statement timeout', async () => {
    // The production default statement timeout (15 s): readiness must not wait for it.
    const slow = await createDb({
      kind: 'postgres',
      url: proxiedUrl,
      poolMax: 2,
      connectTimeoutMs: 5000,
      masterKeys: testKeys(),
    });
    const probeApp = createApp({ ...env.deps, db: slow.db, logger: pino({ level: 'silent' }) });
    try {
      expect((await probeApp.request('/readyz')).status).toBe(200);
      proxy.stall();
      for (let probe = 0; probe < 3; probe++) {
        const started = performance.now();
        const res = await probeApp.request('/readyz');
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBeTruthy();
        expect(performance.now() - started).toBeLessThan(2000);
      }
      proxy.resume();
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        status = (await probeApp.request('/readyz')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      proxy.resume();
      await slow.close();
    }
  });
});
