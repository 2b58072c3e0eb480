/**
 * `tickets.changes` across instances (SPEC §11, §12): two API instances, each with its own pool and
 * LISTEN connection, on one PostgreSQL; a change committed through either reaches subscribers of both.
 */
import { createDb, type DbHandle, sql } from '@cm/db';
import { testKeys } from '@cm/db/testing';
import type { Ticket, TicketChange } from '@cm/domain';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { defaultConfig } from '../src/config';
import type { AppDeps } from '../src/deps';
import { startTicketChangeFeed, type TicketChangeFeed } from '../src/realtime/ticket-change-feed';
import { setupTestEnv, signedInRoles, type TestEnv } from './helpers';
import { eventually, openStream, type SseStream, serveApp } from './sse';

const CHANGES = '/trpc/tickets.changes';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let second: DbHandle;
let feedB: TicketChangeFeed;
let serverA: Awaited<ReturnType<typeof serveApp>>;
let serverB: Awaited<ReturnType<typeof serveApp>>;
const streams: SseStream[] = [];

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  const url = (env.handle as DbHandle & { url?: string }).url!;
  second = await createDb({ kind: 'postgres', url, poolMax: 3, masterKeys: testKeys() });
  const logger = pino({ level: 'silent' });
  feedB = await startTicketChangeFeed(second, logger);
  const depsB: AppDeps = {
    db: second.db,
    dbKind: 'postgres',
    config: { ...defaultConfig, trustProxy: true },
    logger,
    storage: env.deps.storage,
    now: env.clock.now,
    ticketChanges: feedB,
  };
  serverA = await serveApp(env.app);
  serverB = await serveApp(createApp(depsB));
});
afterAll(async () => {
  await Promise.all(streams.map((s) => s.close()));
  await serverA?.close();
  await serverB?.close();
  await feedB?.close();
  await second?.close();
  await env?.handle.close();
});

async function subscribe(url: string, cookie: string): Promise<SseStream> {
  const s = await openStream(url, CHANGES, { cookie });
  streams.push(s);
  await s.waitFor((e) => e.event === 'connected');
  return s;
}

async function createTicket(as: typeof r.admin.client): Promise<Ticket> {
  const res = await as.mutation<Ticket>('tickets.create', {
    customerId: r.ownCustomer.id,
    subject: 'Across instances',
    type: 'question',
    body: 'Hello',
  });
  if (!res.ok) throw new Error(`${res.error.data.code}: ${res.error.message}`);
  return res.data;
}

const changes = (s: SseStream) => s.data<TicketChange>();

describe('ticket changes across two instances on one PostgreSQL', () => {
  it('a change made through instance A reaches subscribers on B (and on A)', async () => {
    const onB = await subscribe(serverB.url, r.corporate.cookie);
    const clientOnB = await subscribe(serverB.url, r.client.cookie);
    const onA = await subscribe(serverA.url, r.admin.cookie);

    const ticket = await createTicket(r.client.client); // served by instance A (env.app)
    const note = await r.corporate.client.mutation('tickets.note', { id: ticket.id, body: 'internal' });
    expect(note.ok).toBe(true);

    const created = { ticketId: ticket.id, version: ticket.version };
    await eventually(() => changes(onB).length === 2 && changes(onA).length === 2);
    expect(changes(onB)[0]).toEqual(created);
    expect(changes(onA)).toEqual(changes(onB));
    // The client on B hears of its ticket, never of the internal note.
    await clientOnB.waitFor((e) => e.data.includes(ticket.id));
    expect(changes(clientOnB)).toEqual([created]);
    await Promise.all([onB, clientOnB, onA].map((s) => s.close()));
  });

  it('a change made through instance B reaches subscribers on A', async () => {
    const onA = await subscribe(serverA.url, r.admin.cookie);
    const viaB = await fetch(`${serverB.url}/trpc/tickets.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: r.corporate.cookie, 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ customerId: r.ownCustomer.id, subject: 'Via B', type: 'question', body: 'Hi' }),
    });
    expect(viaB.status).toBe(200);
    const ticket = ((await viaB.json()) as { result: { data: Ticket } }).result.data;
    await onA.waitFor((e) => e.data.includes(ticket.id));
    expect(changes(onA)).toEqual([{ ticketId: ticket.id, version: ticket.version }]);
    await onA.close();
  });

  it('when its LISTEN connection drops, an instance reconnects and ends open streams so clients resync', async () => {
    const onB = await subscribe(serverB.url, r.admin.cookie);
    const killed = await sql<{ n: number }>`
      SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN %'`.execute(env.db);
    expect(killed.rows[0]!.n).toBeGreaterThanOrEqual(2); // A's and B's
    // The stream ends without `return` once B listens again: the browser reconnects and refetches.
    await onB.ended;
    expect(onB.events.map((e) => e.event)).not.toContain('return');

    const again = await subscribe(serverB.url, r.admin.cookie);
    const ticket = await createTicket(r.admin.client);
    await again.waitFor((e) => e.data.includes(ticket.id));
    await eventually(() => feedB.size === 1);
    await again.close();
  });
});
