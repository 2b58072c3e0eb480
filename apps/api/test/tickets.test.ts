/**
 * The Ticket Manager through the API (SPEC §12): roles and scoping, the lifecycle, the thread's
 * public and internal messages, service levels with a fixed clock, sweeps, stats and settings.
 * The test clock starts on Monday 2026-06-01 09:00 UTC (10:00 in London, inside business hours).
 */
import { randomUUID } from 'node:crypto';
import type { Ticket, TicketMessage } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepSolvedTickets, sweepTicketBreaches } from '../src/services/ticket-sweeps';
import { auditRows, makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let otherCustomer: { id: string };
let otherClient: Awaited<ReturnType<typeof signIn>>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  // The clock moves by days here: sessions must outlive it.
  env = await setupTestEnv({ session: { idleMinutes: 60 * 24 * 365, maxHours: 24 * 365 } });
  r = await signedInRoles(env);
  const res = await r.admin.client.mutation('customers.create', {
    type: 'business',
    companyName: 'Other Ltd',
    email: `other-${randomUUID()}@test.example`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  otherCustomer = res.data;
  const user = await makeUser(env.db, 'client', { customerId: otherCustomer.id });
  otherClient = await signIn(env.app, user.email);
});
afterAll(async () => {
  await env?.handle.close();
});

type Api = typeof r.admin.client;

async function open(as: Api, input: Record<string, unknown> = {}): Promise<Ticket> {
  const res = await as.mutation<Ticket>('tickets.create', {
    customerId: r.ownCustomer.id,
    subject: 'Question about my statement',
    type: 'question',
    body: 'Hello,\nwhere can I find my statement?',
    ...input,
  });
  if (!res.ok) throw new Error(`${res.error.data.code}: ${res.error.message}`);
  return res.data;
}

async function byId(as: Api, id: string) {
  const res = await as.query<Ticket>('tickets.byId', { id });
  if (!res.ok) throw new Error(`${res.error.data.code}: ${res.error.message}`);
  return res.data;
}

async function thread(as: Api, id: string) {
  const res = await as.query<{ items: TicketMessage[] }>('tickets.messages', { id });
  if (!res.ok) throw new Error(`${res.error.data.code}: ${res.error.message}`);
  return res.data.items;
}

async function setStatus(as: Api, id: string, status: string, extra: Record<string, unknown> = {}) {
  const t = await byId(r.admin.client, id);
  return as.mutation<Ticket>('tickets.setStatus', { id, version: t.version, status, ...extra });
}

async function listPage(input: Record<string, unknown>) {
  const res = await r.corporate.client.query<{ items: Ticket[]; nextCursor: string | null }>('tickets.list', input);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}

const codeOf = (res: { ok: boolean; error?: { data: { code: string } } }) => (res.ok ? 'OK' : res.error!.data.code);

async function ticketCount() {
  const row = await env.db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('opening a ticket', () => {
  it('staff open one for a customer: a T-number, status new, the first message, SLA due in business time, audited', async () => {
    const t = await open(r.corporate.client, { priority: 'normal', tags: ['Billing', 'billing', 'vip'] });
    expect(t).toMatchObject({
      status: 'new',
      priority: 'normal',
      channel: 'console',
      customerId: r.ownCustomer.id,
      customerName: 'Olga Owner',
      tags: ['billing', 'vip'],
      firstRespondedAt: null,
      slaState: 'on_track',
      version: 1,
    });
    expect(t.ticketNumber).toMatch(/^T-\d{6}$/);
    // 480 business minutes from Mon 10:00 London: Mon 10–17 (7 h) + Tue 09–10 (1 h).
    expect(t.firstResponseDueAt).toBe('2026-06-02T09:00:00.000Z');
    // 2880 business minutes (48 h): through the weekend to the next Tuesday 10:00 London.
    expect(t.resolutionDueAt).toBe('2026-06-09T09:00:00.000Z');
    const messages = await thread(r.corporate.client, t.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      visibility: 'public',
      authorKind: 'staff',
      body: 'Hello,\nwhere can I find my statement?',
    });
    const [event] = (await auditRows(env.db, 'ticket.created')).filter((e) => e.entity_id === t.id);
    expect(event).toMatchObject({
      actor_user_id: r.corporate.user.id,
      customer_id: r.ownCustomer.id,
      entity_type: 'ticket',
    });
  });

  it('a client opens one for its own customer through the portal channel and sees only client fields', async () => {
    const t = await open(r.client.client);
    expect(t).toMatchObject({ channel: 'portal', status: 'new', priority: 'normal' });
    for (const hidden of ['groupId', 'assigneeId', 'tags', 'slaState', 'firstResponseDueAt', 'resolutionDueAt'])
      expect(t).not.toHaveProperty(hidden);
  });

  it('a client cannot set priority, queue, assignee or tags, nor open one for another customer; nothing is written', async () => {
    const before = await ticketCount();
    expect(
      codeOf(
        await r.client.client.mutation('tickets.create', {
          customerId: r.ownCustomer.id,
          subject: 'x',
          type: 'question',
          body: 'x',
          priority: 'urgent',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await r.client.client.mutation('tickets.create', {
          customerId: otherCustomer.id,
          subject: 'x',
          type: 'question',
          body: 'x',
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(await ticketCount()).toBe(before);
  });

  it('refuses bad input with field messages and writes nothing', async () => {
    const before = await ticketCount();
    const res = await r.corporate.client.mutation('tickets.create', {
      customerId: r.ownCustomer.id,
      subject: '   ',
      type: 'gossip',
      body: 'x'.repeat(20_001),
      tags: Array.from({ length: 11 }, (_, i) => `t${i}`),
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(res.error.data.fieldErrors ?? {}).sort()).toEqual(['body', 'subject', 'tags', 'type']);
    const nul = await r.corporate.client.mutation('tickets.create', {
      customerId: r.ownCustomer.id,
      subject: 'Null \u0000 byte',
      type: 'question',
      body: 'x',
    });
    expect(codeOf(nul)).toBe('BAD_REQUEST');
    expect(await ticketCount()).toBe(before);
  });

  it('an unknown queue or a client as assignee is refused', async () => {
    expect(
      codeOf(
        await r.admin.client.mutation('tickets.create', {
          customerId: r.ownCustomer.id,
          subject: 's',
          type: 'question',
          body: 'b',
          groupId: randomUUID(),
        }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      codeOf(
        await r.admin.client.mutation('tickets.create', {
          customerId: r.ownCustomer.id,
          subject: 's',
          type: 'question',
          body: 'b',
          assigneeId: r.client.user.id,
        }),
      ),
    ).toBe('BAD_REQUEST');
  });
});

describe('who sees what', () => {
  it('a client lists and reads only its own customer’s tickets; others answer NOT_FOUND', async () => {
    const mine = await open(r.client.client, { subject: 'Mine' });
    const theirs = await open(r.admin.client, { customerId: otherCustomer.id, subject: 'Theirs' });
    const list = await r.client.client.query<{ items: Ticket[] }>('tickets.list', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.data.items.map((t) => t.id)).toContain(mine.id);
    expect(list.data.items.every((t) => t.customerId === r.ownCustomer.id)).toBe(true);
    expect(codeOf(await r.client.client.query('tickets.byId', { id: theirs.id }))).toBe('NOT_FOUND');
    expect(codeOf(await r.client.client.query('tickets.messages', { id: theirs.id }))).toBe('NOT_FOUND');
    expect(codeOf(await r.client.client.mutation('tickets.reply', { id: theirs.id, body: 'hi' }))).toBe('NOT_FOUND');
    expect(codeOf(await r.client.client.query('tickets.list', { customerId: otherCustomer.id }))).toBe('NOT_FOUND');
    expect(codeOf(await otherClient.client.query('tickets.byId', { id: mine.id }))).toBe('NOT_FOUND');
  });

  it('internal notes reach staff only: never a client, by list or by id', async () => {
    const t = await open(r.client.client);
    const note = await r.corporate.client.mutation<TicketMessage>('tickets.note', {
      id: t.id,
      body: 'Customer is a VIP; check the contract.',
    });
    expect(note.ok).toBe(true);
    if (!note.ok) return;
    expect(note.data.visibility).toBe('internal');
    const staffView = await thread(r.corporate.client, t.id);
    expect(staffView.map((m) => m.visibility)).toEqual(['public', 'internal']);
    const clientView = await thread(r.client.client, t.id);
    expect(clientView.map((m) => m.visibility)).toEqual(['public']);
    expect(JSON.stringify(clientView)).not.toContain('VIP');
    // A note is not a reply: the ticket is still new, and a client cannot write one.
    expect((await byId(r.corporate.client, t.id)).status).toBe('new');
    expect(codeOf(await r.client.client.mutation('tickets.note', { id: t.id, body: 'sneaky' }))).toBe('FORBIDDEN');
    const [noted] = (await auditRows(env.db, 'ticket.noted')).filter((e) => e.entity_id === t.id);
    expect(noted?.actor_user_id).toBe(r.corporate.user.id);
  });

  it('staff-only operations are FORBIDDEN to a client', async () => {
    const t = await open(r.client.client);
    expect(
      codeOf(await r.client.client.mutation('tickets.update', { id: t.id, version: t.version, priority: 'urgent' })),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await r.client.client.mutation('tickets.assign', { id: t.id, version: t.version, assigneeId: null })),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await r.client.client.mutation('tickets.setStatus', { id: t.id, version: t.version, status: 'solved' })),
    ).toBe('FORBIDDEN');
    expect(codeOf(await r.client.client.query('tickets.stats'))).toBe('FORBIDDEN');
    expect(codeOf(await r.client.client.query('ticketGroups.list'))).toBe('FORBIDDEN');
    expect(codeOf(await r.client.client.query('sla.policies'))).toBe('FORBIDDEN');
    expect(codeOf(await r.client.client.query('tickets.list', { assignee: 'me' }))).toBe('FORBIDDEN');
    expect(codeOf(await r.corporate.client.mutation('tickets.delete', { id: t.id }))).toBe('FORBIDDEN');
    expect(codeOf(await r.anonymous.query('tickets.list', {}))).toBe('UNAUTHORIZED');
  });
});

describe('the lifecycle', () => {
  it('a staff public reply opens a new ticket and is its first response', async () => {
    const t = await open(r.client.client);
    env.clock.advance(HOUR);
    const reply = await r.corporate.client.mutation<TicketMessage>('tickets.reply', {
      id: t.id,
      body: 'Happy to help.',
    });
    expect(reply.ok).toBe(true);
    const after = await byId(r.corporate.client, t.id);
    expect(after).toMatchObject({ status: 'open', firstRespondedAt: env.clock.now().toISOString(), version: 2 });
    // Answering the client reads back the reply in the thread, as staff wrote it.
    expect((await thread(r.client.client, t.id)).at(-1)).toMatchObject({ authorKind: 'staff', body: 'Happy to help.' });
    const [event] = (await auditRows(env.db, 'ticket.replied')).filter((e) => e.entity_id === t.id);
    expect(event?.changes).toMatchObject({ status: { before: 'new', after: 'open' } });
  });

  it('every staff transition of the table, and the refused ones answer PRECONDITION_FAILED', async () => {
    const t = await open(r.client.client);
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'closed'))).toBe('PRECONDITION_FAILED');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'open'))).toBe('OK');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'new'))).toBe('PRECONDITION_FAILED');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'on_hold'))).toBe('OK');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'pending_customer'))).toBe('PRECONDITION_FAILED');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'open'))).toBe('OK');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'solved'))).toBe('OK');
    expect((await byId(r.corporate.client, t.id)).solvedAt).toBe(env.clock.now().toISOString());
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'open'))).toBe('PRECONDITION_FAILED');
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'closed'))).toBe('PRECONDITION_FAILED');
    expect(codeOf(await setStatus(r.admin.client, t.id, 'closed'))).toBe('OK');
    // Closed is final: no status change, no reply, no note, no edit.
    const closed = await byId(r.admin.client, t.id);
    expect(closed.closedAt).toBe(env.clock.now().toISOString());
    expect(codeOf(await setStatus(r.admin.client, t.id, 'open'))).toBe('PRECONDITION_FAILED');
    const reply = await r.client.client.mutation('tickets.reply', { id: t.id, body: 'One more thing' });
    expect(codeOf(reply)).toBe('PRECONDITION_FAILED');
    if (!reply.ok) expect(reply.error.message).toMatch(/new ticket/);
    expect(codeOf(await r.corporate.client.mutation('tickets.note', { id: t.id, body: 'x' }))).toBe(
      'PRECONDITION_FAILED',
    );
    expect(
      codeOf(
        await r.corporate.client.mutation('tickets.update', { id: t.id, version: closed.version, priority: 'high' }),
      ),
    ).toBe('PRECONDITION_FAILED');
    const changes = (await auditRows(env.db, 'ticket.status_changed')).filter((e) => e.entity_id === t.id);
    expect(changes.map((e) => (e.changes as { after: { status: string } }).after.status)).toEqual([
      'open',
      'on_hold',
      'open',
      'solved',
      'closed',
    ]);
  });

  it('a client reply brings a ticket waiting for the customer back to open', async () => {
    const t = await open(r.client.client);
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Please send your passport.' });
    expect(
      codeOf(
        await setStatus(r.corporate.client, t.id, 'pending_customer', {
          awaiting: { kind: 'kyc_document', documentType: 'passport' },
        }),
      ),
    ).toBe('OK');
    const waiting = await byId(r.client.client, t.id);
    expect(waiting).toMatchObject({
      status: 'pending_customer',
      awaiting: { kind: 'kyc_document', documentType: 'passport' },
    });
    await r.client.client.mutation('tickets.reply', { id: t.id, body: 'Sent it by post.' });
    expect(await byId(r.corporate.client, t.id)).toMatchObject({ status: 'open', awaiting: null });
  });

  it('the client’s upload of the awaited KYC document type brings the ticket back to open, in the thread', async () => {
    const t = await open(r.client.client, { subject: 'Need a proof of address' });
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Please upload a recent utility bill.' });
    const awaiting = { kind: 'kyc_document', documentType: 'proof_of_address' };
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'pending_customer', { awaiting }))).toBe('OK');
    // Another type does not count.
    const other = await upload(env, `/api/customers/${r.ownCustomer.id}/kyc`, {
      cookie: r.client.cookie,
      file: { name: 'passport.jpg', bytes: fixture('passport.jpg') },
      fields: {
        documentType: 'passport',
        issuingCountry: 'GB',
        issuedAt: dayFrom(env.clock.now(), -100),
        expiresAt: dayFrom(env.clock.now(), 900),
      },
    });
    expect(other.status).toBe(201);
    expect((await byId(r.corporate.client, t.id)).status).toBe('pending_customer');
    const bill = await upload(env, `/api/customers/${r.ownCustomer.id}/kyc`, {
      cookie: r.client.cookie,
      file: { name: 'bill.png', bytes: fixture('bill.png') },
      fields: { documentType: 'proof_of_address', issuedAt: dayFrom(env.clock.now(), -10) },
    });
    expect(bill.status).toBe(201);
    expect(await byId(r.corporate.client, t.id)).toMatchObject({ status: 'open', awaiting: null });
    const last = (await thread(r.client.client, t.id)).at(-1);
    expect(last).toMatchObject({ authorKind: 'system', visibility: 'public' });
    expect(last?.body).toContain('Proof of address');
    const [event] = (await auditRows(env.db, 'ticket.status_changed')).filter(
      (e) => e.entity_id === t.id && (e.changes as { reason?: string }).reason === 'awaited document uploaded',
    );
    expect(event?.changes).toMatchObject({ after: { status: 'open' }, kycDocumentId: bill.json.id });
  });

  it('awaiting is only for a ticket waiting for the customer', async () => {
    const t = await open(r.client.client);
    const res = await setStatus(r.corporate.client, t.id, 'on_hold', {
      awaiting: { kind: 'kyc_document', documentType: 'passport' },
    });
    expect(codeOf(res)).toBe('BAD_REQUEST');
  });

  it('a client reply reopens a solved ticket within 7 days; after that it points to a new ticket', async () => {
    const t = await open(r.client.client);
    await setStatus(r.corporate.client, t.id, 'solved');
    env.clock.advance(6 * DAY);
    expect(codeOf(await r.client.client.mutation('tickets.reply', { id: t.id, body: 'Still broken' }))).toBe('OK');
    expect(await byId(r.corporate.client, t.id)).toMatchObject({ status: 'open', solvedAt: null });

    const late = await open(r.client.client);
    await setStatus(r.corporate.client, late.id, 'solved');
    env.clock.advance(7 * DAY + HOUR);
    const res = await r.client.client.mutation('tickets.reply', { id: late.id, body: 'Again' });
    expect(codeOf(res)).toBe('PRECONDITION_FAILED');
    expect((await byId(r.admin.client, late.id)).status).toBe('solved');
    expect(await thread(r.admin.client, late.id)).toHaveLength(1);
  });
});

