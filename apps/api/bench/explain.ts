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

/** The plan text of one compiled query (EXPLAIN ANALYZE, costs off so the lines stay short). */
export async function explainCompiled(db: Db, compiled: Awaited<ReturnType<typeof captureQueries>>[number]) {
  const result = await db.executeQuery<Record<string, string>>({
    ...compiled,
    sql: `EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ${compiled.sql}`,
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

/** One line for a table cell: the scans the plan uses, innermost index named, plus rows discarded. */
export function summarizePlan(plan: string[]): string {
  const scans: string[] = [];
  let removed = 0;
  for (const line of plan) {
    const m = SCAN.exec(line);
    if (m) {
      const kind = `${m[1] ?? ''}${m[2]}${m[3] ?? ''}`;
      const target = m[5] ?? m[7] ?? '';
      scans.push(`${kind} ${target}`.trim());
    }
    const r = /Rows Removed by (Filter|Index Recheck): (\d+)/.exec(line);
    if (r) removed += Number(r[2]);
  }
  const sort = plan.some((l) => /\bSort\b/.test(l) && !/Sort (Key|Method)/.test(l)) ? ' + sort' : '';
  const parts = [scans.join(' > ') + sort];
  if (removed > 0) parts.push(`${removed.toLocaleString('en')} rows discarded`);
  return parts.join('; ');
}
