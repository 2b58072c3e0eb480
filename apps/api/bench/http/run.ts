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
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@cm/auth';
import { insertUser, sql } from '@cm/db';
import autocannon from 'autocannon';
import { openBenchDatabase } from '../database';
import { RARE_SURNAME, seed } from '../seed';
import { table } from '../table';
import { captureStatements, type Endpoint, signIn, trpcPath } from './capture';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const log = (m: string) => process.stderr.write(`[bench:http] ${m}\n`);
const num = (name: string, def: number) => Number(process.env[name] ?? def);
const CONNECTIONS = num('BENCH_CONNECTIONS', 16);
const SECONDS = num('BENCH_SECONDS', 5);
const ROUNDS = num('BENCH_ROUNDS', 3);
const PASSWORD = 'bench-password-not-a-secret-9z';
const API_PORT = 3391;
const FLOOR_PORT = 3392;

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}
interface Row {
  size: number;
  endpoint: string;
  api: Sample;
  floor: Sample;
  statements: number;
}

/** Notes for every tenth customer (5 each), so notes.list reads a real page. */
async function seedNotes(db: Parameters<typeof seed>[0], customers: number) {
  await sql`
    INSERT INTO customer_notes (customer_id, note_type, title, content, created_at, updated_at)
    SELECT c.id, 'call', 'Call ' || g, 'Discussed the account, follow-up number ' || g || '.',
           now() - g * interval '1 day', now() - g * interval '1 day'
    FROM (SELECT id FROM customers ORDER BY id LIMIT ${Math.ceil(customers / 10)}) c
    CROSS JOIN generate_series(1, 5) g`.execute(db);
}

function start(script: string[], env: Record<string, string>, port: number, nodeOptions: string[] = []) {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', ...script], {
    cwd: apiDir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitReady(port: number) {
  for (let i = 0; i < 600; i++) {
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

async function load(url: string, cookie?: string, seconds = SECONDS): Promise<Sample> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: cookie ? { cookie, 'x-forwarded-for': '10.9.9.9' } : {},
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianSample = (xs: Sample[]): Sample => ({
  rps: median(xs.map((x) => x.rps)),
  p50: median(xs.map((x) => x.p50)),
  p99: median(xs.map((x) => x.p99)),
  errors: xs.reduce((a, x) => a + x.errors, 0),
});

async function measureSize(adminUrl: string, size: number): Promise<Row[]> {
  log(`size ${size}: creating a temporary database and loading`);
  const db = await openBenchDatabase(adminUrl);
  const children: ChildProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'cm-bench-http-'));
  try {
    await seed(db.loader.db, 'postgres', { customers: size, kycPerCustomer: 0.5, batchSize: 250_000, onProgress: log });
    await seedNotes(db.loader.db, size);
    await sql`ANALYZE`.execute(db.loader.db);
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
      // A server database needs the audit master key; a throwaway one serves the throwaway database.
      DATA_KEY: process.env.DATA_KEY ?? randomBytes(32).toString('base64'),
      SEED_DEMO: 'false',
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
    };
    const apiFlags = (process.env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    children.push(start(['src/main.ts'], env, API_PORT, apiFlags));
    children.push(start(['bench/http/floor.ts'], { ...env, FLOOR_STATEMENTS: statementsFile }, FLOOR_PORT));
    await Promise.all([waitReady(API_PORT), waitReady(FLOOR_PORT)]);

    // Warm-up (JIT, pools, caches), not counted.
    for (const [i, e] of endpoints.entries()) {
      await load(`http://127.0.0.1:${API_PORT}${e.path}`, cookie, 1);
      await load(`http://127.0.0.1:${FLOOR_PORT}/floor/${i}`, undefined, 1);
    }
    const api: Sample[][] = endpoints.map(() => []);
    const floor: Sample[][] = endpoints.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, e] of endpoints.entries()) {
        log(`size ${size} round ${round}/${ROUNDS}: ${e.name}`);
        api[i]!.push(await load(`http://127.0.0.1:${API_PORT}${e.path}`, cookie));
        floor[i]!.push(await load(`http://127.0.0.1:${FLOOR_PORT}/floor/${i}`));
      }
    }
    return endpoints.map((e, i) => ({
      size,
      endpoint: e.name,
      api: medianSample(api[i]!),
      floor: medianSample(floor[i]!),
      statements: captured[e.name]!.length,
    }));
  } finally {
    for (const c of children) await stop(c);
    rmSync(dataDir, { recursive: true, force: true });
    await db.dispose();
  }
}

async function main() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const sizes = (process.env.BENCH_SIZES ?? '10000')
    .split(/[\s,;]+/)
    .map((v) => Number(v.replace(/_/g, '')))
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const rows: Row[] = [];
  for (const size of sizes) rows.push(...(await measureSize(adminUrl, size)));

  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const headers = ['size', 'endpoint', 'stmts', 'req/s', 'p50 ms', 'p99 ms', 'floor req/s', 'api / floor'];
  if (sizes.length > 1) headers.push(`cost ${last}/${first}`);
  const body = rows.map((r) => {
    const cells: (string | number)[] = [
      r.size.toLocaleString('en'),
      `\`${r.endpoint}\``,
      r.statements,
      Math.round(r.api.rps).toLocaleString('en'),
      r.api.p50,
      r.api.p99,
      Math.round(r.floor.rps).toLocaleString('en'),
      (r.api.rps / r.floor.rps).toFixed(2),
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
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
