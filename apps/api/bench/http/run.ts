/**
 * `pnpm bench:http`: every read endpoint through the real API (child process, `src/main.ts`) against
 * a floor (child process, floor.ts) that replays the same SQL through raw `pg`, measured alternately
 * with autocannon at fixed concurrency, on a fresh PostgreSQL database per size.
 *
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *                                           a temporary cm_bench_* database is created and dropped per size
 *   BENCH_SIZES        customer counts, e.g. "10000,100000" (default 10000)
 *   BENCH_CONNECTIONS  autocannon connections (default 16)
 *   BENCH_SECONDS      seconds per measurement (default 5)
 *   BENCH_ROUNDS       rounds; each round measures every endpoint, then its floor (default 3)
 *   BENCH_ONLY        comma-separated parts of endpoint names to measure only those (e.g. "byId")
 *   BENCH_API_NODE_OPTIONS  extra node flags for the API process (e.g. --cpu-prof --cpu-prof-dir=…)
 *   BENCH_UPLOAD_CONNECTIONS  concurrent uploads in the 20 MB document upload case (default 8)
 *   BENCH_KEEP_DB=1    keep one loaded database per size and reuse it in later runs (see database.ts)
 *
 *   BENCH_SMOKE=1      a check that the benchmark still works, in seconds (CI): 2,000 customers, 1 s, 1 round,
 *                      4 connections (2 for uploads) unless set otherwise; exits 1 when any request failed or
 *                      none completed, never because the numbers are low
 *
 * The upload case posts a 20 MB PDF customer document (multipart, as the console sends it) against a
 * floor route that streams the raw body to disk and fsyncs it; it also reports the API's peak RSS
 * growth while uploading. `BENCH_ONLY=upload` measures it alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@cm/auth';
import { insertUser, sql } from '@cm/db';
import autocannon from 'autocannon';
import { runAllSweeps } from '../../src/services/all-sweeps';
import { localDiskStorage } from '../../src/storage/local-disk';
import { keptDatabaseName, openBenchDatabase } from '../database';
import { RARE_SURNAME, seed, seedNotes } from '../seed';
import { table } from '../table';
import { captureStatements, type Endpoint, signIn, trpcPath } from './capture';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const log = (m: string) => process.stderr.write(`[bench:http] ${m}\n`);
const num = (name: string, def: number) => Number(process.env[name] ?? def);
const SMOKE = process.env.BENCH_SMOKE === '1';
const CONNECTIONS = num('BENCH_CONNECTIONS', SMOKE ? 4 : 16);
const SECONDS = num('BENCH_SECONDS', SMOKE ? 1 : 5);
const ROUNDS = num('BENCH_ROUNDS', SMOKE ? 1 : 3);
const PASSWORD = 'bench-password-not-a-secret-9z';
const UPLOAD_CONNECTIONS = num('BENCH_UPLOAD_CONNECTIONS', SMOKE ? 2 : 8);
const UPLOAD_BYTES = 20_000_000;
const UPLOAD_ENDPOINT = 'documents upload (20 MB PDF)';
const API_PORT = 3391;
const FLOOR_PORT = 3392;

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the measured server process per completed request, in ms (null where /proc is unreadable). */
  cpuMsPerReq: number | null;
}
interface Row {
  size: number;
  endpoint: string;
  api: Sample;
  floor: Sample;
  /** Statements per request; null for the upload, whose floor streams to disk instead. */
  statements: number | null;
  /** The upload case: the API's peak RSS growth over its RSS before the case, in MiB. */
  rssGrowthMiB?: number;
}

