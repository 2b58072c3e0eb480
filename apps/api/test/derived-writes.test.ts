/**
 * Derived writes are not edits: a KYC status refreshed by an upload, a review or the expiry sweep
 * must not invalidate the version a person read before editing the customer (ARCHITECTURE.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredKyc } from '../src/services/sweeps';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

type Customer = { id: string; version: number; kycStatus: string; city: string | null };

async function read(id: string) {
  const res = await r.corporate.client.query<Customer>('customers.byId', { id });
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}

describe('derived writes keep the edit version', () => {
  it('a client upload changes the KYC status, and staff still save with the version they read', async () => {
    const id = r.ownCustomer.id;
    const opened = await read(id);
    expect(opened.kycStatus).toBe('not_started');

    const up = await upload(env, `/api/customers/${id}/kyc`, {
      cookie: r.client.cookie,
      file: { name: 'passport.jpg', bytes: fixture('passport.jpg') },
      fields: {
        documentType: 'passport',
        issuingCountry: 'GB',
        issuedAt: dayFrom(env.clock.now(), -100),
        expiresAt: dayFrom(env.clock.now(), 20),
      },
    });
    expect(up.status).toBe(201);
    const afterUpload = await read(id);
    expect(afterUpload.kycStatus).toBe('pending');
    expect(afterUpload.version).toBe(opened.version);

    const saved = await r.corporate.client.mutation<Customer>('customers.update', {
      id,
      version: opened.version,
      city: 'Leeds',
    });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.data).toMatchObject({ city: 'Leeds', kycStatus: 'pending', version: opened.version + 1 });

    // The trail shows both: the client's upload (with the status change) and the staff edit.
    const uploads = (await auditRows(env.db, 'kyc.uploaded')).filter((e) => e.customer_id === id);
    expect(uploads.at(-1)?.actor_user_id).toBe(r.client.user.id);
    expect(uploads.at(-1)?.changes).toMatchObject({ kycStatus: { before: 'not_started', after: 'pending' } });
    const edits = (await auditRows(env.db, 'customer.updated')).filter((e) => e.customer_id === id);
    expect(edits.at(-1)).toMatchObject({ actor_user_id: r.corporate.user.id });
  });

  it('the expiry sweep re-derives the status without bumping the version', async () => {
    const id = r.ownCustomer.id;
    const opened = await read(id);
    // The sweep runs a month later (sessions keep the test clock, so they stay signed in).
    const later = new Date(env.clock.now().getTime() + 30 * 86400_000);
    const swept = await sweepExpiredKyc({ ...env.deps, now: () => later });
    expect(swept).toMatchObject({ ran: true, changed: 1 });
    const after = await read(id);
    expect(after.kycStatus).toBe('expired');
    expect(after.version).toBe(opened.version);
    const saved = await r.corporate.client.mutation('customers.update', { id, version: opened.version, city: 'York' });
    expect(saved.ok).toBe(true);
  });

  it('a stale version is still a CONFLICT when another person changed the customer', async () => {
    const id = r.ownCustomer.id;
    const opened = await read(id);
    const first = await r.admin.client.mutation('customers.update', { id, version: opened.version, city: 'Bath' });
    expect(first.ok).toBe(true);
    const second = await r.corporate.client.mutation('customers.update', { id, version: opened.version, city: 'Ely' });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.data.code).toBe('CONFLICT');
    expect((await read(id)).city).toBe('Bath');
  });
});
