import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, signedInRoles, storedFiles, type TestEnv } from './helpers';
import { fixture } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv({ kycMaxFileMb: 1, documentMaxFileMb: 1 });
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

interface Part {
  name: string;
  filename?: string;
  content?: Uint8Array;
  /** Filler bytes, produced only as the server pulls them. */
  size?: number;
}

/** A multipart body made lazily in 64 KB chunks, counting how much of it the server pulled. */
function lazyMultipart(parts: Part[], epilogue = 0) {
  const boundary = `cmparts${Math.random().toString(36).slice(2)}`;
  const pieces: (Uint8Array | number)[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename ? 'Content-Type: application/octet-stream\r\n' : '';
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    if (p.content) pieces.push(p.content);
    if (p.size) pieces.push(p.size);
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  if (epilogue) pieces.push(epilogue);
  const length = pieces.reduce<number>((n, p) => n + (typeof p === 'number' ? p : p.length), 0);
  function* chunks() {
    for (const p of pieces) {
      if (typeof p !== 'number') yield p;
      else for (let left = p; left > 0; left -= CHUNK) yield Buffer.alloc(Math.min(CHUNK, left), 0x61);
    }
  }
  const source = chunks();
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      const next = source.next();
      if (next.done) return ctrl.close();
      state.pulled += next.value.length;
      ctrl.enqueue(next.value);
    },
  });
  return { body, boundary, length, state };
}

async function send(path: string, parts: Part[], opts: { declared: boolean; epilogue?: number }) {
  const m = lazyMultipart(parts, opts.epilogue);
  const res = await env.app.request(path, {
    method: 'POST',
    body: m.body,
    headers: {
      cookie: r.corporate.cookie,
      'content-type': `multipart/form-data; boundary=${m.boundary}`,
      ...(opts.declared ? { 'content-length': String(m.length) } : {}),
    },
    // @ts-expect-error Node's fetch needs duplex for streamed bodies
    duplex: 'half',
  });
  const json = (await res.json()) as { id?: string; error?: { code: string } };
  return {
    status: res.status,
    json,
    pulled: m.state.pulled,
    length: m.length,
    connection: res.headers.get('connection'),
  };
}

async function rowCount() {
  const kyc = await env.db.selectFrom('kyc_documents').select('id').execute();
  const docs = await env.db.selectFrom('customer_documents').select('id').execute();
  return kyc.length + docs.length;
}

let n = 0;
async function newCustomer() {
  n += 1;
  const res = await r.admin.client.mutation('customers.create', {
    type: 'individual',
    firstName: 'Parts',
    lastName: `Person${n}`,
    email: `parts${n}-${Date.now()}@example.org`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data.id as string;
}

const routes = [
  {
    route: 'kyc',
    fields: [{ name: 'documentType', content: Buffer.from('bank_statement') }],
    file: (): Part => ({
      name: 'file',
      filename: 'bill.png',
      content: Buffer.concat([fixture('bill.png'), Buffer.from(`-${Math.random()}`)]),
    }),
  },
  {
    route: 'documents',
    fields: [{ name: 'category', content: Buffer.from('other') }],
    file: (): Part => ({ name: 'file', filename: 'note.txt', content: Buffer.from(`a note ${Math.random()}`) }),
  },
] as const;

describe.each(routes)('extra multipart parts on /api/customers/:id/$route', ({ route, fields, file }) => {
  it.each([
    { body: 'declared', declared: true },
    { body: 'chunked', declared: false },
  ])('refuse at once and stop reading ($body body), storing nothing', async ({ declared }) => {
    const path = `/api/customers/${await newCustomer()}/${route}`;
    // A declared body must stay within the limit plus overhead to get past the Content-Length check;
    // a chunked one has no length, so only reading less than it sends shows the server stopped.
    const filler = declared ? 512 * 1024 : 50 * MB;

    const fine = await send(path, [...fields, file()], { declared });
    expect([fine.status, fine.pulled]).toEqual([201, fine.length]);

    const rowsBefore = await rowCount();
    const filesBefore = storedFiles(env);
    const cases: { what: string; parts: Part[]; epilogue?: number; status: number; code: string }[] = [
      {
        what: 'a second file part',
        parts: [...fields, file(), { name: 'file', filename: 'more.bin', size: filler }],
        status: 400,
        code: 'BAD_REQUEST',
      },
      {
        what: 'a file part under another name',
        parts: [...fields, { name: 'attachment', filename: 'other.bin', size: filler }, file()],
        status: 400,
        code: 'BAD_REQUEST',
      },
      {
        what: 'more fields than allowed',
        parts: [
          ...fields,
          ...Array.from({ length: 30 }, (_, i) => ({ name: `extra${i}`, content: Buffer.from('x') })),
          { name: 'filler', size: filler },
          file(),
        ],
        status: 400,
        code: 'BAD_REQUEST',
      },
      {
        what: 'bytes after the closing boundary',
        parts: [...fields, file()],
        epilogue: declared ? 2 * MB : 50 * MB,
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
    ];
    for (const c of cases) {
      const res = await send(path, c.parts, { declared, epilogue: c.epilogue });
      expect([c.what, res.status, res.json.error?.code, res.connection]).toEqual([c.what, c.status, c.code, 'close']);
      // Reading stopped near the point of refusal instead of draining what the client sends.
      expect(res.pulled, c.what).toBeLessThan(declared ? res.length : 4 * MB);
    }
    expect(await rowCount()).toBe(rowsBefore);
    expect(storedFiles(env)).toEqual(filesBefore);
  });
});
