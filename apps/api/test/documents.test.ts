import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from '@cm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv, whileRowLocked } from './helpers';
import { fixture, upload } from './uploads';
import { makeZip, wordPackage } from './zip';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let customerId: string;
const path = () => `/api/customers/${customerId}/documents`;

beforeAll(async () => {
  env = await setupTestEnv({ documentMaxFileMb: 2 });
  r = await signedInRoles(env);
  customerId = r.ownCustomer.id;
});
afterAll(async () => {
  await env?.handle.close();
});

function storedCount() {
  let n = 0;
  for (const dir of ['documents', 'tmp']) {
    try {
      n += readdirSync(join(env.filesDir, dir)).length;
    } catch {}
  }
  return n;
}

const send = (
  name: string,
  bytes: Uint8Array,
  fields: Record<string, string> = { category: 'other' },
  cookie = r.corporate.cookie,
) => upload(env, path(), { cookie, file: { name, bytes }, fields });

describe('customer document uploads', () => {
  it('accepts every type of SPEC §5 made by real tools, stored with the sniffed type', async () => {
    const expected: Record<string, string> = {
      'letter.pdf': 'application/pdf',
      'passport.jpg': 'image/jpeg',
      'bill.png': 'image/png',
      'logo.gif': 'image/gif',
      'letter.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'figures.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'letter.doc': 'application/msword',
      'figures.xls': 'application/vnd.ms-excel',
      'letter.txt': 'text/plain; charset=utf-8',
      'figures.csv': 'text/csv; charset=utf-8',
    };
    for (const [name, mime] of Object.entries(expected)) {
      const res = await send(name, fixture(name), { category: 'report', title: `Sample ${name}` });
      expect([name, res.status, res.json.mimeType]).toEqual([name, 201, mime]);
    }
    const jpeg = await send('photo.JPEG', fixture('passport.jpg'));
    expect(jpeg.status).toBe(201);
  });

  it('refuses look-alikes and unaccepted types with 415, storing nothing', async () => {
    const before = storedCount();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(4000, 7)]);
    const cases: [string, Uint8Array][] = [
      ['setup.pdf', elf],
      ['letter.docx', fixture('letter.odt')],
      ['figures.xlsx', fixture('figures.ods')],
      ['figures.docx', fixture('figures.xlsx')],
      ['letter.xlsx', fixture('letter.docx')],
      ['letter.xls', fixture('letter.doc')],
      ['figures.doc', fixture('figures.xls')],
      ['letter.png', fixture('letter.pdf')],
      ['passport.pdf', fixture('passport.jpg')],
      ['bill.gif', fixture('bill.png')],
      ['letter.odt', fixture('letter.odt')],
      ['figures.ods', fixture('figures.ods')],
      ['notes.txt', Buffer.from('hello\u0000world')],
      ['latin1.csv', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x74, 0xe9])],
      ['pdf.txt', fixture('letter.pdf')],
      ['fake.docx', Buffer.from('PK not really a zip')],
    ];
    for (const [name, bytes] of cases) {
      const res = await send(name, bytes);
      expect([name, res.status, res.json.error?.code]).toEqual([name, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    expect(storedCount()).toBe(before);
    const rows = await env.db
      .selectFrom('customer_documents')
      .select('file_name')
      .where('category', '=', 'other')
      .execute();
    expect(rows.map((x) => x.file_name)).not.toContain('setup.pdf');
  });

  it('refuses zip bombs: too many entries, or too much compression', async () => {
    const many = wordPackage(
      Array.from({ length: 2001 }, (_, i) => ({ name: `word/media/p${i}.xml`, data: Buffer.alloc(0) })),
    );
    const tooMany = await send('many.docx', many);
    expect([tooMany.status, tooMany.json.error.message]).toEqual([415, expect.stringMatching(/too many parts/)]);
    const dense = wordPackage([{ name: 'word/bomb.xml', data: Buffer.alloc(60 * 1024 * 1024), deflate: true }]);
    expect(dense.length).toBeLessThan(200 * 1024);
    const bomb = await send('bomb.docx', dense);
    expect([bomb.status, bomb.json.error.message]).toEqual([415, expect.stringMatching(/compressed suspiciously/)]);
    const noMain = makeZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }]);
    expect((await send('empty.docx', noMain)).status).toBe(415);
    const minimal = await send('minimal.docx', wordPackage());
    expect(minimal.status).toBe(201);
  });

  it('refuses files over DOCUMENT_MAX_FILE_MB (413)', async () => {
    const big = Buffer.concat([Buffer.from('a,b\n'), Buffer.alloc(2 * 1024 * 1024 + 1, 0x61)]);
    const res = await send('big.csv', big);
    expect([res.status, res.json.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('needs a category; the title defaults to the file name', async () => {
    const none = await send('a.txt', Buffer.from('hello'), {});
    expect(none.json.error.fieldErrors.category).toBeTruthy();
    const titled = await send('Quarterly report.txt', Buffer.from('hello again'), { category: 'report' });
    expect(titled.json).toMatchObject({ title: 'Quarterly report.txt', category: 'report', description: null });
  });

  it('is closed to clients and returns the first result for an idempotent retry', async () => {
    const client = await send('a.txt', Buffer.from('client'), { category: 'other' }, r.client.cookie);
    expect(client.status).toBe(403);
    const first = await upload(env, path(), {
      cookie: r.corporate.cookie,
      file: { name: 'i.txt', bytes: Buffer.from('idem') },
      fields: { category: 'other' },
      headers: { 'Idempotency-Key': 'doc-1' },
    });
    const again = await upload(env, path(), {
      cookie: r.corporate.cookie,
      file: { name: 'i.txt', bytes: Buffer.from('idem') },
      fields: { category: 'other' },
      headers: { 'Idempotency-Key': 'doc-1' },
    });
    expect([first.status, again.status, again.json.id]).toEqual([201, 201, first.json.id]);
    // Three concurrent sends of one key make one document.
    const burst = await Promise.all(
      [1, 2, 3].map(() =>
        upload(env, path(), {
          cookie: r.corporate.cookie,
          file: { name: 'b.txt', bytes: Buffer.from('burst') },
          fields: { category: 'other' },
          headers: { 'Idempotency-Key': 'doc-burst' },
        }),
      ),
    );
    expect(new Set(burst.map((b) => b.json.id)).size).toBe(1);
    const rows = await env.db.selectFrom('customer_documents').select('id').where('file_name', '=', 'b.txt').execute();
    expect(rows).toHaveLength(1);
  });
});

describe('documents router', () => {
  it('lists newest first, filters by category, pages, edits metadata with versions, and deletes (admin)', async () => {
    const c = await r.admin.client.mutation('customers.create', {
      type: 'business',
      companyName: 'Docs Ltd',
      email: 'docs@list.example',
      country: 'GB',
    });
    if (!c.ok) throw new Error('setup');
    customerId = c.data.id;
    const contract = await send('contract.pdf', fixture('letter.pdf'), {
      category: 'contract',
      title: 'Master agreement',
    });
    env.clock.advance(1000);
    const invoice = await send('invoice.csv', fixture('figures.csv'), { category: 'invoice', title: 'Invoice 42' });
    env.clock.advance(1000);
    const letter = await send('letter.txt', fixture('letter.txt'), { category: 'correspondence' });
    const all = await r.corporate.client.query('documents.list', { customerId });
    expect(all.ok && all.data.items.map((d: { id: string }) => d.id)).toEqual([
      letter.json.id,
      invoice.json.id,
      contract.json.id,
    ]);
    const page1 = await r.corporate.client.query('documents.list', { customerId, limit: 2 });
    const page2 = await r.corporate.client.query('documents.list', {
      customerId,
      limit: 2,
      cursor: page1.ok ? page1.data.nextCursor : null,
    });
    expect(page2.ok && page2.data.items.map((d: { id: string }) => d.id)).toEqual([contract.json.id]);
    const invoices = await r.corporate.client.query('documents.list', { customerId, category: 'invoice' });
    expect(invoices.ok && invoices.data.items.map((d: { title: string }) => d.title)).toEqual(['Invoice 42']);

    const edit = await r.corporate.client.mutation('documents.update', {
      customerId,
      documentId: contract.json.id,
      version: 1,
      title: 'Signed agreement',
      category: 'agreement',
    });
    expect(edit.ok && edit.data).toMatchObject({
      title: 'Signed agreement',
      category: 'agreement',
      version: 2,
      fileName: 'contract.pdf',
    });
    const stale = await r.corporate.client.mutation('documents.update', {
      customerId,
      documentId: contract.json.id,
      version: 1,
      title: 'x',
    });
    expect(!stale.ok && stale.error.data.code).toBe('CONFLICT');

    const corpDelete = await r.corporate.client.mutation('documents.delete', {
      customerId,
      documentId: invoice.json.id,
    });
    expect(!corpDelete.ok && corpDelete.error.data.code).toBe('FORBIDDEN');
    expect((await r.admin.client.mutation('documents.delete', { customerId, documentId: invoice.json.id })).ok).toBe(
      true,
    );
    const gone = await r.admin.client.query('documents.byId', { customerId, documentId: invoice.json.id });
    expect(!gone.ok && gone.error.data.code).toBe('NOT_FOUND');
    const withDeleted = await r.admin.client.query('documents.list', { customerId, includeDeleted: true });
    expect(withDeleted.ok && withDeleted.data.items.map((d: { id: string }) => d.id)).toContain(invoice.json.id);
    const corpDeleted = await r.corporate.client.query('documents.list', { customerId, includeDeleted: true });
    expect(!corpDeleted.ok && corpDeleted.error.data.code).toBe('FORBIDDEN');
    const actions = (await auditRows(env.db)).filter((e) => e.customer_id === customerId).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['document.uploaded', 'document.updated', 'document.deleted']));
  });

  it('deletes the document a concurrent edit left, never answering deleted without deleting', async () => {
    const up = await send('race.txt', Buffer.from(`race ${Math.random()}`));
    const res = await whileRowLocked(
      env,
      (trx) =>
        trx
          .updateTable('customer_documents')
          .set({ title: 'Edited meanwhile', version: sql`version + 1` })
          .where('id', '=', up.json.id)
          .execute(),
      () => r.admin.client.mutation('documents.delete', { customerId, documentId: up.json.id }),
    );
    expect(res.ok && res.data).toEqual({ id: up.json.id, deleted: true });
    const row = await env.db
      .selectFrom('customer_documents')
      .select(['deleted_at', 'title'])
      .where('id', '=', up.json.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ deleted_at: expect.any(Date), title: 'Edited meanwhile' });
    expect((await auditRows(env.db, 'document.deleted')).filter((e) => e.entity_id === up.json.id)).toHaveLength(1);
  });

  it('downloads the exact bytes as an attachment', async () => {
    const up = await send('figures.xlsx', fixture('figures.xlsx'), { category: 'report' });
    const res = await env.app.request(`${path()}/${up.json.id}/download`, { headers: { cookie: r.corporate.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="figures.xlsx"/);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture('figures.xlsx'))).toBe(true);
    expect((await auditRows(env.db, 'document.downloaded')).some((e) => e.entity_id === up.json.id)).toBe(true);
    const client = await env.app.request(`${path()}/${up.json.id}/download`, { headers: { cookie: r.client.cookie } });
    expect(client.status).toBe(403);
  });
});
