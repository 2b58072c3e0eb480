import { type Kysely, sql } from 'kysely';
import { prepared } from '../prepared';
import type { Database } from '../schema';

const DAY_MS = 86_400_000;
const utcDay = (t: Date) => t.toISOString().slice(0, 10);

// Row labels of the figures that are not counters; no counter dimension starts with '#'.
const NEW_DAYS = '#new_days';
const NEW_BOUNDARY = '#new_boundary';
const EXPIRING = '#kyc_expiring';

/**
 * The dashboard's customer figures in one statement (one round trip, one snapshot), compiled once:
 * live customers by status, KYC status and type (counter stripes summed); how many live customers
 * were created at or after `since` (whole UTC days after `since` from the day counters, the rest of
 * `since`'s own day from the creation index: one day of customers at most); and the live,
 * non-rejected documents of live customers expiring in `expiring` (ISO dates, ≤ 31 day rows).
 */
const dashboardCounts = prepared((db, nextDay: string, since: Date, nextDayStart: Date, from: string, to: string) =>
  db
    .selectFrom('customer_counts')
    .select((eb) => [eb.ref('dimension').$castTo<string>().as('dimension'), 'value', eb.fn.sum<string>('n').as('n')])
    .groupBy(['dimension', 'value'])
    .unionAll(
      db
        .selectFrom('customer_created_days')
        .select([sql.lit(NEW_DAYS).as('dimension'), sql.lit('').as('value'), (eb) => eb.fn.sum<string>('n').as('n')])
        .where('day', '>=', nextDay),
    )
    .unionAll(
      db
        .selectFrom('customers')
        .select([sql.lit(NEW_BOUNDARY).as('dimension'), sql.lit('').as('value'), sql<string>`count(*)`.as('n')])
        .where('deleted_at', 'is', null)
        .where('created_at', '>=', since)
        .where('created_at', '<', nextDayStart),
    )
    .unionAll(
      db
        .selectFrom('kyc_expiry_days')
        .select([sql.lit(EXPIRING).as('dimension'), sql.lit('').as('value'), (eb) => eb.fn.sum<string>('n').as('n')])
        .where('day', '>=', from)
        .where('day', '<=', to),
    ),
);

export async function customerCounts(db: Kysely<Database>, since: Date, expiring: { from: string; to: string }) {
  const nextDay = new Date(Date.parse(utcDay(since)) + DAY_MS);
  const rows = await dashboardCounts(db, utcDay(nextDay), since, nextDay, expiring.from, expiring.to);
  const figure = (label: string) => Number(rows.find((r) => r.dimension === label)?.n ?? 0);
  return {
    counts: rows
      .filter((r) => !r.dimension.startsWith('#'))
      .map((c) => ({ dimension: c.dimension, value: c.value, n: Number(c.n) })),
    newSince: figure(NEW_DAYS) + figure(NEW_BOUNDARY),
    expiring: figure(EXPIRING),
  };
}

/** Live, non-rejected documents of live customers expiring in [from, to] (ISO dates): ≤ 31 day rows for a month. */
export async function countExpiringKycDocuments(db: Kysely<Database>, from: string, to: string) {
  const row = await db
    .selectFrom('kyc_expiry_days')
    .select((eb) => eb.fn.sum<string>('n').as('n'))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Recounts every maintained counter from the tables, in one transaction that holds off writers to
 * the counted tables meanwhile (SHARE locks), so the result is exact. Returns how many counter
 * rows differed from the recount (0 when nothing had drifted).
 */
export async function recountStatsCounters(db: Kysely<Database>): Promise<{ corrected: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE customers, kyc_documents, tickets IN SHARE MODE`.execute(trx);
    const before = await snapshot(trx);
    await sql`DELETE FROM customer_counts`.execute(trx);
    await sql`
      INSERT INTO customer_counts (dimension, value, n)
      SELECT 'status', status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY status
      UNION ALL SELECT 'kyc_status', kyc_status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY kyc_status
      UNION ALL SELECT 'type', type, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY type`.execute(trx);
    await sql`DELETE FROM customer_created_days`.execute(trx);
    await sql`
      INSERT INTO customer_created_days (day, n)
      SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1`.execute(
      trx,
    );
    await sql`DELETE FROM kyc_expiry_days`.execute(trx);
    await sql`
      INSERT INTO kyc_expiry_days (day, n)
      SELECT k.expires_at, count(*) FROM kyc_documents k JOIN customers c ON c.id = k.customer_id
      WHERE k.deleted_at IS NULL AND k.status <> 'rejected' AND k.expires_at IS NOT NULL AND c.deleted_at IS NULL
      GROUP BY 1`.execute(trx);
    await sql`DELETE FROM ticket_counts`.execute(trx);
    await sql`
      INSERT INTO ticket_counts (dimension, value, n)
      SELECT 'status', status, count(*) FROM tickets WHERE deleted_at IS NULL GROUP BY status
      UNION ALL
      SELECT 'open_priority', priority, count(*) FROM tickets
      WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold') GROUP BY priority
      UNION ALL
      SELECT 'open_breached', 'marked', count(*) FROM tickets
      WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold')
        AND (first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL)
      HAVING count(*) > 0`.execute(trx);
    const after = await snapshot(trx);
    let corrected = 0;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      if ((before.get(key) ?? 0) !== (after.get(key) ?? 0)) corrected += 1;
    }
    return { corrected };
  });
}

/** Every counter as "table/key → n" with stripes summed and zeros left out, for comparing. */
export async function statsCounterSnapshot(db: Kysely<Database>): Promise<Map<string, number>> {
  return snapshot(db);
}

async function snapshot(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await sql<{ k: string; n: string }>`
    SELECT 'customer_counts/' || dimension || '/' || value AS k, sum(n) AS n FROM customer_counts GROUP BY dimension, value
    UNION ALL SELECT 'customer_created_days/' || day::text, sum(n) FROM customer_created_days GROUP BY day
    UNION ALL SELECT 'kyc_expiry_days/' || day::text, n FROM kyc_expiry_days
    UNION ALL SELECT 'ticket_counts/' || dimension || '/' || value, n FROM ticket_counts`.execute(db);
  const out = new Map<string, number>();
  for (const r of rows.rows) if (Number(r.n) !== 0) out.set(r.k, Number(r.n));
  return out;
}
