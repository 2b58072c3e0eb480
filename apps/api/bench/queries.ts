/**
 * Database-level cases: the real query functions of @cm/db against the loaded database, each timed
 * warm and compared with a primary-key lookup (the floor) measured in the same run.
 */
import {
  type CustomerListQuery,
  countExpiringKycDocuments,
  customerCounts,
  customerListQuery,
  type Db,
  findCustomer,
  insertCustomer,
  listCustomers,
  sql,
} from '@cm/db';
import { explainFunction, summarizePlan } from './explain';
import { type MeasureOptions, measure, quantile, type Timing } from './measure';
import { RARE_SURNAME } from './seed';

export interface QueryCase extends Timing {
  plan: string;
  /** Full plans, printed below the table for the search cases and anything slow. */
  plans: { sql: string; plan: string[] }[];
  group: 'floor' | 'list' | 'search' | 'stats' | 'tickets';
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86400_000);

function listQuery(q: Partial<CustomerListQuery>): CustomerListQuery {
  return { sort: 'createdAt', limit: 25, includeDeleted: false, ...q };
}

/** The keyset position after a row, exactly as the service builds it. */
function cursorAfter(row: { created_at: Date; sort_name: string; id: string }, sort: 'createdAt' | 'name') {
  return (sort === 'name' ? [row.sort_name, row.id] : [row.created_at.toISOString(), row.id]) as [string, string];
}

/** Times a case, then EXPLAINs every query it sends; the results collect in `results`. */
export function caseRunner(db: Db, log: (m: string) => void) {
  const results: QueryCase[] = [];
  const run = async <T>(
    group: QueryCase['group'],
    name: string,
    fn: (db: Db, run: number) => Promise<T>,
    describe: (r: T) => string,
  ) => {
    log(name);
    const t = await measure(name, (i) => fn(db, i), describe);
    const plans = await explainFunction(db, (d) => fn(d, 0));
    results.push({ ...t, group, plans, plan: plans.map((p) => summarizePlan(p.plan)).join(' | ') });
  };
  return { results, run };
}

/** The floor every ratio is taken against: a customer by primary key. */
export async function runFloor(run: ReturnType<typeof caseRunner>['run'], ids: string[]) {
  const f = floorSpec(ids);
  await run(f.group, f.name, f.fn, f.describe);
}

export interface CaseSpec<T = any> {
  group: QueryCase['group'];
  name: string;
  fn: (db: Db, run: number) => Promise<T>;
  describe: (r: T) => string;
}

/**
 * The same cases on several databases (one per size), measured interleaved: each round runs every
 * case once on each database in turn, so a change in machine load between rounds falls on every
 * size alike and the ratio between sizes stays honest on a shared machine. Then each is EXPLAINed.
 */
export async function measureAcross(
  sets: { db: Db; specs: CaseSpec[] }[],
  log: (m: string) => void,
  opts: MeasureOptions,
): Promise<QueryCase[][]> {
  const out: QueryCase[][] = sets.map(() => []);
  const count = sets[0]?.specs.length ?? 0;
  for (let c = 0; c < count; c++) {
    const name = sets[0]!.specs[c]!.name;
    log(name);
    const samples: number[][] = sets.map(() => []);
    const last: unknown[] = sets.map(() => undefined);
    for (let i = 0; i < opts.warmup; i++)
      for (const [s, set] of sets.entries()) last[s] = await set.specs[c]!.fn(set.db, i);
    const started = performance.now();
    for (let i = 0; i < opts.maxRuns; i++) {
      if (i >= opts.minRuns && performance.now() - started > opts.budgetMs) break;
      for (const [s, set] of sets.entries()) {
        const t = performance.now();
        last[s] = await set.specs[c]!.fn(set.db, opts.warmup + i);
        samples[s]!.push(performance.now() - t);
      }
    }
    for (const [s, set] of sets.entries()) {
      const spec = set.specs[c]!;
      const sorted = samples[s]!.sort((a, b) => a - b);
      const plans = await explainFunction(set.db, (d) => spec.fn(d, 0));
      out[s]!.push({
        name: spec.name,
        group: spec.group,
        medianMs: quantile(sorted, 0.5),
        p95Ms: quantile(sorted, 0.95),
        runs: sorted.length,
        detail: spec.describe(last[s]),
        plans,
        plan: plans.map((p) => summarizePlan(p.plan)).join(' | '),
      });
    }
  }
  return out;
}

/** The floor as a case spec (for measureAcross). */
export function floorSpec(ids: string[]): CaseSpec {
  return {
    group: 'floor',
    name: 'floor: customer by primary key',
    fn: (d, i) => findCustomer(d, ids[i % ids.length]!),
    describe: (r) => (r ? '1 row' : 'none'),
  };
}