function start(script: string[], env: Record<string, string>, port: number, nodeOptions: string[] = []) {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', ...script], {
    cwd: apiDir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitReady(port: number, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the process for port ${port} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answered on port ${port}`);
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** User + system CPU time of a process so far (Linux /proc, clock ticks of 10 ms), in ms; null where unreadable. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Fields 14 and 15 of stat (utime, stime); the split above dropped the first two.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Waits until the API has finished its start-up work: the first sweep runs a few seconds after start
 * (main.ts) and, on a freshly loaded database, can take many seconds; measured alongside it, its CPU
 * would count as the first endpoint's. Done when a whole second passes with under `idleMs` of CPU.
 */
async function waitIdle(pid: number | undefined, startedAt: number, idleMs: number) {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(Math.max(0, startedAt + 7000 - Date.now()));
  for (let i = 0; i < 300; i++) {
    const before = cpuMs(pid);
    await sleep(1000);
    const after = cpuMs(pid);
    if (before === null || after === null || after - before < idleMs) return;
  }
}

async function load(
  url: string,
  pid: number | undefined,
  cookie?: string,
  seconds = SECONDS,
  extra: Partial<autocannon.Options> = {},
): Promise<Sample> {
  const cpuBefore = cpuMs(pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    ...extra,
    headers: { ...(cookie ? { cookie, 'x-forwarded-for': '10.9.9.9' } : {}), ...extra.headers },
  });
  const cpuAfter = cpuMs(pid);
  const cpuMsPerReq =
    cpuBefore !== null && cpuAfter !== null && r.requests.total > 0 ? (cpuAfter - cpuBefore) / r.requests.total : null;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, cpuMsPerReq };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianSample = (xs: Sample[]): Sample => ({
  rps: median(xs.map((x) => x.rps)),
  p50: median(xs.map((x) => x.p50)),
  p99: median(xs.map((x) => x.p99)),
  errors: xs.reduce((a, x) => a + x.errors, 0),
  cpuMsPerReq: xs.some((x) => x.cpuMsPerReq === null) ? null : median(xs.map((x) => x.cpuMsPerReq!)),
});

/** One multipart body holding a 20 MB PDF, built once: every request sends the same bytes. */
function uploadRequest(): Partial<autocannon.Options> {
  const boundary = '----cmbenchupload7d1f';
  const file = Buffer.alloc(UPLOAD_BYTES, 0x20);
  file.write('%PDF-1.4\n');
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nother\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="statement.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    connections: UPLOAD_CONNECTIONS,
    timeout: 120,
  };
}

/** Resident memory of a process (Linux /proc), in MiB; 0 where it cannot be read. */
function rssMiB(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 20 ms; `stop()` returns the highest seen. */
function rssPeak(pid: number) {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMiB(pid));
  };
}

/** Stored uploads go between measurements: thousands of 20 MB files would fill the disk. */
function removeStoredUploads(dataDir: string) {
  const dir = join(dataDir, 'files', 'documents');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {}
  for (const f of names) rmSync(join(dir, f), { recursive: true, force: true });
}

async function measureSize(adminUrl: string, size: number): Promise<Row[]> {
  const db = await openBenchDatabase(adminUrl, keptDatabaseName(size));
  const children: ChildProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'cm-bench-http-'));
  try {
    if (db.loaded) log(`size ${size}: reusing the kept database ${db.label}`);
    else {
      log(`size ${size}: loading ${db.label}`);
      await seed(db.loader.db, 'postgres', {
        customers: size,
        kycPerCustomer: 0.5,
        batchSize: 250_000,
        onProgress: log,
      });
      await seedNotes(db.loader.db, size);
      await sql`ANALYZE`.execute(db.loader.db);
      await db.markLoaded();
    }
    // The periodic sweeps once, before the API starts: its own first sweep (5 s after start) is then
    // a steady-state run, not the first one over freshly loaded data (at 1M, thousands of KYC expiry
    // notices and compliance tickets) running under the measurements.
    const t0 = performance.now();
    const swept = await runAllSweeps({
      db: db.handle.db,
      now: () => new Date(),
      storage: localDiskStorage(join(dataDir, 'files')),
    });
    const failed = Object.entries(swept).flatMap(([name, o]) => ('failed' in o ? [`${name}: ${o.failed}`] : []));
    log(
      `size ${size}: sweeps run once before measuring (${Math.round(performance.now() - t0)} ms) ${failed.join('; ')}`,
    );
    const email = `bench-admin-${Date.now()}@bench.example`;
    await insertUser(db.handle.db, {
      email,
      name: 'Bench Admin',
      role: 'admin',
      customer_id: null,
      password_hash: await hashPassword(PASSWORD),
    });
    const { cookie, get } = await signIn(db.handle, email, PASSWORD);
    // A customer with KYC documents and notes: byId, kyc.status and notes.list read real rows.
    const target = (
      await sql<{ id: string }>`
        SELECT n.customer_id AS id FROM customer_notes n
        WHERE EXISTS (SELECT 1 FROM kyc_documents k WHERE k.customer_id = n.customer_id) LIMIT 1`.execute(db.handle.db)
    ).rows[0]!.id;
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const data = (await get(trpcPath('customers.list', cursor ? { cursor } : {}))) as { nextCursor: string | null };
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    const all: Endpoint[] = [
      { name: 'customers.byId', path: trpcPath('customers.byId', { id: target }) },
      { name: 'customers.list first page', path: trpcPath('customers.list', {}) },
      { name: 'customers.list ~100 pages deep', path: trpcPath('customers.list', { cursor }) },
      { name: 'search common ("son")', path: trpcPath('customers.list', { search: 'son' }) },
      {
        name: `search rare ("${RARE_SURNAME.slice(1, 6)}")`,
        path: trpcPath('customers.list', { search: RARE_SURNAME.slice(1, 6) }),
      },
      { name: 'customers.stats', path: trpcPath('customers.stats') },
      { name: 'kyc.status', path: trpcPath('kyc.status', { customerId: target }) },
      { name: 'notes.list', path: trpcPath('notes.list', { customerId: target }) },
    ];
    const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
    const endpoints = only ? all.filter((e) => only.some((o) => e.name.includes(o))) : all;
    const captured = await captureStatements(get, endpoints);
    const keyed = Object.fromEntries(endpoints.map((e, i) => [String(i), captured[e.name]!]));
    const statementsFile = join(dataDir, 'statements.json');
    writeFileSync(statementsFile, JSON.stringify(keyed));

    const url = new URL(adminUrl);
    url.pathname = `/${db.label.split('/').pop()}`;
    const env = {
      DATABASE_URL: url.toString(),
      // A server database needs the audit master key: the one the benchmark's own handles write with.
      DATA_KEY: db.dataKey,
      SEED_DEMO: 'false',
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
    };
    // The upload case sends far more than the per-user upload rate limit allows.
    const apiEnv = { ...env, UPLOADS_PER_10_MINUTES: '100000000' };
    const apiFlags = (process.env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    const apiStartedAt = Date.now();
    children.push(start(['src/main.ts'], apiEnv, API_PORT, apiFlags));
    const floorEnv = { ...env, FLOOR_STATEMENTS: statementsFile, FLOOR_UPLOAD_DIR: join(dataDir, 'floor-uploads') };
    children.push(start(['bench/http/floor.ts'], floorEnv, FLOOR_PORT));
    await Promise.all([waitReady(API_PORT, children[0]!), waitReady(FLOOR_PORT, children[1]!)]);

    const apiPid = children[0]!.pid;
    const floorPid = children[1]!.pid;
    log(`size ${size}: waiting for the API's start-up sweep to finish`);
    // An idle API spends 30 ms of CPU a second at most; under --cpu-prof the profiler's own sampling
    // costs 80–200 ms a second, so that bar is never met and the wait would run to its 300 s limit.
    await waitIdle(apiPid, apiStartedAt, apiFlags.some((f) => f.startsWith('--cpu-prof')) ? 300 : 30);
    // Warm-up (JIT, pools, caches), not counted.
    for (const [i, e] of endpoints.entries()) {
      await load(`http://127.0.0.1:${API_PORT}${e.path}`, apiPid, cookie, 1);
      await load(`http://127.0.0.1:${FLOOR_PORT}/floor/${i}`, floorPid, undefined, 1);
    }
    const api: Sample[][] = endpoints.map(() => []);
    const floor: Sample[][] = endpoints.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, e] of endpoints.entries()) {
        log(`size ${size} round ${round}/${ROUNDS}: ${e.name}`);
        api[i]!.push(await load(`http://127.0.0.1:${API_PORT}${e.path}`, apiPid, cookie));
        floor[i]!.push(await load(`http://127.0.0.1:${FLOOR_PORT}/floor/${i}`, floorPid));
      }
    }
    const rows: Row[] = endpoints.map((e, i) => ({
      size,
      endpoint: e.name,
      api: medianSample(api[i]!),
      floor: medianSample(floor[i]!),
      statements: captured[e.name]!.length,
    }));
    if (!only || only.some((o) => UPLOAD_ENDPOINT.includes(o))) {
      rows.push(await measureUpload(size, target, cookie, apiPid!, floorPid, dataDir));
    }
    return rows;
  } finally {
    for (const c of children) await stop(c);
    rmSync(dataDir, { recursive: true, force: true });
    await db.dispose();
  }
}

