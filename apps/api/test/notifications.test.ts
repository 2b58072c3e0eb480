/**
 * Issue 11 §4: notifications through a transactional outbox, delivered over SMTP to a local mail
 * server started here (smtp-server on an ephemeral port of 127.0.0.1).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { type Db, type KyselyPlugin, sql } from '@cm/db';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import {
  deliverOutbox,
  type Mailer,
  OUTBOX_LEASE_MS,
  smtpMailer,
  sweepKycExpiryNotices,
  sweepTicketsDueSoon,
} from '../src/services/notifications';
import { sweepTicketBreaches } from '../src/services/ticket-sweeps';
import { client, makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv } from './helpers';

interface Received {
  to: string[];
  raw: string;
  messageId: string;
  subject: string;
}

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let smtp: SMTPServer;
let mailer: Mailer;
const received: Received[] = [];
/** How many of the next messages the server answers "451 try again later". */
let refuseNext = 0;

function header(raw: string, name: string): string {
  const m = raw.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im'));
  return (m?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ').trim();
}

async function freePortThatRefuses(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        }
        received.push({
          to: session.envelope.rcptTo.map((a) => a.address),
          raw,
          messageId: header(raw, 'Message-ID'),
          subject: header(raw, 'Subject'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((res) => smtp.listen(0, '127.0.0.1', () => res()));
  const { port } = smtp.server.address() as AddressInfo;
  mailer = smtpMailer(`smtp://127.0.0.1:${port}`, 'Customer Manager <notifications@test.example>');
});

afterAll(async () => {
  mailer?.close();
  await new Promise<void>((res) => (smtp ? smtp.close(() => res()) : res()));
  await env?.handle.close();
});

beforeEach(async () => {
  await env.db.deleteFrom('notification_outbox').execute();
  received.length = 0;
  refuseNext = 0;
});

const deliver = (over: Partial<Parameters<typeof deliverOutbox>[0]> = {}) =>
  deliverOutbox({ db: env.db, now: env.clock.now, mailer, ...over });

const outbox = () => env.db.selectFrom('notification_outbox').selectAll().orderBy('created_at').orderBy('id').execute();

/** The data of a successful tRPC call (fails the test otherwise). */
async function must<T = any>(call: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> {
  const res = await call;
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`);
  return res.data;
}

let n = 0;
async function newTicket(opts: { priority?: string; assigneeId?: string; groupId?: string } = {}) {
  n += 1;
  const res = await r.corporate.client.mutation('tickets.create', {
    customerId: r.ownCustomer.id,
    subject: `Card not arriving ${n}`,
    type: 'question',
    body: 'The client called about their card.',
    ...opts,
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data as { id: string; version: number; ticketNumber: string; subject: string };
}

/** Another app over the same database whose queries throw when `fails` says so. */
function failingDb(fails: (sqlText: string, seen: string[]) => boolean): Db {
  const seen: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      const text = env.db.getExecutor().compileQuery(node, queryId).sql;
      if (fails(text, seen)) throw new Error('injected database failure');
      seen.push(text);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return env.db.withPlugin(plugin);
}

describe('ticket replies', () => {
  it('a staff public reply sends one mail to the client, with the subject, the reply and a Message-ID', async () => {
    const t = await newTicket();
    await r.corporate.client.mutation('tickets.note', { id: t.id, body: 'SECRET: client is on the watch list' });
    const reply = await r.corporate.client.mutation('tickets.reply', {
      id: t.id,
      body: 'Your new card was posted today.\n\nIt should arrive within 3 days.',
    });
    expect(reply.ok).toBe(true);

    const rows = await outbox();
    expect(rows.map((m) => [m.kind, m.recipient_email, m.sent_at])).toEqual([
      ['ticket.public_reply', r.client.user.email, null],
    ]);
    expect(await deliver()).toEqual({ ran: true, sent: 1, failed: 0 });

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to).toEqual([r.client.user.email]);
    expect(mail.subject).toBe(`[${t.ticketNumber}] New reply: ${t.subject}`);
    expect(mail.messageId).toBe(rows[0]!.message_id);
    expect(mail.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    expect(rows[0]!.text).toContain('Your new card was posted today.');
    expect(rows[0]!.text).toContain('Customer Manager');
    expect(rows[0]!.html).toContain('<p>It should arrive within 3 days.</p>');
    // Nothing internal reaches the client: not the note, not the queue, not the staff member.
    for (const part of [rows[0]!.text, rows[0]!.html, mail.raw]) {
      expect(part).not.toContain('SECRET');
      expect(part).not.toContain(r.corporate.user.name);
    }
    const [after] = await outbox();
    expect(after!.sent_at).not.toBeNull();
    expect(after!.attempts).toBe(1);
    expect(await deliver()).toEqual({ ran: true, sent: 0, failed: 0 });
    expect(received).toHaveLength(1);
  });

  it('a client reply and an internal note send nothing', async () => {
    const t = await newTicket();
    expect((await r.corporate.client.mutation('tickets.note', { id: t.id, body: 'Checked the courier.' })).ok).toBe(
      true,
    );
    expect((await r.client.client.mutation('tickets.reply', { id: t.id, body: 'Any news?' })).ok).toBe(true);
    expect(await outbox()).toEqual([]);
    await deliver();
    expect(received).toEqual([]);
  });

  it('a reply whose transaction fails after writing its mail sends nothing', async () => {
    const t = await newTicket();
    // Fail the first query after the outbox insert: the insert ran, then the transaction rolls back.
    const db = failingDb((_text, seen) => seen.some((s) => /insert into "notification_outbox"/i.test(s)));
    const app = createApp({ ...env.deps, db });
    const res = await client(app, { cookie: r.corporate.cookie }).mutation('tickets.reply', {
      id: t.id,
      body: 'This reply never happened.',
    });
    expect(res.ok).toBe(false);
    expect(await outbox()).toEqual([]);
    await deliver();
    expect(received).toEqual([]);
  });

  it('HTML is the escaped plain text', async () => {
    const t = await newTicket();
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Use <b>this</b> & "that"' });
    const [row] = await outbox();
    expect(row!.text).toContain('Use <b>this</b> & "that"');
    expect(row!.html).toContain('Use &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;');
    expect(row!.html).not.toContain('<b>this');
  });
});

describe('delivery', () => {
  it('with no SMTP configured nothing is sent and messages stay in the outbox', async () => {
    const t = await newTicket();
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Hello' });
    expect(await deliverOutbox({ db: env.db, now: env.clock.now, mailer: null })).toEqual({ ran: false });
    const [row] = await outbox();
    expect([row!.sent_at, row!.attempts, row!.next_attempt_at]).toEqual([null, 0, expect.any(Date)]);

    const list = await r.admin.client.query('notifications.outbox', { status: 'pending', limit: 10 });
    expect(list.ok && list.data.items.map((i: { subject: string; status: string }) => i.status)).toEqual(['pending']);
    const one = await r.admin.client.query('notifications.outboxMessage', { id: row!.id });
    expect(one.ok && one.data.text).toContain('Hello');
    expect((await must(r.admin.client.query('notifications.outbox', { status: 'sent', limit: 10 }))).items).toEqual([]);
  });

  it('an SMTP outage is retried with growing delays, then the message goes out', async () => {
    const t = await newTicket();
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Retry me' });
    const down = smtpMailer(`smtp://127.0.0.1:${await freePortThatRefuses()}`, 'cm@test.example');

    // The server is down: the attempt fails, the next one is 30 s later.
    expect(await deliver({ mailer: down })).toEqual({ ran: true, sent: 0, failed: 1 });
    let [row] = await outbox();
    expect(row!.attempts).toBe(1);
    expect(row!.next_attempt_at!.getTime() - env.clock.now().getTime()).toBe(30_000);
    expect(row!.last_error).toBeTruthy();
    expect(await deliver()).toEqual({ ran: true, sent: 0, failed: 0 }); // not due yet

    // Back, but refusing for now (451): the delay doubles.
    env.clock.advance(30_000);
    refuseNext = 1;
    expect(await deliver()).toEqual({ ran: true, sent: 0, failed: 1 });
    [row] = await outbox();
    expect(row!.attempts).toBe(2);
    expect(row!.next_attempt_at!.getTime() - env.clock.now().getTime()).toBe(60_000);
    expect(row!.last_error).toMatch(/451/);
    env.clock.advance(59_000);
    expect(await deliver()).toEqual({ ran: true, sent: 0, failed: 0 });

    env.clock.advance(1_000);
    expect(await deliver()).toEqual({ ran: true, sent: 1, failed: 0 });
    [row] = await outbox();
    expect([row!.attempts, row!.last_error, row!.next_attempt_at]).toEqual([3, null, null]);
    expect(row!.sent_at).not.toBeNull();
    expect(received.map((m) => m.messageId)).toEqual([row!.message_id]);
    down.close();
  });

  it('a crash between the server accepting a message and the outbox update resends it once, with the same Message-ID', async () => {
    const t = await newTicket();
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Exactly once, almost' });
    let failed = false;
    const db = failingDb((text) => {
      if (failed || !/update "notification_outbox" set "sent_at"/i.test(text)) return false;
      failed = true;
      return true;
    });
    await expect(deliver({ db })).rejects.toThrow('injected database failure');
    expect(received).toHaveLength(1);
    expect((await outbox())[0]!.sent_at).toBeNull();

    // "Restart": the next run (its lease was given back, or would have run out) sends it again.
    expect(await deliver()).toEqual({ ran: true, sent: 1, failed: 0 });
    expect(await deliver()).toEqual({ ran: true, sent: 0, failed: 0 });
    const [row] = await outbox();
    expect(row!.sent_at).not.toBeNull();
    expect(received.map((m) => m.messageId)).toEqual([row!.message_id, row!.message_id]);
  });

  it('a crashed sender that kept its lease holds others off until the lease runs out', async () => {
    const t = await newTicket();
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'After the lease' });
    // A sender that died holding the lease (no release).
    await env.db
      .insertInto('sweep_leases')
      .values({
        name: 'notifications:outbox',
        holder: 'dead-instance',
        expires_at: sql<Date>`now() + interval '1 hour'`,
      })
      .execute();
    expect(await deliver()).toEqual({ ran: false });
    expect(received).toEqual([]);
    await env.db
      .updateTable('sweep_leases')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('name', '=', 'notifications:outbox')
      .execute();
    expect(await deliver()).toEqual({ ran: true, sent: 1, failed: 0 });
    expect(OUTBOX_LEASE_MS).toBeLessThanOrEqual(60_000);
  });

  it('two senders running at once deliver each message once', async () => {
    const t = await newTicket();
    for (let i = 0; i < 6; i++) {
      await r.corporate.client.mutation('tickets.reply', { id: t.id, body: `Update ${i}` });
    }
    const second = smtpMailer(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, 'cm@test.example');
    const results = await Promise.all([deliver(), deliver({ mailer: second }), deliver()]);
    const sent = results.reduce((s, x) => s + (x.ran ? x.sent : 0), 0);
    expect(sent).toBe(6);
    expect(received).toHaveLength(6);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(6);
    expect((await outbox()).every((m) => m.sent_at !== null && m.attempts === 1)).toBe(true);
    second.close();
  });
});

