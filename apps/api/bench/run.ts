/**
 * `pnpm bench`: customer list/search/stats at scale and KYC upload memory, on a fresh database.
 *
 * Every time is reported as a ratio to a floor measured in the same run on the same database (a
 * primary-key lookup), so results compare across machines; nothing here passes or fails on speed.
 *
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL  PostgreSQL server; a temporary cm_bench_* database is
 *                                           created on it and dropped at the end. Unset: in-memory PGlite.
 *   BENCH_CUSTOMERS                         rows to load (default 1,000,000 on PostgreSQL, 200,000 on PGlite)
 *   BENCH_KYC_PER_CUSTOMER                  KYC documents per customer that started KYC (default 0.5)
 *   BENCH_UPLOAD_MB                         size of the uploaded file (default 10)
 */
import { cpus } from 'node:os';
import { sql } from '@cm/db';
import {
  runApiCases,
  startApp,
  UPLOAD_BUDGET_BYTES,
  type UploadResult,
  uploadBaseline,
  uploadThroughApp,
  withKycLimit,
} from './app';
import { type BenchDatabase, openBenchDatabase } from './database';
import { MB, type Timing } from './measure';
import { probeCustomerInsert, type QueryCase, runQueryCases } from './queries';
import { seed } from './seed';
import { mb, ms, ratio, table } from './table';

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s`;
const log = (m: string) => process.stderr.write(`[bench ${elapsed()}] ${m}\n`);

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const customers = Math.floor(intEnv('BENCH_CUSTOMERS', url ? 1_000_000 : 200_000));
  const kycPerCustomer = intEnv('BENCH_KYC_PER_CUSTOMER', 0.5);
  const uploadMb = intEnv('BENCH_UPLOAD_MB', 10);

  log(url ? 'creating a temporary PostgreSQL database' : 'starting in-memory PGlite');
  let db: BenchDatabase | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const cleanup = async () => {
    app?.dispose();
    await db?.dispose();
  };
  const onSignal = () => {
    log('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    db = await openBenchDatabase(url);
    const hasKyc =
      (await sql<{ t: string | null }>`SELECT to_regclass('kyc_documents')::text AS t`.execute(db.handle.db)).rows[0]
        ?.t != null;

    log(`loading ${customers.toLocaleString('en')} customers`);
    const seeded = await seed(db.loader.db, db.kind, {
      customers,
      kycPerCustomer: hasKyc ? kycPerCustomer : 0,
      batchSize: db.kind === 'postgres' ? 250_000 : 50_000,
      onProgress: log,
    });
    log(
      `loaded ${seeded.customers.toLocaleString('en')} customers, ${seeded.kycDocuments.toLocaleString('en')} KYC documents`,
    );

    const cases = await runQueryCases(db.handle.db, hasKyc, (m) => log(`db: ${m}`));
    const floor = cases.find((c) => c.group === 'floor')!;
    const insertProbe = await probeCustomerInsert(db.handle.db);

    log('starting the app');
    app = await startApp(db.handle);
    const sampleIds = (
      await db.handle.db
        .selectFrom('customers')
        .select('id')
        .where('deleted_at', 'is', null)
        .orderBy('id', 'desc')
        .limit(200)
        .execute()
    ).map((r) => r.id);
    const apiCases = await runApiCases(app, sampleIds, hasKyc, log);

    log('uploads');
    // Customers without KYC documents, so the duplicate rules never refuse a bank statement.
    const uploadTargets = (
      await db.handle.db
        .selectFrom('customers')
        .select('id')
        .where('deleted_at', 'is', null)
        .where('kyc_status', '=', 'not_started')
        .orderBy('id')
        .limit(5)
        .execute()
    ).map((r) => r.id);
    const uploads: UploadResult[] = [];
    uploads.push(await uploadBaseline(uploadMb * MB));
    // Warm-up: loads busboy, file-type and the query paths so the measured uploads see steady state.
    await uploadThroughApp(app, uploadTargets[0]!, 1 * MB, 'warm-up');
    for (let i = 1; i <= 3; i++) {
      uploads.push(await uploadThroughApp(app, uploadTargets[i]!, uploadMb * MB, `upload ${i}: ${uploadMb} MB PDF`));
    }
    // Scaling check: 4x the file through the same pipeline (limit raised for this app only). A
    // streaming pipeline stays flat; one that buffers the file grows with it.
    const big = withKycLimit(app, uploadMb * 4 + 1);
    uploads.push(await uploadThroughApp(big, uploadTargets[4]!, uploadMb * 4 * MB, `scaling: ${uploadMb * 4} MB PDF`));

    report({ db, seeded, cases, floor, apiCases, uploads, uploadMb, insertProbe });
  } finally {
    log('cleaning up');
    await cleanup();
    log('done');
  }
}

function report(r: {
  db: BenchDatabase;
  seeded: Awaited<ReturnType<typeof seed>>;
  cases: QueryCase[];
  floor: Timing;
  apiCases: Timing[];
  uploads: UploadResult[];
  uploadMb: number;
  insertProbe: { ok: boolean; detail: string };
}) {
  const { db, seeded, cases, floor, apiCases, uploads } = r;
  const out: string[] = [];
  const h = (title: string) => out.push('', `== ${title} ==`, '');
  const x = (t: Timing) => ratio(t.medianMs / floor.medianMs);

  out.push(
    `Customer Manager benchmark — ${db.label}, server ${db.serverVersion}; Node ${process.version}, ` +
      `${cpus().length} CPU; GC ${globalThis.gc ? 'exposed' : 'NOT exposed (run with node --expose-gc)'}`,
  );
  out.push(
    `Data: ${seeded.customers.toLocaleString('en')} customers, ${seeded.kycDocuments.toLocaleString('en')} KYC documents; ` +
      `load ${seeded.loadSeconds.toFixed(1)} s, index rebuild ${seeded.indexSeconds.toFixed(1)} s ` +
      `(${seeded.rebuiltIndexes.length} indexes), VACUUM ANALYZE ${seeded.vacuumSeconds.toFixed(1)} s`,
  );

  h(`Queries (real @cm/db functions), ratio = median / floor median (${ms(floor.medianMs)} ms)`);
  out.push(
    table(
      ['case', 'median ms', 'p95 ms', 'x floor', 'runs', 'result', 'plan'],
      cases.map((c) => [c.name, ms(c.medianMs), ms(c.p95Ms), x(c), c.runs, c.detail, c.plan]),
      [false, true, true, true, true, false, false],
    ),
  );

  h('Through the app (createApp + app.request, tRPC over HTTP as a signed-in corporate user)');
  out.push(
    table(
      ['case', 'median ms', 'p95 ms', 'x floor', 'runs', 'result'],
      apiCases.map((c) => [c.name, ms(c.medianMs), ms(c.p95Ms), x(c), c.runs, c.detail]),
      [false, true, true, true, true, false],
    ),
  );

  // Search plans always; any other case's plan when it costs 20x the floor or more.
  h('Plans (EXPLAIN ANALYZE, costs off) — search cases, and anything at 20x the floor or more');
  for (const c of cases) {
    if (c.group !== 'search' && c.medianMs / floor.medianMs < 20) continue;
    out.push(`-- ${c.name}: ${ms(c.medianMs)} ms (${x(c)})`);
    for (const p of c.plans) {
      out.push(`   ${p.sql.length > 220 ? `${p.sql.slice(0, 220)}…` : p.sql}`);
      for (const line of p.plan) out.push(`   | ${line}`);
    }
    out.push('');
  }

  h(`Upload memory: POST /api/customers/:id/kyc, streamed multipart, peak growth over a post-GC baseline`);
  out.push(
    table(
      [
        'run',
        'status',
        'stored',
        'time ms',
        'peak RSS growth',
        'peak heap+external',
        'peak arrayBuffers',
        'retained',
        'samples',
      ],
      uploads.map((u) => [
        u.label,
        u.status || '-',
        u.storedBytes === null ? '?' : mb(u.storedBytes),
        u.durationMs.toFixed(0),
        mb(u.peak.rss),
        mb(u.peak.js),
        mb(u.peak.arrayBuffers),
        mb(u.retainedJs),
        u.peak.samples,
      ]),
      [false, true, true, true, true, true, true, true, true],
    ),
  );
  const measured = uploads.filter((u) => u.status === 201 && u.fileBytes === r.uploadMb * MB);
  const worst = Math.max(...measured.map((u) => Math.max(u.peak.rss, u.peak.js)));
  out.push(
    '',
    `Worst peak growth during a ${r.uploadMb} MB upload: ${mb(worst)} of the ${mb(UPLOAD_BUDGET_BYTES)} budget ` +
      `(${((worst / UPLOAD_BUDGET_BYTES) * 100).toFixed(0)}%; ${(worst / (r.uploadMb * MB)).toFixed(2)}x the file size).`,
  );

  h('Checks');
  out.push(
    `New customer at this size (insertCustomer, column defaults, rolled back): ` +
      `${r.insertProbe.ok ? 'ok' : 'FAILED'} — ${r.insertProbe.detail}`,
  );

  h('Summary');
  const summaryRows = [
    ...cases.map((c) => [c.name, ms(c.medianMs), ms(c.p95Ms), x(c)]),
    ...apiCases.map((c) => [c.name, ms(c.medianMs), ms(c.p95Ms), x(c)]),
  ];
  out.push(table(['case', 'median ms', 'p95 ms', 'x floor'], summaryRows, [false, true, true, true]));
  out.push(
    '',
    `Upload ${r.uploadMb} MB: peak memory growth ${mb(worst)} / budget ${mb(UPLOAD_BUDGET_BYTES)}.`,
    `New customer at ${seeded.customers.toLocaleString('en')} rows: ${r.insertProbe.ok ? 'ok' : 'FAILED (see Checks)'}.`,
    `Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
