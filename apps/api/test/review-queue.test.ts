import { insertKycDocument } from '@cm/db';
import type { KycDocumentType } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv, typedApi } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let admin: ReturnType<typeof typedApi>;
let corporate: ReturnType<typeof typedApi>;
const docs: Record<string, string> = {};
let gb: string;
let fr: string;

async function customer(country: string, lastName: string) {
  const c = await admin.customers.create.mutate({
    type: 'individual',
    firstName: 'Queue',
    lastName,
    email: `${lastName.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@test.example`,
    country,
  });
  return c.id;
}

/** A document row as an upload leaves it, `minutes` after the clock's start. */
async function doc(
  name: string,
  customerId: string,
  type: KycDocumentType,
  minutes: number,
  extra: { uploadedBy?: string; status?: 'pending' | 'verified'; deleted?: boolean } = {},
) {
  const row = await insertKycDocument(env.db, {
    customer_id: customerId,
    document_type: type,
    document_number: null,
    issuing_country: 'GB',
    issued_at: '2020-01-01',
    expires_at: type === 'passport' || type === 'national_id' ? '2030-01-01' : null,
    uploaded_by: extra.uploadedBy ?? r.corporate.user.id,
    uploaded_at: new Date(Date.parse('2026-05-01T08:00:00Z') + minutes * 60_000),
    file_name: `${name}.pdf`,
    mime_type: 'application/pdf',
    size_bytes: 100,
    sha256: name.padEnd(64, '0'),
    storage_key: `kyc/${name}`,
    rejection_reason: null,
    verified_by: null,
    deleted_by: null,
    ...(extra.status ? { status: extra.status } : {}),
    ...(extra.deleted ? { deleted_at: new Date() } : {}),
  });
  docs[name] = row.id;
  return row.id;
}

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  admin = typedApi(env.app, { cookie: r.admin.cookie });
  corporate = typedApi(env.app, { cookie: r.corporate.cookie });
  gb = await customer('GB', 'Brown');
  fr = await customer('FR', 'Dubois');
  const gone = await customer('GB', 'Gone');
  // Uploaded out of order on purpose: the queue sorts by upload time, not by insertion.
  await doc('fr-address', fr, 'proof_of_address', 30);
  await doc('gb-passport', gb, 'passport', 10);
  await doc('gb-address', gb, 'proof_of_address', 20, { uploadedBy: r.admin.user.id });
  await doc('fr-passport', fr, 'passport', 40);
  await doc('gb-verified', gb, 'national_id', 5, { status: 'verified' });
  await doc('gb-deleted', gb, 'drivers_license', 6, { deleted: true });
  await doc('gone-passport', gone, 'passport', 1);
  await admin.customers.delete.mutate({ id: gone });
});
afterAll(async () => {
  await env?.handle.close();
});

const names = (items: { id: string }[]) => items.map((i) => Object.keys(docs).find((k) => docs[k] === i.id));

describe('kyc.reviewQueue', () => {
  it('lists every pending document of live customers, oldest upload first, with a total', async () => {
    const q = await corporate.kyc.reviewQueue.query();
    expect(names(q.items)).toEqual(['gb-passport', 'gb-address', 'fr-address', 'fr-passport']);
    expect(q.total).toBe(4);
    expect(q.nextCursor).toBeNull();
    expect(q.items[0]).toMatchObject({
      customerId: gb,
      customerName: 'Queue Brown',
      customerCountry: 'GB',
      customerType: 'individual',
      status: 'pending',
      uploadedBy: r.corporate.user.id,
    });
    expect(q.items[0]!.customerNumber).toMatch(/^C-\d{6}$/);
  });

  it('filters by document type and by the customer country, and pages by cursor', async () => {
    const passports = await corporate.kyc.reviewQueue.query({ documentType: 'passport' });
    expect([names(passports.items), passports.total]).toEqual([['gb-passport', 'fr-passport'], 2]);
    const french = await corporate.kyc.reviewQueue.query({ country: 'fr' });
    expect([names(french.items), french.total]).toEqual([['fr-address', 'fr-passport'], 2]);
    const both = await corporate.kyc.reviewQueue.query({ country: 'GB', documentType: 'proof_of_address' });
    expect(names(both.items)).toEqual(['gb-address']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof corporate.kyc.reviewQueue.query>> = await corporate.kyc.reviewQueue.query({
        limit: 3,
        cursor,
      });
      seen.push(...(names(p.items) as string[]));
      expect(p.total).toBe(4);
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['gb-passport', 'gb-address', 'fr-address', 'fr-passport']);
  });

  it('refuses a bad country, a forged cursor, a client and no session', async () => {
    await expect(corporate.kyc.reviewQueue.query({ country: 'XX' })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
    });
    await expect(corporate.kyc.reviewQueue.query({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
    });
    await expect(typedApi(env.app, { cookie: r.client.cookie }).kyc.reviewQueue.query()).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    await expect(typedApi(env.app).kyc.reviewQueue.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
  });

  it('four eyes: the uploader can neither verify nor reject, and nothing is written', async () => {
    const target = { customerId: gb, documentId: docs['gb-address']! };
    await expect(admin.kyc.verify.mutate(target)).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
      message: expect.stringMatching(/You uploaded this document.*four-eyes/),
    });
    await expect(admin.kyc.reject.mutate({ ...target, reason: 'Blurred scan' })).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    const row = await env.db
      .selectFrom('kyc_documents')
      .selectAll()
      .where('id', '=', target.documentId)
      .executeTakeFirstOrThrow();
    expect([row.status, row.version, row.verified_by]).toEqual(['pending', 1, null]);
    expect((await auditRows(env.db)).filter((a) => a.entity_id === target.documentId)).toEqual([]);
    // Someone else may decide it; a decided document leaves the queue.
    await corporate.kyc.reject.mutate({ ...target, reason: 'Blurred scan' });
    await admin.kyc.verify.mutate({ customerId: fr, documentId: docs['fr-address']! });
    const q = await corporate.kyc.reviewQueue.query();
    expect([names(q.items), q.total]).toEqual([['gb-passport', 'fr-passport'], 2]);
  });
});
