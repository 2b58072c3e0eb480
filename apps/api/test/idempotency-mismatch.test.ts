import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, signedInRoles, storedFiles, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

const docsPath = () => `/api/customers/${r.ownCustomer.id}/documents`;
const kycPath = () => `/api/customers/${r.ownCustomer.id}/kyc`;
const documentCount = async () => (await env.db.selectFrom('customer_documents').select('id').execute()).length;
const kycCount = async () => (await env.db.selectFrom('kyc_documents').select('id').execute()).length;

describe('an Idempotency-Key reused for a different request', () => {
  const sendDoc = (key: string, fields: Record<string, string>, file: { name: string; bytes: Buffer }) =>
    upload(env, docsPath(), { cookie: r.corporate.cookie, file, fields, headers: { 'Idempotency-Key': key } });

  it('replays the first document for the very same request', async () => {
    const file = { name: 'minutes.txt', bytes: Buffer.from('meeting minutes, take 1') };
    const first = await sendDoc('doc-same', { category: 'report', title: 'Minutes' }, file);
    expect(first.status).toBe(201);
    const files = storedFiles(env).length;
    // Field order is not part of the request's identity.
    const retry = await sendDoc('doc-same', { title: 'Minutes', category: 'report' }, file);
    expect([retry.status, retry.json.id]).toEqual([201, first.json.id]);
    expect(storedFiles(env).length).toBe(files);
  });

  it('is CONFLICT with other metadata fields or another file, and stores nothing', async () => {
    const file = { name: 'contract.txt', bytes: Buffer.from('the signed contract') };
    const first = await sendDoc('doc-key-1', { category: 'contract', title: 'Contract' }, file);
    expect(first.status).toBe(201);
    const before = [await documentCount(), storedFiles(env).length];

    const otherTitle = await sendDoc('doc-key-1', { category: 'contract', title: 'Another contract' }, file);
    expect([otherTitle.status, otherTitle.json.error.code]).toEqual([409, 'CONFLICT']);
    expect(otherTitle.json.error.message).toMatch(/Idempotency-Key/);
    const otherCategory = await sendDoc('doc-key-1', { category: 'invoice', title: 'Contract' }, file);
    expect(otherCategory.status).toBe(409);
    const otherDescription = await sendDoc(
      'doc-key-1',
      { category: 'contract', title: 'Contract', description: 'amended' },
      file,
    );
    expect(otherDescription.status).toBe(409);
    const otherFile = await sendDoc(
      'doc-key-1',
      { category: 'contract', title: 'Contract' },
      { name: 'contract.txt', bytes: Buffer.from('a different contract') },
    );
    expect(otherFile.status).toBe(409);
    expect([await documentCount(), storedFiles(env).length]).toEqual(before);

    // The original request still replays.
    const retry = await sendDoc('doc-key-1', { category: 'contract', title: 'Contract' }, file);
    expect([retry.status, retry.json.id]).toEqual([201, first.json.id]);
  });

  it('is CONFLICT for a KYC upload with another document type or another file', async () => {
    const send = (fields: Record<string, string>, bytes: Buffer) =>
      upload(env, kycPath(), {
        cookie: r.corporate.cookie,
        file: { name: 'scan.pdf', bytes },
        fields,
        headers: { 'Idempotency-Key': 'kyc-key-1' },
      });
    const pdf = fixture('letter.pdf');
    const first = await send({ documentType: 'bank_statement' }, pdf);
    expect(first.status).toBe(201);
    const before = [await kycCount(), storedFiles(env).length];
    const otherType = await send({ documentType: 'tax_certificate' }, pdf);
    expect([otherType.status, otherType.json.error.code]).toEqual([409, 'CONFLICT']);
    const otherNumber = await send({ documentType: 'bank_statement', documentNumber: 'ACC-1' }, pdf);
    expect(otherNumber.status).toBe(409);
    const otherFile = await send({ documentType: 'bank_statement' }, Buffer.concat([pdf, Buffer.from('\n')]));
    expect(otherFile.status).toBe(409);
    expect([await kycCount(), storedFiles(env).length]).toEqual(before);
    const retry = await send({ documentType: 'bank_statement' }, pdf);
    expect([retry.status, retry.json.id]).toEqual([201, first.json.id]);
  });
});
