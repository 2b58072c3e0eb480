import { join } from 'node:path';
import { customersWithNewlyExpiredDocuments, type KyselyPlugin, releaseLease, sql, tryTakeLease } from '@cm/db';
import { isoDate, type KycDocument } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { sweepExpiredKyc, sweepOrphanFiles } from '../src/services/sweeps';
import type { FileStorage } from '../src/storage/file-storage';
import { auditRows, client, makeUser, setupTestEnv, signedInRoles, signIn, storedFiles, type TestEnv } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let n = 0;

beforeAll(async () => {
  env = await setupTestEnv({ kycMaxFileMb: 1 });
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

async function newCustomer(type: 'individual' | 'business' = 'individual') {
  n += 1;
  const res = await r.admin.client.mutation('customers.create', {
    type,
    ...(type === 'business' ? { companyName: `Kyc Biz ${n}` } : { firstName: 'Kyc', lastName: `Person${n}` }),
    email: `kyc${n}-${Date.now()}@example.org`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data as { id: string; version: number };
}

const kycPath = (customerId: string) => `/api/customers/${customerId}/kyc`;
const passport = (now = env.clock.now()) => ({
  documentType: 'passport',
  expiresAt: dayFrom(now, 400),
  issuedAt: dayFrom(now, -400),
  issuingCountry: 'GB',
});
/** A distinct valid PNG each call, so uploads never collide on content. */
let pngSeq = 0;
function uniquePng(): Uint8Array {
  const base = fixture('bill.png');
  pngSeq += 1;
  return Buffer.concat([base, Buffer.from(`trailing-${pngSeq}-${Math.random()}`)]);
}

async function docCount() {
  const row = await env.db
    .selectFrom('kyc_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('KYC upload', () => {
  it('lets a client upload a passport and a proof of address for their own customer', async () => {
    const id = r.ownCustomer.id;
    const p = await upload(env, kycPath(id), {
      cookie: r.client.cookie,
      file: { name: 'passport.jpg', bytes: fixture('passport.jpg') },
      fields: passport(),
    });
    expect(p.status).toBe(201);
    expect(p.json).toMatchObject({
      customerId: id,
      documentType: 'passport',
      status: 'pending',
      mimeType: 'image/jpeg',
      fileName: 'passport.jpg',
      uploadedBy: r.client.user.id,
      uploadedByName: r.client.user.name,
      verifiedByName: null,
      sizeBytes: fixture('passport.jpg').length,
    });
    expect(p.json.sha256).toMatch(/^[0-9a-f]{64}$/);
    const a = await upload(env, kycPath(id), {
      cookie: r.client.cookie,
      file: { name: 'Letter.PDF', bytes: fixture('letter.pdf') },
      fields: { documentType: 'proof_of_address' },
    });
    expect(a.status).toBe(201);
    expect(a.json.mimeType).toBe('application/pdf');
    const status = await r.client.client.query('kyc.status', { customerId: id });
    expect(status.ok && status.data.kycStatus).toBe('pending');
    const customer = await env.db
      .selectFrom('customers')
      .select('kyc_status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(customer.kyc_status).toBe('pending');
    const events = await auditRows(env.db, 'kyc.uploaded');
    expect(events.filter((e) => e.customer_id === id)).toHaveLength(2);
  });

  it('hides other customers from a client (NOT_FOUND) and refuses anonymous uploads', async () => {
    const other = await newCustomer();
    const res = await upload(env, kycPath(other.id), {
      cookie: r.client.cookie,
      file: { name: 'scan.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    expect([res.status, res.json.error.code]).toEqual([404, 'NOT_FOUND']);
    const list = await r.client.client.query('kyc.list', { customerId: other.id });
    expect(!list.ok && list.error.data.code).toBe('NOT_FOUND');
    const anon = await upload(env, kycPath(other.id), {
      file: { name: 'scan.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    expect(anon.status).toBe(401);
    expect(storedFiles(env).filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('refuses content that does not match the extension (415), storing nothing', async () => {
    const c = await newCustomer();
    const before = [await docCount(), storedFiles(env).length];
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2000, 1)]);
    const cases: [string, Uint8Array][] = [
      ['invoice.pdf', elf],
      ['letter.png', fixture('letter.pdf')],
      ['passport.pdf', fixture('passport.jpg')],
      ['figures.pdf', fixture('figures.xlsx')],
      ['empty.pdf', new Uint8Array()],
    ];
    for (const [name, bytes] of cases) {
      const res = await upload(env, kycPath(c.id), {
        cookie: r.corporate.cookie,
        file: { name, bytes },
        fields: { documentType: 'bank_statement' },
      });
      expect([name, res.status, res.json.error?.code]).toEqual([name, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    for (const name of [
      'logo.gif',
      'letter.docx',
      'letter.doc',
      'figures.xls',
      'letter.txt',
      'figures.csv',
      'letter.odt',
      'figures.ods',
    ]) {
      const res = await upload(env, kycPath(c.id), {
        cookie: r.corporate.cookie,
        file: { name, bytes: fixture(name) },
        fields: { documentType: 'bank_statement' },
      });
      expect([name, res.status]).toEqual([name, 415]);
    }
    const noExt = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'scan', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    expect(noExt.status).toBe(415);
    expect([await docCount(), storedFiles(env).length]).toEqual(before);
  });

  it('refuses files over KYC_MAX_FILE_MB, declared or chunked, leaving no file', async () => {
    const c = await newCustomer();
    const before = storedFiles(env).length;
    const big = Buffer.concat([fixture('letter.pdf'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const declared = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'big.pdf', bytes: big },
      fields: { documentType: 'bank_statement' },
    });
    expect([declared.status, declared.json.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

    const boundary = 'cmboundary42';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nbank_statement\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (pulled === 0) ctrl.enqueue(Buffer.concat([head, fixture('letter.pdf')]));
        else if (pulled <= 160) ctrl.enqueue(new Uint8Array(64 * 1024));
        else {
          ctrl.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          ctrl.close();
        }
        pulled += 1;
      },
    });
    const chunked = await env.app.request(kycPath(c.id), {
      method: 'POST',
      body: stream,
      headers: { cookie: r.corporate.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      // @ts-expect-error Node's fetch needs duplex for streamed bodies
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    // Reading stopped near the 1 MB limit instead of draining the whole 10 MB body.
    expect(pulled * 64 * 1024).toBeLessThan(4 * 1024 * 1024);
    expect(storedFiles(env).length).toBe(before);
  });

  it('tells the console the configured upload limits, to those who may upload', async () => {
    expect(await r.client.client.query('kyc.uploadLimits')).toMatchObject({ ok: true, data: { maxFileMb: 1 } });
    expect(await r.corporate.client.query('documents.uploadLimits')).toMatchObject({
      ok: true,
      data: { maxFileMb: 20 },
    });
    const notAllowed = await r.client.client.query('documents.uploadLimits');
    expect(!notAllowed.ok && notAllowed.error.data.code).toBe('FORBIDDEN');
    const anonymous = await client(env.app).query('kyc.uploadLimits');
    expect(!anonymous.ok && anonymous.error.data.code).toBe('UNAUTHORIZED');
  });

  it('validates metadata: type, identity expiry, future expiry, issue date', async () => {
    const c = await newCustomer();
    const now = env.clock.now();
    const send = (fields: Record<string, string>) =>
      upload(env, kycPath(c.id), { cookie: r.corporate.cookie, file: { name: 'p.png', bytes: uniquePng() }, fields });
    const noType = await send({});
    expect(noType.json.error.fieldErrors.documentType).toBeTruthy();
    const noExpiry = await send({ documentType: 'passport' });
    expect(noExpiry.json.error.fieldErrors.expiresAt).toBeTruthy();
    const past = await send({ documentType: 'passport', expiresAt: dayFrom(now, -1) });
    expect(past.json.error.fieldErrors.expiresAt[0]).toMatch(/future/);
    const issuedFuture = await send({ documentType: 'bank_statement', issuedAt: dayFrom(now, 2) });
    expect(issuedFuture.json.error.fieldErrors.issuedAt[0]).toMatch(/future/);
    const order = await send({ documentType: 'passport', issuedAt: dayFrom(now, -1), expiresAt: dayFrom(now, -2) });
    expect(order.status).toBe(400);
    const noFile = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      fields: { documentType: 'bank_statement' },
    });
    expect([noFile.status, noFile.json.error.fieldErrors.file]).toEqual([400, expect.any(Array)]);
    expect(storedFiles(env).filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('refuses a business-only document type for an individual (400, nothing stored); a business may upload it', async () => {
    const person = await newCustomer();
    const before = [await docCount(), storedFiles(env).length];
    for (const documentType of ['business_registration', 'tax_certificate']) {
      const res = await upload(env, kycPath(person.id), {
        cookie: r.corporate.cookie,
        file: { name: 'reg.png', bytes: uniquePng() },
        fields: { documentType },
      });
      expect([res.status, res.json.error.fieldErrors.documentType[0]]).toEqual([
        400,
        expect.stringMatching(/individual/),
      ]);
    }
    expect([await docCount(), storedFiles(env).length]).toEqual(before);
    const biz = await newCustomer('business');
    const ok = await upload(env, kycPath(biz.id), {
      cookie: r.corporate.cookie,
      file: { name: 'reg.png', bytes: uniquePng() },
      fields: { documentType: 'business_registration' },
    });
    expect(ok.status).toBe(201);
  });

  it('stores under a generated key and shows a sanitised name for path-traversal and odd names', async () => {
    const c = await newCustomer();
    const res = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: '..\\..\\windows/../etc/passwd\u202e .PNG', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    expect(res.status).toBe(201);
    expect(res.json.fileName).not.toMatch(/[/\\\u0007\u202e]|\.\./);
    expect(res.json.fileName).toMatch(/\.PNG$/);
    const nul = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'x\u0000.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    expect(nul.status).toBe(400);
    const row = await env.db
      .selectFrom('kyc_documents')
      .select('storage_key')
      .where('id', '=', res.json.id)
      .executeTakeFirstOrThrow();
    expect(row.storage_key).toMatch(/^kyc\/[0-9a-f-]{36}$/);
    expect(storedFiles(env)).toContain(row.storage_key);
  });

  it('refuses duplicates by type (current document) and by content (CONFLICT)', async () => {
    const c = await newCustomer();
    const first = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'a.jpg', bytes: fixture('passport.jpg') },
      fields: passport(),
    });
    expect(first.status).toBe(201);
    const sameType = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'b.png', bytes: uniquePng() },
      fields: passport(),
    });
    expect([sameType.status, sameType.json.error.code]).toEqual([409, 'CONFLICT']);
    const sameContent = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'a.jpg', bytes: fixture('passport.jpg') },
      fields: { documentType: 'bank_statement' },
    });
    expect([sameContent.status, sameContent.json.error.code]).toEqual([409, 'CONFLICT']);
    // Once the first is rejected, a replacement passport is welcome.
    const rej = await r.admin.client.mutation('kyc.reject', {
      customerId: c.id,
      documentId: first.json.id,
      reason: 'Blurry photo page',
    });
    expect(rej.ok).toBe(true);
    const replacement = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'c.png', bytes: uniquePng() },
      fields: passport(),
    });
    expect(replacement.status).toBe(201);
  });

  it('returns the first result for a retried upload with the same Idempotency-Key', async () => {
    const c = await newCustomer();
    const send = () =>
      upload(env, kycPath(c.id), {
        cookie: r.corporate.cookie,
        file: { name: 'stmt.pdf', bytes: fixture('letter.pdf') },
        fields: { documentType: 'bank_statement' },
        headers: { 'Idempotency-Key': `retry-${c.id}` },
      });
    const a = await send();
    const b = await send();
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).toBe(a.json.id);
    const rows = await env.db.selectFrom('kyc_documents').select('id').where('customer_id', '=', c.id).execute();
    expect(rows).toHaveLength(1);
    const bad = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'x.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
      headers: { 'Idempotency-Key': 'has spaces' },
    });
    expect(bad.status).toBe(400);
  });

  it('removes the stored file when the database write fails', async () => {
    const c = await newCustomer();
    const before = storedFiles(env).length;
    const rowsBefore = await docCount();
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
        if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'kyc_documents') {
          throw new Error('injected database failure');
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const failing = createApp({ ...env.deps, db: env.db.withPlugin(plugin) });
    const res = await failing.request(kycPath(c.id), {
      method: 'POST',
      headers: { cookie: r.corporate.cookie },
      body: (() => {
        const f = new FormData();
        f.append('documentType', 'bank_statement');
        f.append('file', new Blob([uniquePng() as Uint8Array<ArrayBuffer>]), 'x.png');
        return f;
      })(),
    });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toMatch(/injected|kyc_documents|stack/);
    expect(body).toMatch(/Reference: /);
    expect(await docCount()).toBe(rowsBefore);
    expect(storedFiles(env).length).toBe(before);
  });
});

describe('KYC review, four eyes and activation', () => {
  it('verifies by someone other than the uploader; the customer turns verified and can be activated', async () => {
    const id = r.ownCustomer.id;
    const docs = await r.corporate.client.query('kyc.list', { customerId: id });
    if (!docs.ok) throw new Error('list');
    expect(docs.data.items).toHaveLength(2);
    const client = await r.client.client.mutation('kyc.verify', { customerId: id, documentId: docs.data.items[0].id });
    expect(!client.ok && client.error.data.code).toBe('FORBIDDEN');
    const early = await r.corporate.client.mutation('customers.activate', { id });
    expect(!early.ok && early.error.data.missingRequirements).toEqual(expect.arrayContaining([expect.any(String)]));
    for (const d of docs.data.items) {
      const v = await r.corporate.client.mutation('kyc.verify', { customerId: id, documentId: d.id });
      expect(v.ok && v.data).toMatchObject({
        status: 'verified',
        verifiedBy: r.corporate.user.id,
        verifiedByName: r.corporate.user.name,
        uploadedByName: r.client.user.name,
      });
    }
    const listed = await r.client.client.query<{ items: KycDocument[] }>('kyc.list', { customerId: id });
    expect(listed.ok && listed.data.items.map((d) => [d.uploadedByName, d.verifiedByName])).toEqual([
      [r.client.user.name, r.corporate.user.name],
      [r.client.user.name, r.corporate.user.name],
    ]);
    const again = await r.admin.client.mutation('kyc.verify', { customerId: id, documentId: docs.data.items[0].id });
    expect(!again.ok && again.error.data.code).toBe('PRECONDITION_FAILED');
    const status = await r.client.client.query('kyc.status', { customerId: id });
    expect(status.ok && status.data).toMatchObject({ kycStatus: 'verified', missing: [] });
    const activated = await r.corporate.client.mutation('customers.activate', { id });
    expect(activated.ok && activated.data).toMatchObject({ status: 'active', kycStatus: 'verified' });
    const suspended = await r.corporate.client.mutation('customers.suspend', { id, reason: 'Chargeback review' });
    expect(suspended.ok && suspended.data).toMatchObject({ status: 'suspended', statusReason: 'Chargeback review' });
    expect((await r.corporate.client.mutation('customers.activate', { id })).ok).toBe(true);
    const lifecycle = (await auditRows(env.db)).filter((e) => e.customer_id === id).map((e) => e.action);
    expect(lifecycle).toEqual(expect.arrayContaining(['customer.activated', 'customer.suspended']));
    expect((await auditRows(env.db, 'kyc.verified')).filter((e) => e.customer_id === id)).toHaveLength(2);
  });

  it('re-derives the stored KYC status when the customer type changes', async () => {
    const c = await newCustomer();
    const now = env.clock.now();
    for (const [name, fields] of [
      ['p.png', passport(now)],
      ['a.png', { documentType: 'proof_of_address' }],
    ] as const) {
      const up = await upload(env, kycPath(c.id), {
        cookie: r.corporate.cookie,
        file: { name, bytes: uniquePng() },
        fields,
      });
      await r.admin.client.mutation('kyc.verify', { customerId: c.id, documentId: up.json.id });
    }
    const verified = await r.admin.client.query('customers.byId', { id: c.id });
    expect(verified.ok && verified.data.kycStatus).toBe('verified');
    const biz = await r.admin.client.mutation('customers.update', {
      id: c.id,
      version: verified.ok ? verified.data.version : 0,
      type: 'business',
      companyName: 'Now A Company Ltd',
    });
    expect(biz.ok && biz.data).toMatchObject({ type: 'business', kycStatus: 'pending' });
    const [event] = (await auditRows(env.db, 'customer.updated')).filter((e) => e.entity_id === c.id);
    expect(event?.changes).toMatchObject({ kycStatus: { before: 'verified', after: 'pending' } });
    const activate = await r.admin.client.mutation('customers.activate', { id: c.id });
    expect(!activate.ok && activate.error.data.code).toBe('PRECONDITION_FAILED');
  });

  it('refuses the uploader verifying or rejecting their own upload (four eyes)', async () => {
    const c = await newCustomer();
    const up = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 's.png', bytes: uniquePng() },
      fields: { documentType: 'proof_of_address' },
    });
    const own = await r.corporate.client.mutation('kyc.verify', { customerId: c.id, documentId: up.json.id });
    expect(!own.ok && [own.status, own.error.message]).toEqual([403, expect.stringMatching(/four-eyes/)]);
    const ownReject = await r.corporate.client.mutation('kyc.reject', {
      customerId: c.id,
      documentId: up.json.id,
      reason: 'Not readable',
    });
    expect(!ownReject.ok && ownReject.status).toBe(403);
    expect((await r.admin.client.mutation('kyc.verify', { customerId: c.id, documentId: up.json.id })).ok).toBe(true);
  });

  it('requires a reason to reject, shows it to the client, and derives rejected', async () => {
    const id = (await newCustomer()).id;
    const clientUser = await makeUser(env.db, 'client', { customerId: id });
    const portal = await signIn(env.app, clientUser.email, undefined, '10.8.0.1');
    const up = await upload(env, kycPath(id), {
      cookie: portal.cookie,
      file: { name: 'id.jpg', bytes: fixture('passport.jpg') },
      fields: passport(),
    });
    expect(up.status).toBe(201);
    const noReason = await r.corporate.client.mutation('kyc.reject', {
      customerId: id,
      documentId: up.json.id,
      reason: ' ',
    });
    expect(!noReason.ok && noReason.error.data.fieldErrors?.reason).toBeTruthy();
    const rej = await r.corporate.client.mutation('kyc.reject', {
      customerId: id,
      documentId: up.json.id,
      reason: 'Photo page is cut off',
    });
    expect(rej.ok && rej.data).toMatchObject({ status: 'rejected', rejectionReason: 'Photo page is cut off' });
    const seen = await portal.client.query('kyc.list', { customerId: id });
    expect(seen.ok && seen.data.items[0].rejectionReason).toBe('Photo page is cut off');
    const status = await portal.client.query('kyc.status', { customerId: id });
    expect(status.ok && status.data.kycStatus).toBe('rejected');
  });

  it('derives the business checklist: four requirements', async () => {
    const b = await newCustomer('business');
    const st = await r.corporate.client.query('kyc.status', { customerId: b.id });
    expect(st.ok && st.data.missing.map((m: { key: string }) => m.key).sort()).toEqual([
      'business_registration',
      'identity',
      'proof_of_address',
      'tax_certificate',
    ]);
    expect(st.ok && st.data.kycStatus).toBe('not_started');
    expect(st.ok && st.data.customerType).toBe('business');
    expect(st.ok && st.data.requirements.map((q: { reason: string }) => q.reason)).toEqual([
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
  });

  it('lets admins (only) soft-delete a document; deleted documents read as NOT_FOUND', async () => {
    const c = await newCustomer();
    const up = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 's.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    const corp = await r.corporate.client.mutation('kyc.delete', { customerId: c.id, documentId: up.json.id });
    expect(!corp.ok && corp.error.data.code).toBe('FORBIDDEN');
    expect((await r.admin.client.mutation('kyc.delete', { customerId: c.id, documentId: up.json.id })).ok).toBe(true);
    const read = await r.admin.client.query('kyc.byId', { customerId: c.id, documentId: up.json.id });
    expect(!read.ok && read.error.data.code).toBe('NOT_FOUND');
    const dl = await env.app.request(`${kycPath(c.id)}/${up.json.id}/download`, {
      headers: { cookie: r.admin.cookie },
    });
    expect(dl.status).toBe(404);
    const st = await r.admin.client.query('kyc.status', { customerId: c.id });
    expect(st.ok && st.data.kycStatus).toBe('not_started');
    expect((await auditRows(env.db, 'kyc.deleted')).some((e) => e.entity_id === up.json.id)).toBe(true);
    const deletedList = await r.corporate.client.query('kyc.list', { customerId: c.id, includeDeleted: true });
    expect(!deletedList.ok && deletedList.error.data.code).toBe('FORBIDDEN');
    const adminList = await r.admin.client.query('kyc.list', { customerId: c.id, includeDeleted: true });
    expect(adminList.ok && adminList.data.items.map((d: { id: string }) => d.id)).toEqual([up.json.id]);
  });

  it('updates metadata of a pending document with its version', async () => {
    const c = await newCustomer();
    const up = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 's.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    const ok = await r.admin.client.mutation('kyc.update', {
      customerId: c.id,
      documentId: up.json.id,
      version: 1,
      documentNumber: 'ST-123',
    });
    expect(ok.ok && ok.data).toMatchObject({ documentNumber: 'ST-123', version: 2 });
    const stale = await r.admin.client.mutation('kyc.update', {
      customerId: c.id,
      documentId: up.json.id,
      version: 1,
      documentNumber: 'X',
    });
    expect(!stale.ok && stale.error.data.code).toBe('CONFLICT');
  });
});

