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

/**
 * A copy of a real zip whose central directory declares `declare(actual)` as the uncompressed size
 * of the entry `name` (the local header is left alone, as a hand-crafted bomb would).
 */
function withDeclaredSize(zip: Buffer, name: string, declare: (actual: number) => number): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(at) !== 0x02014b50) throw new Error('not a central directory header');
    const nameLength = out.readUInt16LE(at + 28);
    const extraLength = out.readUInt16LE(at + 30);
    const commentLength = out.readUInt16LE(at + 32);
    if (out.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      out.writeUInt32LE(declare(out.readUInt32LE(at + 24)), at + 24);
      return out;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the zip`);
}

const send = (name: string, bytes: Buffer) =>
  upload(env, `/api/customers/${r.ownCustomer.id}/documents`, {
    cookie: r.corporate.cookie,
    file: { name, bytes },
    fields: { category: 'correspondence' },
  });

describe('Office files whose zip directory misstates entry sizes', () => {
  it('accepts the real letter.docx', async () => {
    expect((await send('letter.docx', fixture('letter.docx'))).status).toBe(201);
  });

  it('refuses a docx whose main part inflates to more than its declared size, leaving no file', async () => {
    const files = storedFiles(env).length;
    const understated = withDeclaredSize(fixture('letter.docx'), 'word/document.xml', (n) => Math.floor(n / 4));
    const res = await send('understated.docx', understated);
    expect([res.status, res.json.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(res.json.error.message).toMatch(/size/);
    expect(storedFiles(env).length).toBe(files);
  });

  it('refuses one whose declared size is 1 byte for a part that is larger', async () => {
    const tiny = withDeclaredSize(fixture('letter.docx'), '[Content_Types].xml', () => 1);
    expect((await send('tiny.docx', tiny)).status).toBe(415);
  });

  it('refuses an xlsx with an understated part too', async () => {
    const xlsx = withDeclaredSize(fixture('figures.xlsx'), 'xl/workbook.xml', (n) => n - 1);
    expect((await send('figures.xlsx', xlsx)).status).toBe(415);
    expect((await send('figures.xlsx', fixture('figures.xlsx'))).status).toBe(201);
  });
});