describe('assignment and preferences', () => {
  it('the new assignee hears of it, unless they assigned it to themselves or turned it off', async () => {
    const colleague = await makeUser(env.db, 'corporate');
    const colleagueSession = await signIn(env.app, colleague.email);
    const t = await newTicket();
    const assigned = await r.admin.client.mutation('tickets.assign', {
      id: t.id,
      version: t.version,
      assigneeId: colleague.id,
    });
    expect(assigned.ok).toBe(true);
    let rows = await outbox();
    expect(rows.map((m) => [m.kind, m.recipient_email])).toEqual([['ticket.assigned', colleague.email]]);
    expect(rows[0]!.subject).toBe(`[${t.ticketNumber}] Assigned to you: ${t.subject}`);
    expect(rows[0]!.text).toContain(r.admin.user.name);

    // Assigning oneself: no mail.
    const t2 = await newTicket();
    await r.corporate.client.mutation('tickets.assign', {
      id: t2.id,
      version: t2.version,
      assigneeId: r.corporate.user.id,
    });
    expect(await outbox()).toHaveLength(1);

    // Turned off: no mail.
    const prefs = await colleagueSession.client.query('notifications.preferences');
    expect(prefs.ok && prefs.data).toEqual({ enabled: ['ticket.assigned', 'ticket.due_soon', 'ticket.breached'] });
    const set = await colleagueSession.client.mutation('notifications.setPreferences', {
      enabled: ['ticket.breached'],
    });
    expect(set.ok && set.data).toEqual({ enabled: ['ticket.breached'] });
    expect(await must(colleagueSession.client.query('notifications.preferences'))).toEqual({
      enabled: ['ticket.breached'],
    });
    const t3 = await newTicket();
    await r.admin.client.mutation('tickets.assign', { id: t3.id, version: t3.version, assigneeId: colleague.id });
    rows = await outbox();
    expect(rows).toHaveLength(1);
    // Someone else's choice is theirs alone.
    expect((await must(r.corporate.client.query('notifications.preferences'))).enabled).toContain('ticket.assigned');
  });

  it('preferences are staff only, and the outbox is for admins', async () => {
    const asClient = await r.client.client.query('notifications.preferences');
    expect(asClient.ok ? 'ok' : asClient.error.data.code).toBe('FORBIDDEN');
    const setAsClient = await r.client.client.mutation('notifications.setPreferences', { enabled: [] });
    expect(setAsClient.ok ? 'ok' : setAsClient.error.data.code).toBe('FORBIDDEN');
    const outboxAsStaff = await r.corporate.client.query('notifications.outbox', {});
    expect(outboxAsStaff.ok ? 'ok' : outboxAsStaff.error.data.code).toBe('FORBIDDEN');
    const badKind = await r.corporate.client.mutation('notifications.setPreferences', { enabled: ['kyc.rejected'] });
    expect(badKind.ok ? 'ok' : badKind.error.data.code).toBe('BAD_REQUEST');
  });

  it('the outbox list pages newest first', async () => {
    const t = await newTicket();
    for (let i = 0; i < 3; i++) {
      env.clock.advance(1000);
      await r.corporate.client.mutation('tickets.reply', { id: t.id, body: `Page ${i}` });
    }
    const first = await must(r.admin.client.query('notifications.outbox', { limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await must(r.admin.client.query('notifications.outbox', { limit: 2, cursor: first.nextCursor }));
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const texts = await Promise.all(
      [...first.items, ...second.items].map(
        async (i: { id: string }) =>
          (await must(r.admin.client.query('notifications.outboxMessage', { id: i.id }))).text,
      ),
    );
    expect(texts.map((x: string) => x.match(/Page \d/)?.[0])).toEqual(['Page 2', 'Page 1', 'Page 0']);
  });
});

describe('service levels', () => {
  it('due soon and breached go to the assignee once each, or to the queue when unassigned', async () => {
    // Mon 1 June 2026 10:00 London: urgent tickets get 60 business minutes to a first response.
    env.clock.set(new Date('2026-06-01T09:00:00Z'));
    const t = await newTicket({ priority: 'urgent', assigneeId: r.admin.user.id });
    const group = await must(r.admin.client.mutation('ticketGroups.create', { name: `Cards ${Date.now()}` }));
    const member = await makeUser(env.db, 'corporate');
    await r.admin.client.mutation('ticketGroups.setMembers', { id: group.id, userIds: [member.id] });
    const queued = await newTicket({ priority: 'urgent', groupId: group.id });
    await env.db.deleteFrom('notification_outbox').execute();

    env.clock.advance(44 * 60_000);
    await sweepTicketsDueSoon(env.deps);
    expect(await outbox()).toEqual([]);

    env.clock.advance(2 * 60_000);
    await sweepTicketsDueSoon(env.deps);
    await sweepTicketsDueSoon(env.deps);
    let rows = await outbox();
    expect(rows.map((m) => [m.kind, m.recipient_email]).sort()).toEqual(
      [
        ['ticket.due_soon', r.admin.user.email],
        ['ticket.due_soon', member.email],
      ].sort(),
    );
    const forMember = rows.find((m) => m.recipient_email === member.email)!;
    expect(forMember.subject).toBe(`[${queued.ticketNumber}] First response due soon: ${queued.subject}`);
    expect(forMember.text).toContain('Queue: Cards');

    env.clock.advance(15 * 60_000);
    await sweepTicketBreaches(env.deps);
    await sweepTicketBreaches(env.deps);
    await sweepTicketsDueSoon(env.deps);
    rows = await outbox();
    const breached = rows.filter((m) => m.kind === 'ticket.breached');
    expect(breached.map((m) => m.recipient_email).sort()).toEqual([r.admin.user.email, member.email].sort());
    expect(breached.find((m) => m.recipient_email === r.admin.user.email)!.subject).toBe(
      `[${t.ticketNumber}] First response target missed: ${t.subject}`,
    );
    expect(rows).toHaveLength(4);
  });
});

describe('KYC documents', () => {
  async function kycDoc(status: 'pending' | 'verified', expiresAt: string | null) {
    return env.db
      .insertInto('kyc_documents')
      .values({
        customer_id: r.ownCustomer.id,
        document_type: 'passport',
        status,
        expires_at: expiresAt,
        uploaded_at: env.clock.now(),
        file_name: 'passport.pdf',
        mime_type: 'application/pdf',
        size_bytes: 1000,
        sha256: randomBytes(32).toString('hex'),
        storage_key: `kyc/${Math.random().toString(36).slice(2)}`,
        verified_at: status === 'verified' ? env.clock.now() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  it('an expiring document is announced 60, 30 and 7 days before, once each, across repeated sweeps', async () => {
    await env.db.deleteFrom('kyc_documents').where('customer_id', '=', r.ownCustomer.id).execute();
    env.clock.set(new Date('2026-06-01T09:00:00Z'));
    const doc = await kycDoc('verified', '2026-07-31');
    const kinds = async () =>
      (await outbox()).filter((m) => m.kind === 'kyc.expiring').map((m) => m.dedupe_key!.split(':')[2]);

    await sweepKycExpiryNotices(env.deps);
    await sweepKycExpiryNotices(env.deps);
    expect(await kinds()).toEqual(['60']);
    const [first] = await outbox();
    expect(first!.recipient_email).toBe(r.client.user.email);
    expect(first!.subject).toBe('Your Passport expires on 2026-07-31');
    expect(first!.text).toContain('in 60 days');

    env.clock.set(new Date('2026-06-02T09:00:00Z'));
    await sweepKycExpiryNotices(env.deps);
    env.clock.set(new Date('2026-07-01T09:00:00Z'));
    await sweepKycExpiryNotices(env.deps);
    await sweepKycExpiryNotices(env.deps);
    expect(await kinds()).toEqual(['60', '30']);
    env.clock.set(new Date('2026-07-24T09:00:00Z'));
    await Promise.all([sweepKycExpiryNotices(env.deps), sweepKycExpiryNotices(env.deps)]);
    await sweepKycExpiryNotices(env.deps);
    env.clock.set(new Date('2026-07-31T09:00:00Z'));
    await sweepKycExpiryNotices(env.deps);
    expect(await kinds()).toEqual(['60', '30', '7']);
    expect((await outbox()).every((m) => m.dedupe_key!.startsWith(`kyc.expiring:${doc.id}:`))).toBe(true);
  });

  it('a document first seen inside a window gets only the tightest notice, and a replaced one none', async () => {
    await env.db.deleteFrom('kyc_documents').where('customer_id', '=', r.ownCustomer.id).execute();
    env.clock.set(new Date('2026-06-01T09:00:00Z'));
    await kycDoc('verified', '2026-06-21');
    await sweepKycExpiryNotices(env.deps);
    expect((await outbox()).map((m) => m.dedupe_key!.split(':')[2])).toEqual(['30']);

    await env.db.deleteFrom('notification_outbox').execute();
    await env.db.deleteFrom('kyc_documents').where('customer_id', '=', r.ownCustomer.id).execute();
    await kycDoc('verified', '2026-07-15');
    await kycDoc('verified', '2036-07-15');
    await sweepKycExpiryNotices(env.deps);
    expect(await outbox()).toEqual([]);
  });

  it('a rejected document tells the client why', async () => {
    const doc = await kycDoc('pending', null);
    const res = await r.admin.client.mutation('kyc.reject', {
      customerId: r.ownCustomer.id,
      documentId: doc.id,
      reason: 'The photo page is cut off.',
    });
    expect(res.ok).toBe(true);
    const rows = await outbox();
    expect(rows.map((m) => [m.kind, m.recipient_email])).toEqual([['kyc.rejected', r.client.user.email]]);
    expect(rows[0]!.subject).toBe('Your Passport could not be accepted');
    expect(rows[0]!.text).toContain('The photo page is cut off.');
    expect(rows[0]!.text).not.toContain(r.admin.user.name);
  });
});