describe('service levels', () => {
  it('waiting for the customer pauses the clocks: due times move later by exactly the paused business time', async () => {
    env.clock.set(new Date('2026-06-15T09:00:00Z')); // Monday 10:00 London
    const t = await open(r.client.client, { subject: 'Pause me' });
    expect(t.status).toBe('new');
    const staffBefore = await byId(r.corporate.client, t.id);
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Could you send the invoice?' });
    env.clock.set(new Date('2026-06-15T10:00:00Z')); // 11:00 London
    expect(codeOf(await setStatus(r.corporate.client, t.id, 'pending_customer'))).toBe('OK');
    const paused = await byId(r.corporate.client, t.id);
    expect(paused.slaState).toBe('paused');
    // Paused from Mon 11:00 to Tue 11:00 London: 8 business hours that do not count.
    env.clock.set(new Date('2026-06-16T10:00:00Z'));
    await r.client.client.mutation('tickets.reply', { id: t.id, body: 'Attached.' });
    const resumed = await byId(r.corporate.client, t.id);
    expect(resumed.status).toBe('open');
    expect(new Date(resumed.resolutionDueAt!).getTime() - new Date(staffBefore.resolutionDueAt!).getTime()).toBe(DAY);
    expect(resumed.slaState).toBe('on_track');
  });

  it('due soon under 25% of the running target, breached once past due; the sweep records each breach once', async () => {
    env.clock.set(new Date('2026-06-22T09:00:00Z')); // Monday 10:00 London
    const t = await open(r.corporate.client, { priority: 'urgent', subject: 'Urgent one' }); // 60 / 480 minutes
    expect(t.firstResponseDueAt).toBe('2026-06-22T10:00:00.000Z');
    env.clock.set(new Date('2026-06-22T09:50:00Z'));
    expect((await byId(r.corporate.client, t.id)).slaState).toBe('due_soon');
    const soon = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', { slaState: 'due_soon' });
    expect(soon.ok && soon.data.items.map((x) => x.id)).toContain(t.id);
    env.clock.set(new Date('2026-06-22T10:05:00Z'));
    expect((await byId(r.corporate.client, t.id)).slaState).toBe('breached');
    const first = await sweepTicketBreaches(env.deps);
    expect(first.ran).toBe(true);
    const second = await sweepTicketBreaches(env.deps);
    expect(second).toEqual({ ran: true, changed: 0 });
    const breaches = (await auditRows(env.db, 'ticket.sla_breached')).filter((e) => e.entity_id === t.id);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]?.changes).toMatchObject({ target: 'first_response', dueAt: '2026-06-22T10:00:00.000Z' });
    // Answering late keeps the ticket breached; solving it in time for resolution still reads breached.
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Sorry for the wait.' });
    await setStatus(r.corporate.client, t.id, 'solved');
    expect((await byId(r.corporate.client, t.id)).slaState).toBe('breached');
    expect((await auditRows(env.db, 'ticket.sla_breached')).filter((e) => e.entity_id === t.id)).toHaveLength(1);
  });

  it('solved in time reads met', async () => {
    env.clock.set(new Date('2026-06-23T09:00:00Z'));
    const t = await open(r.corporate.client, { priority: 'high', subject: 'Quick fix' });
    env.clock.advance(HOUR);
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'Done.' });
    await setStatus(r.corporate.client, t.id, 'solved');
    env.clock.advance(30 * DAY);
    expect((await byId(r.corporate.client, t.id)).slaState).toBe('met');
  });
});

