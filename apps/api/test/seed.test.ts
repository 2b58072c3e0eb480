import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed/seed-demo';
import { setupTestEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(async () => {
  await env?.handle.close();
});

describe('demo data', () => {
  it('seeds once, with customers spread over statuses and KYC states that follow the rules', async () => {
    expect(await seedDemo(env.deps, 'demo-password-2024', 40)).toBe(true);
    expect(await seedDemo(env.deps, 'demo-password-2024', 40)).toBe(false);
    const customers = await env.db.selectFrom('customers').select(['status', 'kyc_status']).execute();
    expect(customers).toHaveLength(40);
    const statuses = new Set(customers.map((c) => c.status));
    const kyc = new Set(customers.map((c) => c.kyc_status));
    for (const s of ['pending', 'active', 'suspended']) expect(statuses).toContain(s);
    for (const s of ['not_started', 'pending', 'verified', 'rejected']) expect(kyc).toContain(s);
    // Every active customer really is KYC-verified, and four eyes held for every verification.
    expect(customers.filter((c) => c.status === 'active').every((c) => c.kyc_status === 'verified')).toBe(true);
    const docs = await env.db.selectFrom('kyc_documents').select(['uploaded_by', 'verified_by', 'status']).execute();
    expect(docs.filter((d) => d.status === 'verified').every((d) => d.verified_by !== d.uploaded_by)).toBe(true);
    const client = await env.db
      .selectFrom('users')
      .select('customer_id')
      .where('role', '=', 'client')
      .executeTakeFirstOrThrow();
    const own = await env.db
      .selectFrom('kyc_documents')
      .select('id')
      .where('customer_id', '=', client.customer_id!)
      .execute();
    expect(own).toHaveLength(0);
  });

  it('seeds a working helpdesk: queues, tickets across statuses and SLA states, the client’s own requests', async () => {
    const tickets = await env.db.selectFrom('tickets').selectAll().execute();
    expect(tickets.length).toBeGreaterThanOrEqual(30);
    const statuses = new Set(tickets.map((t) => t.status));
    for (const s of ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed']) expect(statuses).toContain(s);
    expect(new Set(tickets.map((t) => t.priority)).size).toBe(4);
    expect(await env.db.selectFrom('ticket_groups').select('name').execute()).toHaveLength(3);
    // The KYC demo's rejected customers have their compliance ticket, in the Compliance queue.
    const compliance = await env.db
      .selectFrom('tickets as t')
      .innerJoin('ticket_groups as g', 'g.id', 't.group_id')
      .select(['t.id', 'g.name'])
      .where('t.type', '=', 'compliance')
      .where('t.channel', '=', 'system')
      .execute();
    expect(compliance.length).toBeGreaterThan(0);
    expect(compliance.every((t) => t.name === 'Compliance')).toBe(true);
    // Some work is overdue and recorded as breached once per target.
    const breaches = await env.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('action', '=', 'ticket.sla_breached')
      .execute();
    expect(breaches.length).toBeGreaterThan(0);
    const client = await env.db
      .selectFrom('users')
      .select('customer_id')
      .where('role', '=', 'client')
      .executeTakeFirstOrThrow();
    const own = tickets.filter((t) => t.customer_id === client.customer_id);
    expect(own.length).toBeGreaterThanOrEqual(3);
    expect(own.some((t) => t.status === 'pending_customer' && t.awaiting)).toBe(true);
    // Internal notes exist, and none of them were written by the client.
    const notes = await env.db
      .selectFrom('ticket_messages')
      .select('author_kind')
      .where('visibility', '=', 'internal')
      .execute();
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((m) => m.author_kind === 'staff')).toBe(true);
  });
});
