/**
 * `pnpm bench`: customer list/search/stats at scale, ticket views and stats at two sizes (10k and
 * the full size, to show which stay flat), and KYC upload memory, on fresh databases.
 *
 * Every time is reported as a ratio to a floor measured in the same run on the same database (a
 * primary-key lookup), so results compare across machines; nothing here passes or fails on speed.
 *
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL  PostgreSQL server; a temporary cm_bench_* database is
 *                                           created on it and dropped at the end. Unset: in-memory PGlite.
 *   BENCH_CUSTOMERS                         rows to load (default 1,000,000 on PostgreSQL, 200,000 on PGlite)
 *   BENCH_SIZES                             customer counts to measure the ticket cases at, each on its own fresh
 *                                           database, measured interleaved (default "10000,<BENCH_CUSTOMERS>");
 *                                           everything else is measured at the largest
 *   BENCH_TICKETS                           tickets at the last size (default = its customer count); smaller
 *                                           sizes get the same tickets per customer
 *   BENCH_TICKET_MESSAGES                   1 for a 1–3 message thread per ticket (not measured; about two
 *                                           minutes more at 1M tickets), 0 (default) for none
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
import { planBuffers } from './explain';
import { MB, type MeasureOptions, type Timing } from './measure';
import { type CaseSpec, floorSpec, measureAcross, probeCustomerInsert, type QueryCase, runQueryCases } from './queries';
import { seed } from './seed';
import { mb, ms, ratio, table } from './table';
import { probeTicketInsert, ticketCases } from './ticket-queries';
import { seedTickets, type TicketSeedResult } from './ticket-seed';

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
  const sizes = (process.env.BENCH_SIZES ?? `${Math.min(10_000, customers)},${customers}`)
    .split(/[\s,;]+/)
    .map((v) => Number(v.replace(/_/g, '')))
    .filter((v, i, all) => Number.isFinite(v) && v > 0 && all.indexOf(v) === i)
    .sort((a, b) => a - b);
  if (sizes.length === 0) throw new Error('BENCH_SIZES must list customer counts, e.g. "10_000,1_000_000"');
  const largest = sizes[sizes.length - 1]!;
  const tickets = Math.floor(intEnv('BENCH_TICKETS', largest));
  const ticketMessages = intEnv('BENCH_TICKET_MESSAGES', 0) > 0;
  const ticketsAt = (size: number) => Math.round((tickets * size) / largest);
  const ticketPasses: TicketPass[] = [];

  let db: BenchDatabase | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const smallDbs: BenchDatabase[] = [];
  const cleanup = async () => {
    app?.dispose();
    for (const small of smallDbs) await small.dispose();
    await db?.dispose();
  };
  const onSignal = () => {
    log('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // Smaller sizes first, each on its own database (kept open: the ticket cases are measured on
    // every size together, interleaved, once the largest is loaded).
    for (const size of sizes.slice(0, -1)) {
      log(`size ${size.toLocaleString('en')}: ${url ? 'creating a temporary PostgreSQL database' : 'starting PGlite'}`);
      const small = await openBenchDatabase(url);
      smallDbs.push(small);
      ticketPasses.push(await loadTicketPass(small, size, ticketsAt(size), ticketMessages, kycPerCustomer, log));
    }

    log(
      `size ${largest.toLocaleString('en')}: ${url ? 'creating a temporary PostgreSQL database' : 'starting PGlite'}`,
    );
    db = await openBenchDatabase(url);
    const hasKyc =
      (await sql<{ t: string | null }>`SELECT to_regclass('kyc_documents')::text AS t`.execute(db.handle.db)).rows[0]
        ?.t != null;

    log(`loading ${largest.toLocaleString('en')} customers`);
    const seeded = await seed(db.loader.db, db.kind, {
      customers: largest,
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
    ticketPasses.push(await loadTicketPass(db, largest, ticketsAt(largest), ticketMessages, 0, log, seeded.customers));
    log(`ticket cases at ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} customers, interleaved`);
    const measured = await measureAcross(
      ticketPasses.map((p) => ({ db: p.db.handle.db, specs: p.specs })),
      (m) => log(`db: ${m}`),
      TICKET_MEASURE,
    );
    for (const [i, p] of ticketPasses.entries()) p.cases = measured[i]!;
    for (const small of smallDbs.splice(0)) await small.dispose();

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

    report({ db, seeded, cases, floor, apiCases, uploads, uploadMb, insertProbe, ticketPasses });
  } finally {
    log('cleaning up');
    await cleanup();
    log('done');
  }
}

// More runs than the customer cases: these are compared across sizes, so the medians must be steady.
const TICKET_MEASURE: MeasureOptions = { warmup: 10, minRuns: 20, maxRuns: 400, budgetMs: 3000 };

interface TicketPass {
  db: BenchDatabase;
  customers: number;
  seeded: TicketSeedResult;
  specs: CaseSpec[];
  /** The floor first, then the ticket cases, in the same order at every size (filled in by measureAcross). */
  cases: QueryCase[];
  insertProbe: { ok: boolean; detail: string };
}

