/**
 * `tickets.changes` (SPEC §12): a tRPC subscription over server-sent events, fed by the database's
 * LISTEN/NOTIFY (in-process on PGlite), read over real HTTP the way the console's EventSource does.
 */
import { randomUUID } from 'node:crypto';
import type { Ticket, TicketChange } from '@cm/domain';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { startTicketChangeFeed } from '../src/realtime/ticket-change-feed';
import { SESSION_RECHECK_MS } from '../src/realtime/ticket-changes';
import { appRouter } from '../src/trpc/router';
import { makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv } from './helpers';
import { eventually, openStream, type SseStream, serveApp } from './sse';

const CHANGES = '/trpc/tickets.changes';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let server: Awaited<ReturnType<typeof serveApp>>;
let otherCustomer: { id: string };
let otherClient: Awaited<ReturnType<typeof signIn>>;
const streams: SseStream[] = [];

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  const res = await r.admin.client.mutation('customers.create', {
    type: 'business',
    companyName: 'Other Ltd',
    email: `other-${randomUUID()}@test.example`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  otherCustomer = res.data;
  otherClient = await signIn(env.app, (await makeUser(env.db, 'client', { customerId: otherCustomer.id })).email);
  server = await serveApp(env.app);
});
afterAll(async () => {
  await Promise.all(streams.map((s) => s.close()));
  await server?.close();
  await env?.handle.close();
});

/** A subscription that has started: the server is listening for it once `connected` arrives. */
async function subscribe(cookie?: string, url = server.url): Promise<SseStream> {
  const s = await openStream(url, CHANGES, { cookie });
  streams.push(s);
  await s.waitFor((e) => e.event === 'connected' || e.event === 'serialized-error');
  return s;
}

async function createTicket(as: typeof r.admin.client, customerId: string): Promise<Ticket> {
  const res = await as.mutation<Ticket>('tickets.create', {
    customerId,
    subject: 'Live change',
    type: 'question',
    body: 'Hello',
  });
  if (!res.ok) throw new Error(`${res.error.data.code}: ${res.error.message}`);
  return res.data;
}

async function post(as: typeof r.admin.client, kind: 'reply' | 'note', id: string) {
  const res = await as.mutation(`tickets.${kind}`, { id, body: `A ${kind}` });
  if (!res.ok) throw new Error(`${res.error.data.code}: ${res.error.message}`);
}

const changes = (s: SseStream) => s.data<TicketChange>();
const errorCode = (s: SseStream) => {
  const e = s.events.find((x) => x.event === 'serialized-error');
  return e ? (JSON.parse(e.data) as { data: { code: string } }).data.code : null;
};

describe('tickets.changes', () => {
  it('keeps idle streams alive with SSE pings', () => {
    expect(appRouter._def._config.sse?.ping).toMatchObject({ enabled: true });
  });

  it('answers a signed-out subscriber with UNAUTHORIZED and ends the stream', async () => {
    const s = await subscribe();
    await s.ended;
    expect(errorCode(s)).toBe('UNAUTHORIZED');
    expect(changes(s)).toEqual([]);
  });

  it('streams through the middleware: event-stream, security headers, no caching', async () => {
    const s = await subscribe(r.corporate.cookie);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.headers.get('x-content-type-options')).toBe('nosniff');
    expect(s.headers.get('x-request-id')).toBeTruthy();
    expect(s.headers.get('cache-control')).toMatch(/no-store|no-cache/);
    expect(s.events[0]!.event).toBe('connected');
    await s.close();
  });

  it('staff hear every change; a client only its own customer’s public ones; other clients nothing of them', async () => {
    const admin = await subscribe(r.admin.cookie);
    const corporate = await subscribe(r.corporate.cookie);
    const own = await subscribe(r.client.cookie);
    const other = await subscribe(otherClient.cookie);

    const ticket = await createTicket(r.client.client, r.ownCustomer.id);
    await post(r.client.client, 'reply', ticket.id);
    await post(r.corporate.client, 'note', ticket.id);
    await post(r.corporate.client, 'reply', ticket.id);
    // The last change, on another customer: once it has arrived, everything before it has too
    // (notifications arrive in commit order), so what is missing was filtered, not late.
    const fence = await createTicket(r.admin.client, otherCustomer.id);

    const isFence = (e: { data: string }) => e.data.includes(fence.id);
    await Promise.all([admin, corporate, other].map((s) => s.waitFor(isFence)));

    const staffSaw = changes(admin);
    expect(staffSaw).toHaveLength(5);
    expect(staffSaw.slice(0, 4).every((c) => c.ticketId === ticket.id)).toBe(true);
    expect(staffSaw[0]).toEqual({ ticketId: ticket.id, version: ticket.version });
    expect(staffSaw[4]).toEqual({ ticketId: fence.id, version: fence.version });
    expect(changes(corporate)).toEqual(staffSaw);

    // The client: created, its reply, the staff reply — never the internal note (the third change).
    await eventually(() => changes(own).length >= 3);
    expect(changes(own)).toEqual([staffSaw[0], staffSaw[1], staffSaw[3]]);
    // The other customer's client: its own ticket only.
    expect(changes(other)).toEqual([staffSaw[4]]);

    await Promise.all([admin, corporate, own, other].map((s) => s.close()));
  });

  it('stops listening for a subscriber once it disconnects', async () => {
    const feed = env.deps.ticketChanges!;
    // The earlier tests' streams are closed by now; the server notices each within moments.
    await eventually(() => feed.size === 0);
    const s = await subscribe(r.admin.cookie);
    expect(feed.size).toBe(1);
    await s.close();
    await eventually(() => feed.size === 0);
  });

  it('ends a stream whose session was signed out, with UNAUTHORIZED, before the next change', async () => {
    const user = await makeUser(env.db, 'corporate');
    const session = await signIn(env.app, user.email);
    const s = await subscribe(session.cookie);
    await session.client.mutation('auth.logout');
    env.clock.advance(SESSION_RECHECK_MS + 1000);
    await createTicket(r.admin.client, r.ownCustomer.id);
    await s.ended;
    expect(errorCode(s)).toBe('UNAUTHORIZED');
    expect(changes(s)).toEqual([]);
  });

  it('on shutdown ends every stream without a final `return`, so browsers reconnect elsewhere', async () => {
    const feed = await startTicketChangeFeed(env.handle, pino({ level: 'silent' }));
    const app = createApp({ ...env.deps, ticketChanges: feed });
    const second = await serveApp(app);
    try {
      const s = await subscribe(r.admin.cookie, second.url);
      await createTicket(r.admin.client, r.ownCustomer.id);
      await eventually(() => changes(s).length === 1);
      await feed.close();
      await s.ended;
      expect(s.events.map((e) => e.event)).not.toContain('return');
      expect(s.events.map((e) => e.event)).not.toContain('serialized-error');
      // A subscriber arriving after the feed closed is turned away the same way.
      const late = await subscribe(r.admin.cookie, second.url);
      await late.ended;
      expect(changes(late)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
