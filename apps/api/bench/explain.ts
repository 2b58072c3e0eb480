/**
 * EXPLAIN for exactly the SQL the real query functions run: a plugin records every query a
 * function sends, then each recorded query is run again under EXPLAIN (ANALYZE).
 */
import type { Db, KyselyPlugin } from '@cm/db';

type QueryNode = Parameters<KyselyPlugin['transformQuery']>[0];

/** Runs `fn` against a recording view of `db`; returns the compiled queries it sent. */
export async function captureQueries(db: Db, fn: (db: Db) => Promise<unknown>) {
  const seen: QueryNode[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      seen.push(args);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await fn(db.withPlugin(recorder));
  const executor = db.getExecutor();
  return seen.map((q) => executor.compileQuery(q.node, q.queryId));
}

/** The plan text of one compiled query (EXPLAIN ANALYZE with buffers, costs off so the lines stay short). */
export async function explainCompiled(db: Db, compiled: Awaited<ReturnType<typeof captureQueries>>[number]) {
  const result = await db.executeQuery<Record<string, string>>({
    ...compiled,
    sql: `EXPLAIN (ANALYZE, COSTS OFF, BUFFERS ON) ${compiled.sql}`,
  });
  return result.rows.map((r) => Object.values(r)[0] ?? '');
}

/** The plans of every query `fn` sends. */
export async function explainFunction(db: Db, fn: (db: Db) => Promise<unknown>) {
  const plans: { sql: string; plan: string[] }[] = [];
  for (const compiled of await captureQueries(db, fn)) {
    plans.push({ sql: compiled.sql.replace(/\s+/g, ' ').trim(), plan: await explainCompiled(db, compiled) });
  }
  return plans;
}

const SCAN =
  /(Parallel )?(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan)( Backward)?( using (\S+))?( on (\S+))?/;

const ACTUAL = /actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/;

/**
 * One line for a table cell: the scans the plan uses (innermost index named), the rows those scans
 * returned, rows discarded by filters, and the buffers the whole statement touched.
 */
export function summarizePlan(plan: string[]): string {
  const scans: string[] = [];
  let removed = 0;
  let scanned = 0;
  let buffers = '';
  for (const line of plan) {
    const m = SCAN.exec(line);
    if (m) {
      const kind = `${m[1] ?? ''}${m[2]}${m[3] ?? ''}`;
      const target = m[5] ?? m[7] ?? '';
      scans.push(`${kind} ${target}`.trim());
      // A bitmap heap scan re-reads what its index scan found; count the rows where they come from.
      const a = ACTUAL.exec(line);
      if (a && m[2] !== 'Bitmap Heap Scan') scanned += Number(a[1]) * Number(a[2]);
    }
    const r = /Rows Removed by (Filter|Index Recheck): (\d+)/.exec(line);
    if (r) removed += Number(r[2]);
    // The first Buffers line belongs to the top node: the statement's total.
    const b = /Buffers: shared (.*)$/.exec(line);
    if (b && !buffers) buffers = b[1]!.trim();
  }
  const sort = plan.some((l) => /\bSort\b/.test(l) && !/Sort (Key|Method)/.test(l)) ? ' + sort' : '';
  const parts = [scans.join(' > ') + sort];
  if (scanned > 0) parts.push(`${scanned.toLocaleString('en')} rows scanned`);
  if (removed > 0) parts.push(`${removed.toLocaleString('en')} rows discarded`);
  if (buffers) parts.push(`buffers ${buffers}`);
  return parts.join('; ');
}

/** Shared buffers (hit + read) the statement touched: its top node's Buffers line. */
export function planBuffers(plan: string[]): number {
  for (const line of plan) {
    const b = /Buffers: shared (.*)$/.exec(line);
    if (!b) continue;
    let n = 0;
    for (const m of b[1]!.matchAll(/(hit|read)=(\d+)/g)) n += Number(m[2]);
    return n;
  }
  return 0;
}