export async function runQueryCases(db: Db, hasKyc: boolean, log: (m: string) => void): Promise<QueryCase[]> {
  const ids = (
    await db.selectFrom('customers').select('id').where('deleted_at', 'is', null).orderBy('id').limit(500).execute()
  ).map((r) => r.id);
  // A row from the middle of the default order: a page "deep" in the list.
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM customers`.execute(db)).rows[0]?.n ?? 0;
  const middle = await db
    .selectFrom('customers')
    .select(['id', 'created_at', 'sort_name'])
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.floor(total / 2))
    .limit(1)
    .executeTakeFirstOrThrow();
  const firstPage = await listCustomers(db, listQuery({}));
  const lastOfFirst = firstPage[24]!;

  const { results, run } = caseRunner(db, log);
  const rows = (r: unknown[]) => `${Math.min(r.length, 25)} rows${r.length > 25 ? ' +more' : ''}`;
  const list = (q: Partial<CustomerListQuery>) => (d: Db) => customerListQuery(d, listQuery(q)).execute();

  await runFloor(run, ids);
  await run('list', 'list: first page (createdAt desc)', list({}), rows);
  await run('list', 'list: page 2 (cursor)', list({ after: cursorAfter(lastOfFirst, 'createdAt') }), rows);
  await run('list', 'list: page at 50% depth (cursor)', list({ after: cursorAfter(middle, 'createdAt') }), rows);
  await run('list', 'list: sort by name, first page', list({ sort: 'name' }), rows);
  await run(
    'list',
    'list: sort by name, page at cursor',
    list({ sort: 'name', after: cursorAfter(middle, 'name') }),
    rows,
  );
  await run('list', 'list: filter status=active, country=GB', list({ status: ['active'], country: ['GB'] }), rows);
  await run(
    'list',
    'list: filter status=closed, country=LU (rare)',
    list({ status: ['closed'], country: ['LU'] }),
    rows,
  );
  await run(
    'list',
    'list: filter kycStatus=rejected, sort name',
    list({ kycStatus: ['rejected'], sort: 'name' }),
    rows,
  );
  await run('list', 'list: filter country=LU (rare)', list({ country: ['LU'] }), rows);
  await run('list', 'list: filter country=JP (no customers)', list({ country: ['JP'] }), rows);
  await run('search', `search: rare term "${RARE_SURNAME.toLowerCase()}"`, list({ search: RARE_SURNAME }), rows);
  await run('search', 'search: common term "son"', list({ search: 'son' }), rows);
  await run('search', 'search: common term "gmail", sort name', list({ search: 'gmail', sort: 'name' }), rows);
  await run('search', 'search: full name "maría garcía"', list({ search: 'maría garcía' }), rows);
  await run('search', 'search: email fragment "smith12"', list({ search: 'smith12' }), rows);
  await run('search', 'search: phone digits "4477001"', list({ search: '4477001' }), rows);
  await run('search', 'search: phone as typed "07700 1"', list({ search: '07700 1' }), rows);
  await run('search', 'search: without accents "maria garcia"', list({ search: 'maria garcia' }), rows);
  await run('search', 'search: 2 letters "li" (no trigram)', list({ search: 'li' }), rows);
  await run('search', 'search: no match, common trigrams', list({ search: 'johnson@gmx.de' }), rows);
  await run('search', 'search: 2 letters, no match "zq"', list({ search: 'zq' }), rows);
  await run('search', 'search: rare term + status=active', list({ search: RARE_SURNAME, status: ['active'] }), rows);

  const now = new Date();
  await run(
    'stats',
    'stats: customerCounts (trigger-kept counters + new 30 d + expiring 30 d)',
    (d) => customerCounts(d, addDays(now, -30), { from: isoDate(now), to: isoDate(addDays(now, 30)) }),
    (r) => `${r.counts.length} counters, ${r.newSince} new`,
  );
  if (hasKyc) {
    await run(
      'stats',
      'stats: countExpiringKycDocuments (30 d)',
      (d) => countExpiringKycDocuments(d, isoDate(now), isoDate(addDays(now, 30))),
      (n) => `${n} expiring`,
    );
  }
  return results;
}

class RollBack extends Error {}

/**
 * Can a customer still be created at this size? One insert with every column default (as
 * customers.create does), inside a transaction that is always rolled back.
 */
export async function probeCustomerInsert(db: Db): Promise<{ ok: boolean; detail: string }> {
  let detail = '';
  try {
    await db.transaction().execute(async (trx) => {
      const row = await insertCustomer(trx, {
        type: 'individual',
        first_name: 'Probe',
        last_name: 'Bench',
        email: `probe-${Date.now()}@bench.example`,
        country: 'GB',
      });
      detail = `created ${row.customer_number} (rolled back)`;
      throw new RollBack();
    });
  } catch (err) {
    if (err instanceof RollBack) return { ok: true, detail };
    const e = err as { message?: string; detail?: string };
    return { ok: false, detail: `${e.message ?? String(err)}${e.detail ? ` — ${e.detail}` : ''}` };
  }
  return { ok: false, detail: 'transaction committed unexpectedly' };
}
