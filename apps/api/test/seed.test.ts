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
});
