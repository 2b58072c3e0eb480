/**
 * End-to-end cases through the real Hono app (createApp + app.request): a few tRPC calls as a
 * signed-in corporate user, and a streamed 10 MB KYC upload with the process memory sampled.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@cm/auth';
import type { DbHandle } from '@cm/db';
import { insertUser } from '@cm/db';
import pino from 'pino';
import { createApp } from '../src/app';
import { defaultConfig } from '../src/config';
import type { AppDeps } from '../src/deps';
import { localDiskStorage } from '../src/storage/local-disk';
import { MB, type MemoryPeak, measure, memorySampler, settleMemory, type Timing } from './measure';
import { RARE_SURNAME } from './seed';

const PASSWORD = 'bench-password-not-a-secret-9z';
const IP = '10.9.9.9';

export interface BenchApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  cookie: string;
  filesDir: string;
  dispose(): void;
}

/** The real app over the bench database, and a corporate user signed in through auth.login. */
export async function startApp(handle: DbHandle): Promise<BenchApp> {
  const filesDir = mkdtempSync(join(tmpdir(), 'cm-bench-files-'));
  const deps: AppDeps = {
    db: handle.db,
    dbKind: handle.kind,
    // 11 MB so the 10 MB upload is accepted (SPEC default KYC_MAX_FILE_MB is 10, i.e. 10 MiB exactly).
    config: { ...defaultConfig, trustProxy: true, kycMaxFileMb: 11 },
    logger: pino({ level: 'silent' }),
    storage: localDiskStorage(filesDir),
    now: () => new Date(),
    draining: { value: false },
  };
  const app = createApp(deps);
  const email = `bench-${Date.now()}@bench.example`;
  await insertUser(handle.db, {
    email,
    name: 'Bench Corporate',
    role: 'corporate',
    customer_id: null,
    password_hash: await hashPassword(PASSWORD),
  });
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': IP },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { app, deps, cookie, filesDir, dispose: () => rmSync(filesDir, { recursive: true, force: true }) };
}