describe('KYC download', () => {
  it('streams the exact bytes as an attachment with safe headers, and audits it', async () => {
    const c = await newCustomer();
    const bytes = fixture('letter.pdf');
    const up = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'Relevé de compte «mars».pdf', bytes },
      fields: { documentType: 'bank_statement' },
    });
    expect(up.status).toBe(201);
    const res = await env.app.request(`${kycPath(c.id)}/${up.json.id}/download`, {
      headers: { cookie: r.corporate.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('Relevé de compte «mars».pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const audit = (await auditRows(env.db, 'kyc.downloaded')).filter((e) => e.entity_id === up.json.id);
    expect(audit).toHaveLength(1);
  });

  it('lets a client download their own documents only', async () => {
    const mine = await r.client.client.query('kyc.list', { customerId: r.ownCustomer.id });
    if (!mine.ok) throw new Error('list');
    const own = await env.app.request(`${kycPath(r.ownCustomer.id)}/${mine.data.items[0].id}/download`, {
      headers: { cookie: r.client.cookie },
    });
    expect(own.status).toBe(200);
    const c = await newCustomer();
    const up = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 's.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    const other = await env.app.request(`${kycPath(c.id)}/${up.json.id}/download`, {
      headers: { cookie: r.client.cookie },
    });
    expect(other.status).toBe(404);
    // A document id under the wrong customer is not found either.
    const crossed = await env.app.request(`${kycPath(r.ownCustomer.id)}/${up.json.id}/download`, {
      headers: { cookie: r.client.cookie },
    });
    expect(crossed.status).toBe(404);
  });
});

