/**
 * `pnpm bench:sizes`: what grows with the data, side by side at several sizes — customers.stats
 * (the old scans and the maintained counters), rare and common search, and the KYC expiry sweep
 * (first and second run) — each on its own freshly seeded database. Prints the EXPLAIN (ANALYZE, BUFFERS)
 * of the first search page for "rande" and "son", now and as read before migration 0022.
 *
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL  PostgreSQL server (temporary databases); unset: PGlite
 *   BENCH_SIZES                             customer counts (default "10000,1000000")
 *   BENCH_SWEEP                             0 to leave out the sweep runs (the first run re-derives every lapsed
 *                                           customer and opens compliance tickets: minutes at 100k)
 *   BENCH_KEEP_DB=1                         keep one loaded database per size for later runs (see database.ts);
 *                                           loaded with bench:http's notes too, so `bench:http` can reuse it.
 *                                           The sweep's "first run" is one only on a database loaded by this run
 */
import { countExpiringKycDocuments, customerCounts, customerListQuery, type Db, listCustomers, sql } from '@cm/db';
import { addDaysToIsoDate, isoDate } from '@cm/domain';
import { sweepExpiredKyc } from '../src/services/sweeps';
import { keptDatabaseName, openBenchDatabase } from './database';
import { measure, type Timing } from './measure';
import { seed, seedNotes } from './seed';

const DAY = 86_400_000;

/** The first page as it was read before migration 0022: the substring filter on the trigram index alone. */
function substringOnly(h: Db, term: string) {
  return h
    .selectFrom('customers')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('search_text', 'like', sql<string>`'%' || search_fold(${term}) || '%'`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(26);
}
const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const sizes = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map((s) => Number(s.replace(/_/g, '')));
const log = (m: string) => process.stderr.write(`[sizes] ${m}\n`);

interface SizeResult {
  size: number;
  timings: Timing[];
  sweep: string[];
  plans: string[];
}

async function atSize(size: number): Promise<SizeResult> {
  const keep = url ? keptDatabaseName(size) : undefined;
  const db = await openBenchDatabase(url, keep);
  try {
    if (db.loaded) log(`${size}: reusing the kept database ${db.label}`);
    else {
      log(`${size}: seeding`);
      const t0 = performance.now();
      await seed(db.loader.db, db.kind, {
        customers: size,
        kycPerCustomer: 0.5,
        batchSize: db.kind === 'postgres' ? 250_000 : 50_000,
        onProgress: (m) => log(`${size}: ${m}`),
      });
      if (keep) {
        await seedNotes(db.loader.db, size);
        await sql`ANALYZE`.execute(db.loader.db);
        await db.markLoaded();
      }
      log(`${size}: loaded in ${Math.round((performance.now() - t0) / 1000)} s`);
    }
    const h = db.handle.db;
    const now = new Date();
    const since = new Date(now.getTime() - 30 * DAY);
    const from = isoDate(now);
    const to = addDaysToIsoDate(from, 30);
    const ids = (await sql<{ id: string }>`SELECT id FROM customers ORDER BY id LIMIT 200`.execute(h)).rows.map(
      (r) => r.id,
    );
    const list = (search: string) => () =>
      listCustomers(h, { search, sort: 'createdAt', limit: 25, includeDeleted: false });
    const timings = [
      await measure('floor: customer by primary key', (i) =>
        sql`SELECT * FROM customers WHERE id = ${ids[i % ids.length]}`.execute(h),
      ),
      await measure('stats, old: new in 30 days (scan)', () =>
        sql`SELECT count(*) FROM customers WHERE deleted_at IS NULL AND created_at >= ${since}`.execute(h),
      ),
      await measure('stats, old: KYC expiring in 30 days (join)', () =>
        sql`SELECT count(*) FROM kyc_documents d JOIN customers c ON c.id = d.customer_id
          WHERE d.deleted_at IS NULL AND c.deleted_at IS NULL AND d.status <> 'rejected'
            AND d.expires_at >= ${from} AND d.expires_at <= ${to}`.execute(h),
      ),
      await measure('stats, new: customerCounts (counters + days + expiry days)', () =>
        customerCounts(h, since, { from, to }),
      ),
      await measure('stats, new: countExpiringKycDocuments (days)', () => countExpiringKycDocuments(h, from, to)),
      await measure('search: rare substring "rande"', list('rande'), (r) => `${r.length} rows`),
      await measure('search: rare term "quirkwhistle"', list('quirkwhistle'), (r) => `${r.length} rows`),
      await measure('search: common term "son"', list('son'), (r) => `${r.length} rows`),
      await measure('search, before 0022: "rande" (trigram index only)', () => substringOnly(h, 'rande').execute()),
      await measure('search, before 0022: "son" (trigram index only)', () => substringOnly(h, 'son').execute()),
    ];
    const plans: string[] = [];
    const inline = (c: { sql: string; parameters: readonly unknown[] }) =>
      c.sql.replace(/\$(\d+)/g, (_, n) => {
        const v = c.parameters[Number(n) - 1];
        return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
      });
    for (const term of ['rande', 'son']) {
      for (const [label, compiled] of [
        ['', customerListQuery(h, { search: term, sort: 'createdAt', limit: 25, includeDeleted: false }).compile()],
        [' (before 0022)', substringOnly(h, term).compile()],
      ] as const) {
        const explained = await sql<Record<string, string>>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.raw(
          inline(compiled),
        )}`.execute(h);
        const lines = explained.rows.map((r) => `${Object.values(r)[0]}`);
        // "never executed" subtrees are the other plan of the same statement, left out by its one-time filter.
        plans.push(`-- ${size}: search "${term}"${label}`, ...lines.map((l) => `   ${l}`));
      }
    }
    if (process.env.BENCH_SWEEP === '0') return { size, timings, sweep: ['not run'], plans };
    log(`${size}: sweeps`);
    const deps = { db: h, now: () => now };
    const t1 = performance.now();
    const first = await sweepExpiredKyc(deps);
    const ms1 = performance.now() - t1;
    const t2 = performance.now();
    const second = await sweepExpiredKyc(deps);
    const ms2 = performance.now() - t2;
    const sweep = [
      `first run ${ms1.toFixed(0)} ms ${JSON.stringify(first)}`,
      `second run ${ms2.toFixed(0)} ms ${JSON.stringify(second)}`,
    ];
    return { size, timings, sweep, plans };
  } finally {
    await db.dispose();
  }
}

const results: SizeResult[] = [];
for (const size of sizes) results.push(await atSize(size));
const first = results[0]!;
const last = results[results.length - 1]!;
const out: string[] = [];
out.push(
  `| case | ${results.map((r) => `${r.size.toLocaleString('en')} median ms`).join(' | ')} | ${last.size}/${first.size} |`,
  `|---|${results.map(() => '---:').join('|')}|---:|`,
);
for (const [i, t] of first.timings.entries()) {
  out.push(
    `| ${t.name} | ${results.map((r) => r.timings[i]!.medianMs.toFixed(3)).join(' | ')} | ${(
      last.timings[i]!.medianMs / t.medianMs
    ).toFixed(2)}x |`,
  );
}
out.push('');
for (const r of results) out.push(`KYC expiry sweep at ${r.size.toLocaleString('en')}: ${r.sweep.join('; ')}`);
out.push('', ...results.flatMap((r) => r.plans));
process.stdout.write(`${out.join('\n')}\n`);
process.exit(0);
