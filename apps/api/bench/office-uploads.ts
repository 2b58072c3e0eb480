/**
 * `pnpm bench:office`: 8 concurrent 20 MB customer-document uploads of each accepted Office type
 * (and PDF for comparison) through the real app, on PGlite and local-disk storage; reports the
 * peak RSS growth over a settled baseline. Each type runs in a fresh process, so memory one run
 * leaves with the allocator does not hide or inflate the next.
 *
 *   BENCH_OFFICE_TYPES   types to run (default "docx,xlsx,doc,xls,pdf")
 *   BENCH_OFFICE_MB      file size in MiB (default 19.5: under the 20 MiB limit with room for the form)
 *   BENCH_OFFICE_PARALLEL concurrent uploads (default 8)
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@cm/auth';
import { createDb, insertUser, migrateToLatest, sql } from '@cm/db';
import CFB from 'cfb';
import pino from 'pino';
import { createApp } from '../src/app';
import { defaultConfig } from '../src/config';
import type { AppDeps } from '../src/deps';
import { localDiskStorage } from '../src/storage/local-disk';
import { makeZip } from '../test/zip';
import { MB, memorySampler, settleMemory } from './measure';

const TYPES = (process.env.BENCH_OFFICE_TYPES ?? 'docx,xlsx,doc,xls,pdf').split(',');
const SIZE = Math.floor(Number(process.env.BENCH_OFFICE_MB ?? 19.5) * MB);
const PARALLEL = Number(process.env.BENCH_OFFICE_PARALLEL ?? 8);
const PASSWORD = 'bench-password-not-a-secret-9z';

/** A valid file of the type, about SIZE bytes, mostly incompressible (so the zip ratio check passes). */
function makeFile(type: string): Buffer {
  const bulk = randomBytes(SIZE - 64 * 1024);
  const types = Buffer.from('<?xml version="1.0"?><Types/>');
  switch (type) {
    case 'docx':
      return makeZip([
        { name: '[Content_Types].xml', data: types },
        { name: 'word/document.xml', data: Buffer.from('<w:document/>'), deflate: true },
        { name: 'word/media/image1.bin', data: bulk, deflate: true },
      ]);
    case 'xlsx':
      return makeZip([
        { name: '[Content_Types].xml', data: types },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), deflate: true },
        { name: 'xl/media/image1.bin', data: bulk, deflate: true },
      ]);
    case 'doc':
    case 'xls': {
      const cfb = CFB.utils.cfb_new();
      CFB.utils.cfb_add(cfb, type === 'doc' ? '/WordDocument' : '/Workbook', bulk);
      return CFB.write(cfb, { type: 'buffer' }) as Buffer;
    }
    case 'pdf':
      return Buffer.concat([Buffer.from('%PDF-1.4\n'), bulk]);
    default:
      throw new Error(`unknown type ${type}`);
  }
}

/** The form as a stream of slices of the one file buffer: the client side allocates nothing per upload. */
function form(file: Buffer, name: string) {
  const boundary = `----cmoffice${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nother\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let at = -1;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (at === -1) {
          c.enqueue(head);
          at = 0;
        } else if (at < file.length) {
          c.enqueue(file.subarray(at, at + 64 * 1024));
          at += 64 * 1024;
        } else {
          c.enqueue(tail);
          c.close();
        }
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function runOne(type: string) {
  const handle = await createDb({ kind: 'pglite' });
  await migrateToLatest(handle.db);
  const filesDir = mkdtempSync(join(tmpdir(), 'cm-office-bench-'));
  const deps: AppDeps = {
    db: handle.db,
    dbKind: handle.kind,
    config: { ...defaultConfig, trustProxy: true, uploadRateLimit: { limit: 10_000, windowMs: 60_000 } },
    logger: pino({ level: 'silent' }),
    storage: localDiskStorage(filesDir),
    now: () => new Date(),
    draining: { value: false },
  };
  const app = createApp(deps);
  const email = `office-${Date.now()}@bench.example`;
  await insertUser(handle.db, {
    email,
    name: 'Bench',
    role: 'admin',
    customer_id: null,
    password_hash: await hashPassword(PASSWORD),
  });
  const login = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const customers = await sql<{ id: string }>`
    INSERT INTO customers (type, company_name, email, country)
    SELECT 'business', 'Office ' || g, 'office' || g || '@bench.example', 'GB' FROM generate_series(1, ${PARALLEL + 1}::int) g
    RETURNING id`.execute(handle.db);
  const ids = customers.rows.map((r) => r.id);
  const file = makeFile(type);
  const send = async (customerId: string) => {
    const { stream, contentType } = form(file, `bench.${type}`);
    const res = await app.request(
      new Request(`http://localhost/api/customers/${customerId}/documents`, {
        method: 'POST',
        headers: { cookie, 'content-type': contentType, 'x-forwarded-for': '10.9.9.9' },
        body: stream,
        // @ts-expect-error Node's fetch needs duplex for streamed bodies
        duplex: 'half',
      }),
    );
    const text = await res.text();
    if (res.status !== 201) throw new Error(`${type} upload: ${res.status} ${text.slice(0, 200)}`);
  };
  // Warm-up: loads the upload path's modules, so the measured run sees steady state.
  await send(ids[PARALLEL]!);
  await settleMemory();
  const t = performance.now();
  const sampler = memorySampler(5);
  await Promise.all(ids.slice(0, PARALLEL).map(send));
  const peak = sampler.stop();
  const ms = performance.now() - t;
  await handle.close();
  rmSync(filesDir, { recursive: true, force: true });
  return { type, fileMb: file.length / MB, ms, rssMb: peak.rss / MB, jsMb: peak.js / MB, abMb: peak.arrayBuffers / MB };
}

const only = process.argv[2];
if (only) {
  process.stdout.write(`${JSON.stringify(await runOne(only))}\n`);
  process.exit(0);
}
const self = fileURLToPath(import.meta.url);
const rows: string[] = [];
for (const type of TYPES) {
  const child = spawnSync(process.execPath, [...process.execArgv, self, type], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${type}: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
  rows.push(
    `| ${r.type} | ${r.fileMb.toFixed(1)} | ${PARALLEL} | ${r.ms.toFixed(0)} | ${r.rssMb.toFixed(1)} | ${r.jsMb.toFixed(1)} | ${r.abMb.toFixed(1)} |`,
  );
  process.stderr.write(`${rows.at(-1)}\n`);
}
process.stdout.write(
  `${[
    `| type | file MiB | concurrent | time ms | peak RSS growth MiB | peak heap+external MiB | peak arrayBuffers MiB |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n')}\n`,
);