/** The 20 MB document upload, API and floor alternately, with the API's peak RSS growth. */
async function measureUpload(
  size: number,
  customerId: string,
  cookie: string,
  apiPid: number,
  floorPid: number | undefined,
  dataDir: string,
) {
  const request = uploadRequest();
  const apiUrl = `http://127.0.0.1:${API_PORT}/api/customers/${customerId}/documents`;
  const floorUrl = `http://127.0.0.1:${FLOOR_PORT}/floor-upload`;
  // Warm-up (the upload path's modules, buffers), not counted.
  await load(apiUrl, apiPid, cookie, 1, request);
  await load(floorUrl, floorPid, undefined, 1, request);
  removeStoredUploads(dataDir);
  const before = rssMiB(apiPid);
  let peak = before;
  const api: Sample[] = [];
  const floor: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    log(`size ${size} round ${round}/${ROUNDS}: ${UPLOAD_ENDPOINT}`);
    const stopSampling = rssPeak(apiPid);
    api.push(await load(apiUrl, apiPid, cookie, SECONDS, request));
    peak = Math.max(peak, stopSampling());
    removeStoredUploads(dataDir);
    floor.push(await load(floorUrl, floorPid, undefined, SECONDS, request));
  }
  return {
    size,
    endpoint: UPLOAD_ENDPOINT,
    api: medianSample(api),
    floor: medianSample(floor),
    statements: null,
    rssGrowthMiB: Math.round((peak - before) * 10) / 10,
  } satisfies Row;
}