async function trpcQuery(bench: BenchApp, path: string, input?: unknown) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await bench.app.request(`/trpc/${path}${qs}`, {
    headers: { cookie: bench.cookie, 'x-forwarded-for': IP },
  });
  const body = (await res.json()) as { result?: { data: any }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** The same app and session with another KYC size limit (for the scaling check of the upload). */
export function withKycLimit(bench: BenchApp, kycMaxFileMb: number): BenchApp {
  const deps = { ...bench.deps, config: { ...bench.deps.config, kycMaxFileMb } };
  return { ...bench, deps, app: createApp(deps) };
}

/** tRPC over HTTP: session lookup, permission check, zod input/output, JSON — everything a browser pays for. */
export async function runApiCases(bench: BenchApp, customerIds: string[], hasKyc: boolean, log: (m: string) => void) {
  const out: Timing[] = [];
  const page = (d: any) => `${d.items.length} items${d.nextCursor ? ' +more' : ''}`;
  log('api: customers.byId');
  out.push(
    await measure(
      'api: customers.byId',
      (i) => trpcQuery(bench, 'customers.byId', { id: customerIds[i % customerIds.length] }),
      (d) => d.customerNumber,
    ),
  );
  log('api: customers.list');
  out.push(await measure('api: customers.list first page', () => trpcQuery(bench, 'customers.list', {}), page));
  const first = await trpcQuery(bench, 'customers.list', {});
  out.push(
    await measure(
      'api: customers.list page 2 (cursor)',
      () => trpcQuery(bench, 'customers.list', { cursor: first.nextCursor }),
      page,
    ),
  );
  out.push(
    await measure(
      'api: customers.list search rare term',
      () => trpcQuery(bench, 'customers.list', { search: RARE_SURNAME }),
      page,
    ),
  );
  out.push(
    await measure(
      'api: customers.list search "son"',
      () => trpcQuery(bench, 'customers.list', { search: 'son' }),
      page,
    ),
  );
  log('api: customers.stats');
  out.push(
    await measure(
      'api: customers.stats',
      () => trpcQuery(bench, 'customers.stats'),
      (d) => `${d.newLast30Days} new, ${hasKyc ? d.kycExpiringNext30Days : '-'} expiring`,
    ),
  );
  return out;
}

const CHUNK = 64 * 1024;

/**
 * A multipart body produced chunk by chunk as the server pulls it. The file is a PDF header made
 * unique by `nonce`, then one constant 64 KiB chunk of filler enqueued again and again: the
 * benchmark holds (and allocates) nothing in proportion to the file, so memory growth seen during
 * the upload is the server's. Reusing the chunk is safe because nobody writes to it.
 */
export function multipartStream(fileBytes: number, nonce: string) {
  const boundary = `----cmbench${nonce}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nbank_statement\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="statement-${nonce}.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const pdfHead = Buffer.from(`%PDF-1.4\n% bench ${nonce}\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const filler = Buffer.alloc(CHUNK, '0123456789 bench filler line of a bank statement, nothing to see here\n');
  let sent = 0;
  let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stage === 'head') {
          controller.enqueue(head);
          controller.enqueue(pdfHead);
          sent = pdfHead.length;
          stage = 'file';
        } else if (stage === 'file') {
          const n = Math.min(CHUNK, fileBytes - sent);
          controller.enqueue(n === CHUNK ? filler : filler.subarray(0, n));
          sent += n;
          if (sent >= fileBytes) stage = 'tail';
        } else if (stage === 'tail') {
          controller.enqueue(tail);
          stage = 'done';
        } else {
          controller.close();
        }
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface UploadResult {
  label: string;
  status: number;
  fileBytes: number;
  storedBytes: number | null;
  durationMs: number;
  peak: MemoryPeak;
  /** Growth still there after the request and a GC: would show a leak or a retained buffer. */
  retainedJs: number;
}

function storedSize(filesDir: string, key: string | undefined) {
  if (!key) return null;
  try {
    return statSync(join(filesDir, key)).size;
  } catch {
    return null;
  }
}

/** Baseline: the same streamed body consumed by nothing but a byte counter (the client's own cost). */
export async function uploadBaseline(fileBytes: number): Promise<UploadResult> {
  const { stream } = multipartStream(fileBytes, 'baseline');
  await settleMemory();
  const sampler = memorySampler(5);
  const t = performance.now();
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    await new Promise((r) => setImmediate(r));
  }
  const peak = sampler.stop();
  return {
    label: 'client stream only (no server)',
    status: 0,
    fileBytes,
    storedBytes: total,
    durationMs: performance.now() - t,
    peak,
    retainedJs: 0,
  };
}

/** One upload through POST /api/customers/:id/kyc, memory sampled every 5 ms from a fresh baseline. */
export async function uploadThroughApp(
  bench: BenchApp,
  customerId: string,
  fileBytes: number,
  label: string,
): Promise<UploadResult> {
  const nonce = Math.random().toString(36).slice(2, 10);
  const { stream, contentType } = multipartStream(fileBytes, nonce);
  const request = new Request(`http://localhost/api/customers/${customerId}/kyc`, {
    method: 'POST',
    headers: { cookie: bench.cookie, 'content-type': contentType, 'x-forwarded-for': IP },
    body: stream,
    // @ts-expect-error Node's fetch needs duplex for streamed bodies
    duplex: 'half',
  });
  await settleMemory();
  const before = process.memoryUsage();
  const sampler = memorySampler(5);
  const t = performance.now();
  const res = await bench.app.request(request);
  const body = (await res.json()) as { id?: string; sizeBytes?: number; error?: unknown };
  const durationMs = performance.now() - t;
  const peak = sampler.stop();
  await settleMemory();
  const after = process.memoryUsage();
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return {
    label,
    status: res.status,
    fileBytes,
    storedBytes: storedSize(bench.filesDir, newStoredFile(bench.filesDir)),
    durationMs,
    peak,
    retainedJs: after.heapUsed + after.external - (before.heapUsed + before.external),
  };
}

/** The file the last upload stored: the one name under kyc/ not seen before (keys are random). */
let knownFiles = new Set<string>();
function newStoredFile(filesDir: string) {
  let names: string[] = [];
  try {
    names = readdirSync(join(filesDir, 'kyc'));
  } catch {
    return undefined;
  }
  const fresh = names.filter((n) => !knownFiles.has(n));
  knownFiles = new Set(names);
  return fresh.length === 1 ? `kyc/${fresh[0]}` : undefined;
}

export const UPLOAD_BUDGET_BYTES = 32 * MB;