describe('sweeps', () => {
  it('closes tickets solved more than 7 days ago, once, and the client can no longer reopen them', async () => {
    env.clock.set(new Date('2026-07-01T09:00:00Z'));
    const t = await open(r.client.client, { subject: 'Auto close' });
    await setStatus(r.corporate.client, t.id, 'solved');
    env.clock.advance(7 * DAY - HOUR);
    await sweepSolvedTickets(env.deps);
    expect((await byId(r.corporate.client, t.id)).status).toBe('solved');
    env.clock.advance(2 * HOUR);
    const swept = await sweepSolvedTickets(env.deps);
    expect(swept.ran).toBe(true);
    const closed = await byId(r.corporate.client, t.id);
    expect(closed).toMatchObject({ status: 'closed', closedAt: env.clock.now().toISOString() });
    expect(await sweepSolvedTickets(env.deps)).toEqual({ ran: true, changed: 0 });
    const events = (await auditRows(env.db, 'ticket.status_changed')).filter((e) => e.entity_id === t.id);
    expect(events.at(-1)).toMatchObject({ actor_user_id: null, changes: { after: { status: 'closed' } } });
    expect(codeOf(await r.client.client.mutation('tickets.reply', { id: t.id, body: 'hello?' }))).toBe(
      'PRECONDITION_FAILED',
    );
  });
});