async function main() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const sizes = (process.env.BENCH_SIZES ?? (SMOKE ? '2000' : '10000'))
    .split(/[\s,;]+/)
    .map((v) => Number(v.replace(/_/g, '')))
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const rows: Row[] = [];
  for (const size of sizes) rows.push(...(await measureSize(adminUrl, size)));

  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const headers = [
    'size',
    'endpoint',
    'stmts',
    'req/s',
    'p50 ms',
    'p99 ms',
    'floor req/s',
    'api / floor',
    'CPU ms/req',
    'floor CPU ms/req',
  ];
  if (sizes.length > 1) headers.push(`cost ${last}/${first}`);
  const body = rows.map((r) => {
    const cells: (string | number)[] = [
      r.size.toLocaleString('en'),
      `\`${r.endpoint}\``,
      r.statements ?? '–',
      Math.round(r.api.rps).toLocaleString('en'),
      r.api.p50,
      r.api.p99,
      Math.round(r.floor.rps).toLocaleString('en'),
      (r.api.rps / r.floor.rps).toFixed(2),
      r.api.cpuMsPerReq?.toFixed(2) ?? '–',
      r.floor.cpuMsPerReq?.toFixed(2) ?? '–',
    ];
    if (sizes.length > 1) {
      const base = rows.find((b) => b.size === first && b.endpoint === r.endpoint)!;
      cells.push(r.size === last ? (base.api.rps / r.api.rps).toFixed(1) : '');
    }
    if (r.api.errors || r.floor.errors) cells[1] += ` (errors: api ${r.api.errors}, floor ${r.floor.errors})`;
    return cells.map(String);
  });
  const md = [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
    ...body.map((c) => `| ${c.join(' | ')} |`),
  ].join('\n');
  console.log(
    `\n${CONNECTIONS} connections, ${SECONDS} s per measurement, median of ${ROUNDS} rounds (API and floor alternately)\n`,
  );
  console.log(md);
  for (const r of rows.filter((x) => x.rssGrowthMiB !== undefined)) {
    console.log(
      `\n${r.size.toLocaleString('en')}: API peak RSS growth during ${UPLOAD_CONNECTIONS} concurrent uploads: ${r.rssGrowthMiB} MiB`,
    );
  }
  log(
    `\n${table(
      headers,
      body,
      headers.map((_, i) => i >= 2),
    )}`,
  );
  const outDir = join(apiDir, '../../bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, rows }, null, 2));
  log(`wrote ${file}`);
  if (SMOKE) {
    const failed = rows.filter((r) => r.api.errors > 0 || r.floor.errors > 0).map((r) => r.endpoint);
    if (failed.length > 0) throw new Error(`smoke: requests failed for ${failed.join(', ')}`);
    if (!rows.some((r) => r.api.rps > 0) || !rows.some((r) => r.floor.rps > 0)) {
      throw new Error('smoke: no request completed');
    }
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
