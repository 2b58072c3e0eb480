import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let kycUrl: string;
let kycId: string;
let documentUrl: string;
let documentId: string;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  const customerId = r.ownCustomer.id;
  const now = env.clock.now();
  const kyc = await upload(env, `/api/customers/${customerId}/kyc`, {
    cookie: r.corporate.cookie,
    file: { name: 'passport.jpg', bytes: fixture('passport.jpg') },
    fields: { documentType: 'passport', issuedAt: dayFrom(now, -30), expiresAt: dayFrom(now, 400) },
  });
  expect(kyc.status).toBe(201);
  kycId = kyc.json.id;
  kycUrl = `/api/customers/${customerId}/kyc/${kycId}/download`;
  const doc = await upload(env, `/api/customers/${customerId}/documents`, {
    cookie: r.corporate.cookie,
    file: { name: 'letter.pdf', bytes: fixture('letter.pdf') },
    fields: { category: 'contract' },
  });
  expect(doc.status).toBe(201);
  documentId = doc.json.id;
  documentUrl = `/api/customers/${customerId}/documents/${documentId}/download`;
});
afterAll(async () => {
  await env?.handle.close();
});

const get = (url: string, cookie: string) => env.app.request(url, { headers: { cookie } });

async function reads(entityId: string) {
  const rows = (await auditRows(env.db)).filter((e) => e.entity_id === entityId);
  return rows.map((e) => e.action).filter((a) => /\.(viewed|downloaded)$/.test(a));
}

function expectSafeHeaders(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(res.headers.get('cache-control')).toBe('private, no-store');
}

describe('a preview is recorded as a view, not a download', () => {
  it('KYC: ?disposition=inline answers inline with the safe headers and records kyc.viewed', async () => {
    const res = await get(`${kycUrl}?disposition=inline`, r.client.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="passport.jpg"; filename\*=UTF-8''/);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expectSafeHeaders(res);
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture('passport.jpg'))).toBe(true);
    expect(await reads(kycId)).toEqual(['kyc.viewed']);
    const [viewed] = await auditRows(env.db, 'kyc.viewed');
    expect(viewed).toMatchObject({ actor_user_id: r.client.user.id, entity_type: 'kyc_document' });
  });

  it('KYC: a download stays an attachment and is recorded as kyc.downloaded', async () => {
    for (const url of [kycUrl, `${kycUrl}?disposition=attachment`]) {
      const res = await get(url, r.corporate.cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="passport.jpg"/);
      expectSafeHeaders(res);
      await res.arrayBuffer();
    }
    expect(await reads(kycId)).toEqual(['kyc.viewed', 'kyc.downloaded', 'kyc.downloaded']);
  });

  it('documents: a preview records document.viewed, a download document.downloaded', async () => {
    const preview = await get(`${documentUrl}?disposition=inline`, r.corporate.cookie);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-disposition')).toMatch(/^inline; filename="letter.pdf"/);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    expectSafeHeaders(preview);
    await preview.arrayBuffer();
    const download = await get(documentUrl, r.corporate.cookie);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="letter.pdf"/);
    expectSafeHeaders(download);
    await download.arrayBuffer();
    expect(await reads(documentId)).toEqual(['document.viewed', 'document.downloaded']);
  });

  it('any other disposition is BAD_REQUEST and records nothing; a preview keeps the access rules', async () => {
    const bad = await get(`${documentUrl}?disposition=evil`, r.corporate.cookie);
    expect(bad.status).toBe(400);
    expect(await reads(documentId)).toEqual(['document.viewed', 'document.downloaded']);
    // Clients may not download customer documents, so they may not preview them either.
    expect((await get(`${documentUrl}?disposition=inline`, r.client.cookie)).status).toBe(403);
    expect((await env.app.request(`${kycUrl}?disposition=inline`)).status).toBe(401);
    expect(await reads(documentId)).toEqual(['document.viewed', 'document.downloaded']);
  });
});