describe('editing, assigning and conflicts', () => {
  it('updates fields with the version read; a stale version is CONFLICT and changes nothing', async () => {
    const t = await open(r.corporate.client);
    const up = await r.corporate.client.mutation<Ticket>('tickets.update', {
      id: t.id,
      version: t.version,
      priority: 'high',
      subject: 'Renamed',
    });
    expect(up.ok).toBe(true);
    if (!up.ok) return;
    expect(up.data).toMatchObject({ priority: 'high', subject: 'Renamed', version: t.version + 1 });
    // A higher priority has tighter targets (240 business minutes to first response).
    expect(new Date(up.data.firstResponseDueAt!).getTime()).toBeLessThan(new Date(t.firstResponseDueAt!).getTime());
    const stale = await r.admin.client.mutation('tickets.update', { id: t.id, version: t.version, priority: 'low' });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect((await byId(r.admin.client, t.id)).priority).toBe('high');
    const [event] = (await auditRows(env.db, 'ticket.updated')).filter((e) => e.entity_id === t.id);
    expect(event?.changes).toEqual({
      before: { priority: 'normal', subject: 'Question about my statement' },
      after: { priority: 'high', subject: 'Renamed' },
    });
  });

  it('assigns to active staff only, and the assignee filter finds it', async () => {
    const t = await open(r.corporate.client, { subject: 'Assign me' });
    const ok = await r.corporate.client.mutation<Ticket>('tickets.assign', {
      id: t.id,
      version: t.version,
      assigneeId: r.corporate.user.id,
    });
    expect(ok.ok && ok.data).toMatchObject({ assigneeId: r.corporate.user.id, assigneeName: r.corporate.user.name });
    const mine = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', {
      assignee: 'me',
      status: ['new', 'open'],
    });
    expect(mine.ok && mine.data.items.map((x) => x.id)).toContain(t.id);
    const none = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', { assignee: 'none', limit: 100 });
    expect(none.ok && none.data.items.map((x) => x.id)).not.toContain(t.id);
    expect(
      codeOf(
        await r.corporate.client.mutation('tickets.assign', {
          id: t.id,
          version: t.version + 1,
          assigneeId: r.client.user.id,
        }),
      ),
    ).toBe('BAD_REQUEST');
    const [event] = (await auditRows(env.db, 'ticket.assigned')).filter((e) => e.entity_id === t.id);
    expect(event?.changes).toEqual({ before: { assigneeId: null }, after: { assigneeId: r.corporate.user.id } });
    // The client sees who handles it, by name only.
    const seen = await byId(r.client.client, t.id);
    expect(seen.assigneeName).toBe(r.corporate.user.name);
    expect(seen).not.toHaveProperty('assigneeId');
  });

  it('an admin deletes (soft); the ticket is gone for everyone', async () => {
    const t = await open(r.corporate.client, { subject: 'Delete me' });
    expect(codeOf(await r.admin.client.mutation('tickets.delete', { id: t.id }))).toBe('OK');
    expect(codeOf(await r.admin.client.query('tickets.byId', { id: t.id }))).toBe('NOT_FOUND');
    expect(codeOf(await r.client.client.query('tickets.byId', { id: t.id }))).toBe('NOT_FOUND');
  });
});