/**
 * Tickets at one size: customers first unless `loadedCustomers` says they are there, then the
 * tickets and the cases (floor first) to measure on this database.
 */
async function loadTicketPass(
  db: BenchDatabase,
  size: number,
  tickets: number,
  messages: boolean,
  kycPerCustomer: number,
  log: (m: string) => void,
  loadedCustomers?: number,
): Promise<TicketPass> {
  const at = `[${size.toLocaleString('en')}]`;
  let customers = loadedCustomers ?? 0;
  if (loadedCustomers === undefined) {
    log(`${at} loading ${size.toLocaleString('en')} customers`);
    const hasKyc =
      (await sql<{ t: string | null }>`SELECT to_regclass('kyc_documents')::text AS t`.execute(db.handle.db)).rows[0]
        ?.t != null;
    customers = (
      await seed(db.loader.db, db.kind, {
        customers: size,
        kycPerCustomer: hasKyc ? kycPerCustomer : 0,
        batchSize: db.kind === 'postgres' ? 250_000 : 50_000,
        onProgress: (m) => log(`${at} ${m}`),
      })
    ).customers;
  }
  log(`${at} loading ${tickets.toLocaleString('en')} tickets`);
  const seeded = await seedTickets(db.loader.db, db.kind, {
    tickets,
    batchSize: db.kind === 'postgres' ? 250_000 : 50_000,
    messages,
    onProgress: (m) => log(`${at} ${m}`),
  });
  log(
    `${at} loaded ${seeded.tickets.toLocaleString('en')} tickets (${seeded.open.toLocaleString('en')} open), ` +
      `${seeded.messages.toLocaleString('en')} messages over ${customers.toLocaleString('en')} customers`,
  );
  const ids = (
    await db.handle.db
      .selectFrom('customers')
      .select('id')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(500)
      .execute()
  ).map((r) => r.id);
  const specs = [floorSpec(ids), ...(await ticketCases(db.handle.db, seeded))];
  return { db, customers, seeded, specs, cases: [], insertProbe: await probeTicketInsert(db.handle.db, ids[0]!) };
}

