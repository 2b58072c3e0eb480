import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, storedFiles, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let customerId: string;
let kycDocumentId: string;

const NUL = '\u0000';

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  customerId = r.ownCustomer.id;
  const kyc = await upload(env, `/api/customers/${customerId}/kyc`, {
    cookie: r.corporate.cookie,
    file: { name: 'bill.png', bytes: fixture('bill.png') },
    fields: { documentType: 'proof_of_address' },
  });
  if (kyc.status !== 201) throw new Error(JSON.stringify(kyc.json));
  kycDocumentId = kyc.json.id;
});
afterAll(async () => {
  await env?.handle.close();
});

/** Row counts of everything a refused input could have written. */
async function written() {
  const count = async (table: 'customers' | 'customer_notes' | 'customer_documents' | 'kyc_documents') =>
    (await env.db.selectFrom(table).select('id').execute()).length;
  return {
    customers: await count('customers'),
    notes: await count('customer_notes'),
    documents: await count('customer_documents'),
    kyc: await count('kyc_documents'),
    audit: (await auditRows(env.db)).length,
    files: storedFiles(env).length,
  };
}

describe('U+0000 in text input', () => {
  it('is BAD_REQUEST on every tRPC input, naming the field, and writes nothing', async () => {
    const admin = r.admin.client;
    const before = await written();
    const calls = [
      [
        'firstName',
        admin.mutation('customers.create', {
          type: 'individual',
          firstName: `A${NUL}`,
          lastName: 'B',
          email: 'nul1@test.example',
          country: 'GB',
        }),
      ],
      [
        'email',
        admin.mutation('customers.create', {
          type: 'business',
          companyName: 'Nul Ltd',
          email: `nul${NUL}@test.example`,
          country: 'GB',
        }),
      ],
      [
        'city',
        admin.mutation('customers.update', { id: customerId, version: r.ownCustomer.version, city: `Lon${NUL}don` }),
      ],
      ['search', admin.query('customers.list', { search: `a${NUL}` })],
      ['reason', admin.mutation('customers.suspend', { id: customerId, reason: `Fraud ${NUL} alert` })],
      ['content', admin.mutation('notes.create', { customerId, noteType: 'general', content: `Hello${NUL}` })],
      ['title', admin.mutation('notes.create', { customerId, noteType: 'general', title: `T${NUL}`, content: 'ok' })],
      ['reason', admin.mutation('kyc.reject', { customerId, documentId: kycDocumentId, reason: `Blurry ${NUL}` })],
      [
        'documentNumber',
        admin.mutation('kyc.update', { customerId, documentId: kycDocumentId, version: 1, documentNumber: `X${NUL}` }),
      ],
      ['email', r.anonymous.mutation('auth.login', { email: `admin${NUL}@test.example`, password: 'whatever-it-is' })],
    ] as const;
    for (const [field, call] of calls) {
      const res = await call;
      expect([field, res.status]).toEqual([field, 400]);
      if (!res.ok) {
        expect(res.error.data.code).toBe('BAD_REQUEST');
        expect(Object.keys(res.error.data.fieldErrors ?? {})).toContain(field);
      }
    }
    expect(await written()).toEqual(before);
  });

  it('is BAD_REQUEST in the CSV export filters', async () => {
    const res = await env.app.request(`/api/customers/export.csv?search=${encodeURIComponent(`a${NUL}b`)}`, {
      headers: { cookie: r.admin.cookie },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('is BAD_REQUEST in upload metadata (document title and description, KYC document number), leaving no file', async () => {
    const before = await written();
    const docs = `/api/customers/${customerId}/documents`;
    for (const fields of <Record<string, string>[]>[
      { category: 'other', title: `Con${NUL}tract` },
      { category: 'other', description: `line one\nline${NUL}two` },
    ]) {
      const res = await upload(env, docs, {
        cookie: r.corporate.cookie,
        file: { name: 'letter.txt', bytes: fixture('letter.txt') },
        fields,
      });
      expect([res.status, res.json.error.code]).toEqual([400, 'BAD_REQUEST']);
    }
    const kyc = await upload(env, `/api/customers/${customerId}/kyc`, {
      cookie: r.corporate.cookie,
      file: { name: 'letter.pdf', bytes: fixture('letter.pdf') },
      fields: { documentType: 'bank_statement', documentNumber: `12${NUL}34` },
    });
    expect([kyc.status, kyc.json.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await written()).toEqual(before);
  });

  it('keeps line breaks where text may span lines, and refuses bidi overrides and invisible-only names', async () => {
    const admin = r.admin.client;
    const note = await admin.mutation('notes.create', {
      customerId,
      noteType: 'call',
      content: 'Called.\n\tAgreed to send the passport.',
    });
    expect(note.ok && note.data.content).toBe('Called.\n\tAgreed to send the passport.');
    const rlo = await admin.mutation('notes.create', {
      customerId,
      noteType: 'call',
      title: 'invoice\u202Efdp.exe',
      content: 'x',
    });
    expect([rlo.status, !rlo.ok && Object.keys(rlo.error.data.fieldErrors ?? {})]).toEqual([400, ['title']]);
    const invisible = await admin.mutation('customers.create', {
      type: 'individual',
      firstName: '\u200B\u200C',
      lastName: '\u2060',
      email: 'invisible@test.example',
      country: 'GB',
    });
    expect(invisible.status).toBe(400);
    expect(!invisible.ok && Object.keys(invisible.error.data.fieldErrors ?? {}).sort()).toEqual([
      'firstName',
      'lastName',
    ]);
  });
});