describe('lists, search and paging', () => {
  it('searches number and subject, filters by status and customer, and pages by cursor without gaps or repeats', async () => {
    const subject = `Findable ${randomUUID().slice(0, 8)}`;
    const made: Ticket[] = [];
    for (let i = 0; i < 5; i++) {
      env.clock.advance(1000);
      made.push(await open(r.corporate.client, { subject: `${subject} ${i}` }));
    }
    const bySubject = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', {
      search: subject.toUpperCase(),
    });
    expect(bySubject.ok && bySubject.data.items).toHaveLength(5);
    const byNumber = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', {
      search: made[2]!.ticketNumber,
    });
    expect(byNumber.ok && byNumber.data.items.map((t) => t.id)).toEqual([made[2]!.id]);
    const seen: string[] = [];
    for (const sort of ['due', 'updated', 'created'] as const) {
      seen.length = 0;
      let cursor: string | null = null;
      do {
        const page: { items: Ticket[]; nextCursor: string | null } = await listPage({
          search: subject,
          sort,
          limit: 2,
          cursor,
        });
        seen.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(made.map((t) => t.id).sort());
    }
    const other = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', {
      customerId: otherCustomer.id,
      search: subject,
    });
    expect(other.ok && other.data.items).toHaveLength(0);
    const mixed = await r.corporate.client.query('tickets.list', {
      sort: 'due',
      cursor: (
        (await r.corporate.client.query<{ nextCursor: string }>('tickets.list', {
          search: subject,
          sort: 'created',
          limit: 1,
        })) as { data: { nextCursor: string } }
      ).data.nextCursor,
    });
    expect(codeOf(mixed)).toBe('BAD_REQUEST');
  });

  it('stats count every status and priority with zeros, breached, due soon and the median first response', async () => {
    const res = await r.corporate.client.query<{
      byStatus: Record<string, number>;
      byPriority: Record<string, number>;
      breached: number;
      medianFirstResponseMinutes30d: number | null;
    }>('tickets.stats');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(Object.keys(res.data.byStatus).sort()).toEqual([
      'closed',
      'new',
      'on_hold',
      'open',
      'pending_customer',
      'solved',
    ]);
    expect(Object.keys(res.data.byPriority).sort()).toEqual(['high', 'low', 'normal', 'urgent']);
    const live = await env.db
      .selectFrom('tickets')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('deleted_at', 'is', null)
      .groupBy('status')
      .execute();
    for (const row of live) expect(res.data.byStatus[row.status]).toBe(Number(row.n));
    expect(res.data.medianFirstResponseMinutes30d).not.toBeNull();
  });
});

