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

const MiB = 1024 * 1024;

/** A real PDF padded with whitespace after its end marker to exactly `size` bytes. */
function pdfOfSize(size: number): Buffer {
  const pdf = fixture('letter.pdf');
  return Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x20)]);
}

describe('a file of exactly the size limit is accepted, one byte more is not', () => {
  it('KYC uploads: 10 MiB exactly → 201, 10 MiB + 1 → 413 with no file left', async () => {
    const path = `/api/customers/${r.ownCustomer.id}/kyc`;
    const exact = await upload(env, path, {
      cookie: r.corporate.cookie,
      file: { name: 'statement.pdf', bytes: pdfOfSize(10 * MiB) },
      fields: { documentType: 'bank_statement' },
    });
    expect(exact.status).toBe(201);
    expect(exact.json.sizeBytes).toBe(10 * MiB);
    const filesBefore = storedFiles(env).length;
    const over = await upload(env, path, {
      cookie: r.corporate.cookie,
      file: { name: 'statement.pdf', bytes: pdfOfSize(10 * MiB + 1) },
      fields: { documentType: 'tax_certificate' },
    });
    expect([over.status, over.json.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(storedFiles(env).length).toBe(filesBefore);
  });

  it('documents: 20 MiB exactly → 201, 20 MiB + 1 → 413 with no file left', async () => {
    const path = `/api/customers/${r.ownCustomer.id}/documents`;
    const exact = await upload(env, path, {
      cookie: r.corporate.cookie,
      file: { name: 'report.pdf', bytes: pdfOfSize(20 * MiB) },
      fields: { category: 'report' },
    });
    expect(exact.status).toBe(201);
    expect(exact.json.sizeBytes).toBe(20 * MiB);
    const filesBefore = storedFiles(env).length;
    const over = await upload(env, path, {
      cookie: r.corporate.cookie,
      file: { name: 'report.pdf', bytes: pdfOfSize(20 * MiB + 1) },
      fields: { category: 'report' },
    });
    expect([over.status, over.json.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(storedFiles(env).length).toBe(filesBefore);
  });
});