/** 10000 → "10k", 1000000 → "1M". */
function compact(n: number) {
  if (n >= 1_000_000 && n % 100_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 100 === 0) return `${n / 1_000}k`;
  return String(n);
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
  ticketPasses: TicketPass[];
}) {
  const { db, seeded, cases, floor, apiCases, uploads, ticketPasses } = r;
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

  // Tickets: every size side by side; the growth column is the last size's median over the first's.
  const first = ticketPasses[0]!;
  const last = ticketPasses[ticketPasses.length - 1]!;
  const sizeLabel = (p: TicketPass) => compact(p.seeded.tickets);
  const floorOf = (p: TicketPass) => p.cases.find((c) => c.group === 'floor')!;
  h(
    `Tickets at ${ticketPasses.map((p) => `${p.seeded.tickets.toLocaleString('en')} tickets / ${p.customers.toLocaleString('en')} customers`).join(' and ')}` +
      ` — real @cm/db queries; x floor = median / that size's floor median; ` +
      `${ticketPasses.length > 1 ? `${sizeLabel(last)}/${sizeLabel(first)} = median at ${sizeLabel(last)} / median at ${sizeLabel(first)} (goal ≤ 1.5x)` : ''}`,
  );
  for (const p of ticketPasses) {
    out.push(
      `${sizeLabel(p)}: ${p.seeded.tickets.toLocaleString('en')} tickets (${p.seeded.open.toLocaleString('en')} open), ` +
        `${p.seeded.messages.toLocaleString('en')} messages; load ${p.seeded.loadSeconds.toFixed(1)} s, ` +
        `index rebuild ${p.seeded.indexSeconds.toFixed(1)} s, VACUUM ANALYZE ${p.seeded.vacuumSeconds.toFixed(1)} s; ` +
        `floor ${ms(floorOf(p).medianMs)} ms`,
    );
  }
  out.push('');
  // Buffers touched (EXPLAIN, all statements of the case): the work done, unaffected by machine load.
  const buffersOf = (c: QueryCase) => c.plans.reduce((n, p) => n + planBuffers(p.plan), 0);
  const growth = (i: number) => {
    if (ticketPasses.length < 2) return '-';
    const g = last.cases[i]!.medianMs / first.cases[i]!.medianMs;
    return `${g.toFixed(2)}x${g > 1.5 ? ' !' : ''}`;
  };
  out.push(
    table(
      [
        'case',
        ...ticketPasses.flatMap((p) => [`${sizeLabel(p)} ms`, 'x floor']),
        ...(ticketPasses.length > 1 ? [`${sizeLabel(last)}/${sizeLabel(first)}`] : []),
        ...ticketPasses.map((p) => `buffers ${sizeLabel(p)}`),
        `result at ${sizeLabel(last)}`,
        `plan at ${sizeLabel(last)}`,
      ],
      last.cases.map((c, i) => [
        c.name.replace(/ \([\d,]+ open\)/, '').replace(/page at row \d+/, 'deep page'),
        ...ticketPasses.flatMap((p) => [ms(p.cases[i]!.medianMs), ratio(p.cases[i]!.medianMs / floorOf(p).medianMs)]),
        ...(ticketPasses.length > 1 ? [growth(i)] : []),
        ...ticketPasses.map((p) => buffersOf(p.cases[i]!)),
        c.detail,
        c.plan,
      ]),
      [
        false,
        ...ticketPasses.flatMap(() => [true, true]),
        ...(ticketPasses.length > 1 ? [true] : []),
        ...ticketPasses.map(() => true),
        false,
        false,
      ],
    ),
  );
  out.push('', `Ticket plans at ${sizeLabel(last)} (EXPLAIN ANALYZE, BUFFERS, costs off):`, '');
  for (const c of last.cases) {
    if (c.group !== 'tickets') continue;
    out.push(`-- ${c.name}: ${ms(c.medianMs)} ms (${ratio(c.medianMs / floorOf(last).medianMs)})`);
    for (const p of c.plans) {
      out.push(`   ${p.sql.length > 220 ? `${p.sql.slice(0, 220)}…` : p.sql}`);
      for (const line of p.plan) out.push(`   | ${line}`);
    }
    out.push('');
  }

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

  for (const p of ticketPasses) {
    out.push(
      `New ticket at ${p.seeded.tickets.toLocaleString('en')} tickets (insertTicket, column defaults, rolled back): ` +
        `${p.insertProbe.ok ? 'ok' : 'FAILED'} — ${p.insertProbe.detail}`,
    );
  }

  h('Summary');
  const summaryRows = [
    ...cases.map((c) => [c.name, ms(c.medianMs), ms(c.p95Ms), x(c)]),
    ...apiCases.map((c) => [c.name, ms(c.medianMs), ms(c.p95Ms), x(c)]),
  ];
  out.push(table(['case', 'median ms', 'p95 ms', 'x floor'], summaryRows, [false, true, true, true]));
  if (ticketPasses.length > 1) {
    const worst = last.cases
      .map((c, i) => ({ name: c.name, g: c.medianMs / first.cases[i]!.medianMs, group: c.group }))
      .filter((c) => c.group === 'tickets')
      .sort((a, b) => b.g - a.g)[0];
    const flat = last.cases.filter((c, i) => c.group === 'tickets' && c.medianMs / first.cases[i]!.medianMs <= 1.5);
    out.push(
      '',
      `Tickets ${sizeLabel(first)} → ${sizeLabel(last)}: ${flat.length} of ${last.cases.length - 1} cases within 1.5x` +
        (worst ? `; largest growth ${worst.g.toFixed(2)}x (${worst.name}).` : '.'),
    );
  }
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