describe('queues and service-level settings', () => {
  it('admins create queues and set members (staff only); corporate cannot', async () => {
    expect(codeOf(await r.corporate.client.mutation('ticketGroups.create', { name: 'Nope' }))).toBe('FORBIDDEN');
    const g = await r.admin.client.mutation<{ id: string; version: number }>('ticketGroups.create', {
      name: 'Compliance',
      description: 'KYC questions',
    });
    expect(g.ok).toBe(true);
    if (!g.ok) return;
    expect(codeOf(await r.admin.client.mutation('ticketGroups.create', { name: 'compliance' }))).toBe('CONFLICT');
    expect(
      codeOf(await r.admin.client.mutation('ticketGroups.setMembers', { id: g.data.id, userIds: [r.client.user.id] })),
    ).toBe('BAD_REQUEST');
    const set = await r.admin.client.mutation<{ memberIds: string[] }>('ticketGroups.setMembers', {
      id: g.data.id,
      userIds: [r.corporate.user.id],
    });
    expect(set.ok && set.data.memberIds).toEqual([r.corporate.user.id]);
    const list = await r.corporate.client.query<{ id: string; memberIds: string[] }[]>('ticketGroups.list');
    expect(list.ok && list.data.find((x) => x.id === g.data.id)?.memberIds).toEqual([r.corporate.user.id]);
    const t = await open(r.corporate.client, { groupId: g.data.id, subject: 'Queued' });
    expect(t.groupName).toBe('Compliance');
    const queue = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', { groupId: g.data.id });
    expect(queue.ok && queue.data.items.map((x) => x.id)).toEqual([t.id]);
  });

  it('policies are editable by admins with validation; the calendar too', async () => {
    const policies =
      await r.corporate.client.query<{ priority: string; firstResponseMinutes: number; version: number }[]>(
        'sla.policies',
      );
    expect(policies.ok && policies.data.map((p) => p.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    if (!policies.ok) return;
    const low = policies.data.find((p) => p.priority === 'low')!;
    expect(
      codeOf(
        await r.corporate.client.mutation('sla.updatePolicy', {
          priority: 'low',
          firstResponseMinutes: 60,
          resolutionMinutes: 600,
          version: low.version,
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await r.admin.client.mutation('sla.updatePolicy', {
          priority: 'low',
          firstResponseMinutes: 600,
          resolutionMinutes: 60,
          version: low.version,
        }),
      ),
    ).toBe('BAD_REQUEST');
    const ok = await r.admin.client.mutation('sla.updatePolicy', {
      priority: 'low',
      firstResponseMinutes: 120,
      resolutionMinutes: 600,
      version: low.version,
    });
    expect(codeOf(ok)).toBe('OK');
    expect(
      codeOf(
        await r.admin.client.mutation('sla.updatePolicy', {
          priority: 'low',
          firstResponseMinutes: 120,
          resolutionMinutes: 600,
          version: low.version,
        }),
      ),
    ).toBe('CONFLICT');
    env.clock.set(new Date('2026-07-20T09:00:00Z')); // Monday 10:00 London
    const t = await open(r.corporate.client, { priority: 'low' });
    expect(t.firstResponseDueAt).toBe('2026-07-20T11:00:00.000Z');

    const cal = await r.corporate.client.query<{ version: number; timeZone: string }>('sla.calendar');
    expect(cal.ok && cal.data.timeZone).toBe('Europe/London');
    if (!cal.ok) return;
    const week = [[{ start: '08:00', end: '12:00' }], [], [], [], [], [], []];
    expect(
      codeOf(
        await r.admin.client.mutation('sla.updateCalendar', {
          timeZone: 'Mars/Olympus',
          weeklyHours: week,
          holidays: [],
          version: cal.data.version,
        }),
      ),
    ).toBe('BAD_REQUEST');
    const upd = await r.admin.client.mutation('sla.updateCalendar', {
      timeZone: 'America/New_York',
      weeklyHours: week,
      holidays: ['2026-07-27'],
      version: cal.data.version,
    });
    expect(codeOf(upd)).toBe('OK');
    const [event] = await auditRows(env.db, 'sla.calendar_updated');
    expect(event?.changes).toMatchObject({ after: { timeZone: 'America/New_York', holidays: ['2026-07-27'] } });
  });
});

describe('a note becomes a ticket', () => {
  it('staff turn an issue note into a ticket, linked both ways; the note shows the ticket’s live status', async () => {
    const note = await r.corporate.client.mutation<{ id: string }>('notes.create', {
      customerId: r.ownCustomer.id,
      noteType: 'issue',
      title: 'Card blocked abroad',
      content: 'Customer called: card blocked in Spain.',
    });
    if (!note.ok) throw new Error(note.error.message);
    const t = await open(r.corporate.client, { subject: 'Card blocked abroad', fromNoteId: note.data.id });
    expect(t.sourceNoteId).toBe(note.data.id);
    const read = async () => {
      const res = await r.corporate.client.query<{ ticket: unknown }>('notes.byId', {
        customerId: r.ownCustomer.id,
        noteId: note.data.id,
      });
      if (!res.ok) throw new Error(res.error.message);
      return res.data.ticket;
    };
    expect(await read()).toEqual({ id: t.id, ticketNumber: t.ticketNumber, status: 'new' });
    await r.corporate.client.mutation('tickets.reply', { id: t.id, body: 'We unblocked it.' });
    expect(await read()).toMatchObject({ status: 'open' });
    // One ticket per note; a note of another customer, or a client, cannot be used.
    const again = await r.corporate.client.mutation('tickets.create', {
      customerId: r.ownCustomer.id,
      subject: 'Again',
      type: 'question',
      body: 'x',
      fromNoteId: note.data.id,
    });
    expect(codeOf(again)).toBe('CONFLICT');
    const elsewhere = await r.corporate.client.mutation('tickets.create', {
      customerId: otherCustomer.id,
      subject: 'Elsewhere',
      type: 'question',
      body: 'x',
      fromNoteId: note.data.id,
    });
    expect(codeOf(elsewhere)).toBe('BAD_REQUEST');
    const asClient = await r.client.client.mutation('tickets.create', {
      customerId: r.ownCustomer.id,
      subject: 'Mine',
      type: 'question',
      body: 'x',
      fromNoteId: note.data.id,
    });
    expect(codeOf(asClient)).toBe('FORBIDDEN');
  });
});

describe('per-customer service report', () => {
  it('reports a period’s tickets against their targets, as JSON and as CSV; staff only, in scope', async () => {
    // The default calendar again (an earlier test moved it to New York mornings).
    const cal = await r.admin.client.query<{ version: number }>('sla.calendar');
    if (!cal.ok) throw new Error(cal.error.message);
    const weekday = [{ start: '09:00', end: '17:00' }];
    await r.admin.client.mutation('sla.updateCalendar', {
      timeZone: 'Europe/London',
      weeklyHours: [weekday, weekday, weekday, weekday, weekday, [], []],
      holidays: [],
      version: cal.data.version,
    });
    env.clock.set(new Date('2026-09-07T09:00:00Z')); // Monday 10:00 London
    const answered = await open(r.corporate.client, { subject: '=HYPERLINK("x")', priority: 'high' });
    env.clock.advance(HOUR);
    await r.corporate.client.mutation('tickets.reply', { id: answered.id, body: 'On it.' });
    await setStatus(r.corporate.client, answered.id, 'solved');
    const late = await open(r.corporate.client, { subject: 'Late one', priority: 'urgent' });
    env.clock.advance(3 * HOUR);
    await sweepTicketBreaches(env.deps);
    const res = await r.corporate.client.query<{
      opened: number;
      solved: number;
      breaches: number;
      firstResponse: { reached: number; withinTarget: number; breached: number; medianMinutes: number | null };
      lines: { ticketNumber: string; firstResponseMinutes: number | null; firstResponseBreached: boolean }[];
    }>('tickets.report', { customerId: r.ownCustomer.id, from: '2026-09-07', to: '2026-09-07' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toMatchObject({
      opened: 2,
      solved: 1,
      breaches: 1,
      firstResponse: { reached: 1, withinTarget: 1, breached: 1, medianMinutes: 60 },
    });
    expect(res.data.lines.map((l) => [l.ticketNumber, l.firstResponseMinutes, l.firstResponseBreached])).toEqual([
      [answered.ticketNumber, 60, false],
      [late.ticketNumber, null, true],
    ]);
    const csv = await env.app.request(
      `/api/customers/${r.ownCustomer.id}/tickets/report.csv?from=2026-09-07&to=2026-09-07`,
      { headers: { cookie: r.corporate.cookie } },
    );
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('ticketNumber,subject,priority');
    // A subject that a spreadsheet would run as a formula stays text.
    expect(text).toContain(`'=HYPERLINK`);
    expect(
      codeOf(
        await r.client.client.query('tickets.report', {
          customerId: r.ownCustomer.id,
          from: '2026-09-07',
          to: '2026-09-07',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await r.corporate.client.query('tickets.report', {
          customerId: r.ownCustomer.id,
          from: '2026-09-08',
          to: '2026-09-07',
        }),
      ),
    ).toBe('BAD_REQUEST');
    const other = await env.app.request(
      `/api/customers/${otherCustomer.id}/tickets/report.csv?from=2026-13-01&to=2026-09-07`,
      { headers: { cookie: r.corporate.cookie } },
    );
    expect(other.status).toBe(400);
  });
});
