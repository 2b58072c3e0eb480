/**
 * Compliance tickets that run themselves (issue 11): opened by the system when KYC turns rejected
 * or expired or the identity document is about to expire, at most one open per customer, solved
 * with a message once KYC is verified again — with a fixed clock, across repeated sweeps.
 */
import { randomUUID } from 'node:crypto';
import type { Ticket, TicketMessage } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepComplianceTickets } from '../src/services/compliance-tickets';
import { sweepExpiredKyc } from '../src/services/sweeps';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
const DAY = 86400_000;

beforeAll(async () => {
  env = await setupTestEnv({ session: { idleMinutes: 60 * 24 * 365, maxHours: 24 * 365 } });
  r = await signedInRoles(env);
  await r.admin.client.mutation('ticketGroups.create', { name: 'Compliance' });
});
afterAll(async () => {
  await env?.handle.close();
});

async function newCustomer() {
  const res = await r.admin.client.mutation<{ id: string }>('customers.create', {
    type: 'individual',
    firstName: 'Comp',
    lastName: `Liance${randomUUID().slice(0, 6)}`,
    email: `c-${randomUUID()}@test.example`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(res.error.message);
  return res.data.id;
}

let pngSeq = 0;
async function uploadDoc(customerId: string, documentType: string, expiresInDays?: number) {
  const bytes =
    documentType === 'proof_of_address'
      ? Buffer.concat([fixture('bill.png'), Buffer.from(`-${++pngSeq}`)])
      : Buffer.concat([fixture('passport.jpg'), Buffer.from(`-${++pngSeq}`)]);
  const res = await upload(env, `/api/customers/${customerId}/kyc`, {
    cookie: r.admin.cookie,
    file: { name: documentType === 'proof_of_address' ? 'bill.png' : 'passport.jpg', bytes },
    fields: {
      documentType,
      issuedAt: dayFrom(env.clock.now(), -30),
      ...(expiresInDays !== undefined
        ? { expiresAt: dayFrom(env.clock.now(), expiresInDays), issuingCountry: 'GB' }
        : {}),
    },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.json));
  return res.json.id as string;
}

const verify = (customerId: string, documentId: string) =>
  r.corporate.client.mutation('kyc.verify', { customerId, documentId });

async function complianceTickets(customerId: string) {
  const res = await r.corporate.client.query<{ items: Ticket[] }>('tickets.list', { customerId, limit: 100 });
  if (!res.ok) throw new Error(res.error.message);
  return res.data.items.filter((t) => t.type === 'compliance' && t.channel === 'system');
}

describe('compliance tickets', () => {
  it('a rejected document opens one, a verified file solves it with a message saying why', async () => {
    const id = await newCustomer();
    const passport = await uploadDoc(id, 'passport', 800);
    expect(await complianceTickets(id)).toHaveLength(0);
    await r.corporate.client.mutation('kyc.reject', {
      customerId: id,
      documentId: passport,
      reason: 'Photo unreadable',
    });
    const [opened] = await complianceTickets(id);
    expect(opened).toMatchObject({ status: 'new', priority: 'high', groupName: 'Compliance' });
    expect(opened?.subject).toMatch(/rejected/);
    const first = await r.client.client.query('tickets.messages', { id: opened!.id });
    // The client of another customer sees nothing; staff see the system's first message with what is missing.
    expect(first.ok).toBe(false);
    const staffThread = await r.corporate.client.query<{ items: TicketMessage[] }>('tickets.messages', {
      id: opened!.id,
    });
    expect(staffThread.ok && staffThread.data.items[0]).toMatchObject({ authorKind: 'system', visibility: 'public' });
    expect(staffThread.ok && staffThread.data.items[0]?.body).toContain('Proof of address');

    // Another upload (pending) changes nothing: still one open ticket.
    const renewed = await uploadDoc(id, 'passport', 900);
    const proof = await uploadDoc(id, 'proof_of_address');
    expect(await complianceTickets(id)).toHaveLength(1);
    await verify(id, renewed);
    expect((await complianceTickets(id))[0]?.status).toBe('new');
    await verify(id, proof);
    const [solved] = await complianceTickets(id);
    expect(solved?.status).toBe('solved');
    const thread = await r.corporate.client.query<{ items: TicketMessage[] }>('tickets.messages', { id: solved!.id });
    expect(thread.ok && thread.data.items.at(-1)?.body).toMatch(/verified again/);
    const events = (await auditRows(env.db, 'ticket.status_changed')).filter((e) => e.entity_id === solved!.id);
    expect(events.at(-1)).toMatchObject({ actor_user_id: null, changes: { reason: 'KYC verified' } });
  });

  it('an identity document expiring within 30 days opens one ticket, once across sweeps; renewing solves it', async () => {
    const id = await newCustomer();
    const passport = await uploadDoc(id, 'passport', 45);
    const proof = await uploadDoc(id, 'proof_of_address');
    await verify(id, passport);
    await verify(id, proof);
    expect(await complianceTickets(id)).toHaveLength(0);

    // Twenty days later the passport expires within 30 days: the sweep opens one ticket, once.
    const later = { ...env.deps, now: () => new Date(env.clock.now().getTime() + 20 * DAY) };
    expect(await sweepComplianceTickets(later)).toMatchObject({ ran: true, changed: 1 });
    expect(await sweepComplianceTickets(later)).toMatchObject({ ran: true, changed: 0 });
    const [opened] = await complianceTickets(id);
    expect(opened).toMatchObject({ status: 'new', priority: 'normal' });
    expect(opened?.subject).toContain(dayFrom(env.clock.now(), 45));
    expect(await complianceTickets(id)).toHaveLength(1);

    // A new identity document (the passport is still current, so a national ID card), verified: the
    // status stays verified, and the ticket is solved by itself.
    env.clock.advance(20 * DAY);
    const renewed = await uploadDoc(id, 'national_id', 3650);
    await verify(id, renewed);
    expect((await complianceTickets(id))[0]?.status).toBe('solved');
    env.clock.advance(-20 * DAY);
  });

  it('the expiry sweep turning KYC expired opens the ticket in the same transaction, and only one', async () => {
    const id = await newCustomer();
    const passport = await uploadDoc(id, 'passport', 10);
    const proof = await uploadDoc(id, 'proof_of_address');
    await verify(id, passport);
    await verify(id, proof);
    // The identity-expiry ticket opens first; when the passport then expires, no second one opens.
    const soon = { ...env.deps, now: () => new Date(env.clock.now().getTime() + 2 * DAY) };
    await sweepComplianceTickets(soon);
    expect(await complianceTickets(id)).toHaveLength(1);
    const after = { ...env.deps, now: () => new Date(env.clock.now().getTime() + 12 * DAY) };
    await sweepExpiredKyc(after);
    await sweepComplianceTickets(after);
    const open = (await complianceTickets(id)).filter((t) => t.status !== 'solved' && t.status !== 'closed');
    expect(open).toHaveLength(1);
    const customer = await r.corporate.client.query<{ kycStatus: string }>('customers.byId', { id });
    expect(customer.ok && customer.data.kycStatus).toBe('expired');
  });
});