describe('expiry and orphan sweeps', () => {
  it('removes unreferenced files and stale partial writes after the grace period, keeping referenced ones', async () => {
    const { writeFileSync, mkdirSync, utimesSync } = await import('node:fs');
    const c = await newCustomer();
    const kept = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'k.png', bytes: uniquePng() },
      fields: { documentType: 'bank_statement' },
    });
    const keptKey = (
      await env.db
        .selectFrom('kyc_documents')
        .select('storage_key')
        .where('id', '=', kept.json.id)
        .executeTakeFirstOrThrow()
    ).storage_key;
    mkdirSync(join(env.filesDir, 'tmp'), { recursive: true });
    const orphan = 'kyc/11111111-2222-4333-8444-555555555555';
    writeFileSync(join(env.filesDir, orphan), 'orphan');
    writeFileSync(join(env.filesDir, 'tmp/abandoned.part'), 'half');
    const fresh = 'kyc/99999999-2222-4333-8444-555555555555';
    writeFileSync(join(env.filesDir, fresh), 'just uploaded, row not committed yet');
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const f of [orphan, 'tmp/abandoned.part', keptKey]) utimesSync(join(env.filesDir, f), old, old);
    const sweepClock = { ...env.deps, now: () => new Date() };
    const res = await sweepOrphanFiles(sweepClock);
    expect(res.ran).toBe(true);
    const files = storedFiles(env);
    expect(files).toContain(keptKey);
    expect(files).toContain(fresh);
    expect(files).not.toContain(orphan);
    expect(files).not.toContain('tmp/abandoned.part');
  });
  it('runs the orphan sweep one at a time under a lease, holding no transaction while it works on storage', async () => {
    const { writeFileSync, utimesSync } = await import('node:fs');
    const orphan = 'kyc/22222222-2222-4333-8444-555555555555';
    writeFileSync(join(env.filesDir, orphan), 'orphan');
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(env.filesDir, orphan), old, old);
    const sweepDeps = { ...env.deps, now: () => new Date() };
    const lease = 'sweep:orphan-files';

    // Another instance holds a live lease: this one leaves the work to it.
    await env.db
      .insertInto('sweep_leases')
      .values({ name: lease, holder: 'another-instance', expires_at: new Date(Date.now() + 60_000) })
      .execute();
    expect(await sweepOrphanFiles(sweepDeps)).toEqual({ ran: false });
    expect(storedFiles(env)).toContain(orphan);
    // That instance died mid-sweep: once its lease has run out, the next sweep takes over.
    await env.db
      .updateTable('sweep_leases')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();

    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = () => {};
    const listing = new Promise<void>((resolve) => (started = resolve));
    const storage: FileStorage = {
      ...env.deps.storage,
      async *list() {
        started();
        await gate;
        yield* env.deps.storage.list();
      },
    };
    const running = sweepOrphanFiles({ ...sweepDeps, storage });
    await listing;
    // While it lists storage, requests are served (PGlite has one connection for everyone)...
    const answered = await Promise.race([
      r.corporate.client.query('customers.list').then((res) => res.status),
      new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000)),
    ]);
    // ...no transaction sits idle on PostgreSQL...
    const idle =
      env.handle.kind === 'postgres'
        ? (
            await sql<{ n: number }>`
              SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(env.db)
          ).rows[0]!.n
        : 0;
    // ...and a second runner finds the sweep taken.
    const second = await Promise.race([
      sweepOrphanFiles(sweepDeps),
      new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000)),
    ]);
    release();
    expect(await running).toEqual({ ran: true, changed: expect.any(Number) });
    expect([answered, idle, second]).toEqual([200, 0, { ran: false }]);
    expect(storedFiles(env)).not.toContain(orphan);
    // The lease is given back at the end.
    expect(await env.db.selectFrom('sweep_leases').selectAll().execute()).toEqual([]);
  });

  it('turns a verified customer expired once its passport expires', async () => {
    const c = await newCustomer();
    const now = env.clock.now();
    const pass = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'p.png', bytes: uniquePng() },
      fields: { documentType: 'passport', expiresAt: dayFrom(now, 10) },
    });
    const poa = await upload(env, kycPath(c.id), {
      cookie: r.corporate.cookie,
      file: { name: 'a.png', bytes: uniquePng() },
      fields: { documentType: 'proof_of_address' },
    });
    for (const d of [pass, poa])
      await r.admin.client.mutation('kyc.verify', { customerId: c.id, documentId: d.json.id });
    const soon = await r.admin.client.query('kyc.status', { customerId: c.id });
    expect(soon.ok && soon.data.expiringSoon.map((d: { id: string }) => d.id)).toEqual([pass.json.id]);
    const expiring = await r.admin.client.query('kyc.expiring', { withinDays: 30 });
    expect(expiring.ok && expiring.data.items.map((d: { id: string }) => d.id)).toContain(pass.json.id);
    const stats = await r.admin.client.query('customers.stats');
    expect(stats.ok && stats.data.kycExpiringNext30Days).toBeGreaterThanOrEqual(1);

    env.clock.advance(11 * 86400_000);
    const admin = await signIn(env.app, r.admin.user.email, undefined, '10.8.1.1');
    const result = await sweepExpiredKyc(env.deps);
    expect(result).toEqual({
      ran: true,
      changed: expect.any(Number),
      checked: expect.any(Number),
      locked: expect.any(Number),
    });
    const row = await env.db
      .selectFrom('customers')
      .select('kyc_status')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.kyc_status).toBe('expired');
    const list = await admin.client.query('kyc.list', { customerId: c.id });
    expect(list.ok && list.data.items.find((d: { id: string }) => d.id === pass.json.id).status).toBe('expired');
    const activate = await admin.client.mutation('customers.activate', { id: c.id });
    expect(!activate.ok && activate.error.data.code).toBe('PRECONDITION_FAILED');

    // Renewed: once verified, the new passport makes the lapsed one irrelevant, so later runs skip this customer.
    const corporate = await signIn(env.app, r.corporate.user.email, undefined, '10.8.1.2');
    const renewed = await upload(env, kycPath(c.id), {
      cookie: corporate.cookie,
      file: { name: 'p2.png', bytes: uniquePng() },
      fields: { documentType: 'passport', expiresAt: dayFrom(env.clock.now(), 400) },
    });
    expect(renewed.status).toBe(201);
    // Only pending review, the renewal does not settle the status yet: the sweep still looks at this customer.
    expect(await customersWithNewlyExpiredDocuments(env.db, isoDate(env.clock.now()))).toContain(c.id);
    expect((await admin.client.mutation('kyc.verify', { customerId: c.id, documentId: renewed.json.id })).ok).toBe(
      true,
    );
    expect(await customersWithNewlyExpiredDocuments(env.db, isoDate(env.clock.now()))).not.toContain(c.id);
    const after = await env.db
      .selectFrom('customers')
      .select('kyc_status')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(after.kyc_status).toBe('verified');
  });

  it('runs the expiry sweep on one instance at a time', async () => {
    expect(await tryTakeLease(env.db, 'sweep:kyc-expiry', 'another-instance', 60_000)).toBe(true);
    expect(await sweepExpiredKyc(env.deps)).toEqual({ ran: false });
    await releaseLease(env.db, 'sweep:kyc-expiry', 'another-instance');
    expect(await sweepExpiredKyc(env.deps)).toEqual({
      ran: true,
      changed: expect.any(Number),
      checked: expect.any(Number),
      locked: expect.any(Number),
    });
  });
});

describe('activation and restore judge the KYC status of today', () => {
  /** A customer with a passport expiring in `days` and a proof of address, both verified. */
  async function verifiedCustomer(days: number) {
    const corporate = await signIn(env.app, r.corporate.user.email, undefined, '10.8.3.1');
    const admin = await signIn(env.app, r.admin.user.email, undefined, '10.8.3.2');
    n += 1;
    const created = await admin.client.mutation('customers.create', {
      type: 'individual',
      firstName: 'Today',
      lastName: `Person${n}`,
      email: `today${n}-${Date.now()}@example.org`,
      country: 'GB',
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const c = created.data as { id: string };
    const now = env.clock.now();
    for (const [name, fields] of [
      ['p.png', { ...passport(now), expiresAt: dayFrom(now, days) }],
      ['a.png', { documentType: 'proof_of_address' }],
    ] as const) {
      const up = await upload(env, kycPath(c.id), {
        cookie: corporate.cookie,
        file: { name, bytes: uniquePng() },
        fields,
      });
      expect(up.status).toBe(201);
      expect((await admin.client.mutation('kyc.verify', { customerId: c.id, documentId: up.json.id })).ok).toBe(true);
    }
    const read = await admin.client.query('customers.byId', { id: c.id });
    expect(read.ok && read.data.kycStatus).toBe('verified');
    return c;
  }
  const storedKycStatus = async (id: string) =>
    (await env.db.selectFrom('customers').select('kyc_status').where('id', '=', id).executeTakeFirstOrThrow())
      .kyc_status;

  it('refuses to activate once a verified passport has expired, before any sweep ran', async () => {
    const c = await verifiedCustomer(5);
    env.clock.advance(6 * 86400_000);
    const admin = await signIn(env.app, r.admin.user.email, undefined, '10.8.3.3');
    expect(await storedKycStatus(c.id)).toBe('verified');
    const res = await admin.client.mutation('customers.activate', { id: c.id });
    expect(!res.ok && res.error.data).toMatchObject({
      code: 'PRECONDITION_FAILED',
      kycStatus: 'expired',
      missingRequirements: [expect.any(String)],
    });
    const read = await admin.client.query('customers.byId', { id: c.id });
    expect(read.ok && read.data.status).toBe('pending');
    expect((await auditRows(env.db, 'customer.activated')).some((e) => e.entity_id === c.id)).toBe(false);
  });

  it('re-derives the KYC status of a restored customer (the sweep skips deleted ones)', async () => {
    const c = await verifiedCustomer(5);
    const admin = await signIn(env.app, r.admin.user.email, undefined, '10.8.3.4');
    expect((await admin.client.mutation('customers.delete', { id: c.id })).ok).toBe(true);
    env.clock.advance(6 * 86400_000);
    await sweepExpiredKyc(env.deps);
    expect(await storedKycStatus(c.id)).toBe('verified');
    const again = await signIn(env.app, r.admin.user.email, undefined, '10.8.3.5');
    const restored = await again.client.mutation('customers.restore', { id: c.id });
    expect(restored.ok && restored.data).toMatchObject({ kycStatus: 'expired' });
    expect(await storedKycStatus(c.id)).toBe('expired');
    const [event] = (await auditRows(env.db, 'customer.restored')).filter((e) => e.entity_id === c.id);
    expect(event?.changes).toMatchObject({ kycStatus: { before: 'verified', after: 'expired' } });
    const activate = await again.client.mutation('customers.activate', { id: c.id });
    expect(!activate.ok && activate.error.data.code).toBe('PRECONDITION_FAILED');
  });
});

describe('reviewing a document that expired while pending', () => {
  it('cannot be verified (and says why) but can be rejected with a reason for the customer', async () => {
    // Earlier tests moved the clock on: fresh sessions.
    const admin = await signIn(env.app, r.admin.user.email, undefined, '10.8.4.2');
    const created = await admin.client.mutation('customers.create', {
      type: 'individual',
      firstName: 'Lapsed',
      lastName: 'Pending',
      email: `lapsed-${Date.now()}@example.org`,
      country: 'GB',
    });
    if (!created.ok) throw new Error('setup');
    const c = created.data as { id: string };
    const uploader = await signIn(env.app, r.corporate.user.email, undefined, '10.8.4.1');
    const pass = await upload(env, kycPath(c.id), {
      cookie: uploader.cookie,
      file: { name: 'p.png', bytes: uniquePng() },
      fields: { documentType: 'passport', expiresAt: dayFrom(env.clock.now(), 3) },
    });
    expect(pass.status).toBe(201);
    env.clock.advance(4 * 86400_000);
    const reviewer = await signIn(env.app, r.admin.user.email, undefined, '10.8.4.3');
    const ids = { customerId: c.id, documentId: pass.json.id };
    const verify = await reviewer.client.mutation('kyc.verify', ids);
    expect(!verify.ok && [verify.error.data.code, verify.error.message]).toEqual([
      'PRECONDITION_FAILED',
      expect.stringMatching(/expired/),
    ]);
    const reject = await reviewer.client.mutation('kyc.reject', { ...ids, reason: 'This passport has expired.' });
    expect(reject.ok && reject.data).toMatchObject({
      status: 'rejected',
      rejectionReason: 'This passport has expired.',
    });
    const stored = await env.db.selectFrom('customers').select('kyc_status').where('id', '=', c.id).executeTakeFirst();
    expect(stored?.kyc_status).toBe('rejected');
  });
});
