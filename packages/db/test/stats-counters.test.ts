import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import { countExpiringKycDocuments, customerCounts, recountStatsCounters } from '../src/queries/stats-counters';
import { createTestDb } from '../src/testing';

/**
 * The maintained statistics counters (migration 0020) against a full recount and against the
 * scanning queries they replace, after random mixes of the changes that move them.
 */
let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb(inject('testDb'));
});
afterAll(async () => {
  await handle?.close();
});

const DAY = 86_400_000;
const BASE = Date.parse('2026-06-01T09:00:00Z');
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** What customers.stats computed before the counters: scans of customers and kyc_documents. */
async function scanned(now: Date) {
  const since = new Date(now.getTime() - 30 * DAY);
  const groups = await sql<{ dimension: string; value: string; n: number }>`
    SELECT 'status' AS dimension, status AS value, count(*)::int AS n FROM customers WHERE deleted_at IS NULL GROUP BY status
    UNION ALL SELECT 'kyc_status', kyc_status, count(*)::int FROM customers WHERE deleted_at IS NULL GROUP BY kyc_status
    UNION ALL SELECT 'type', type, count(*)::int FROM customers WHERE deleted_at IS NULL GROUP BY type`.execute(
    handle.db,
  );
  const fresh = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM customers WHERE deleted_at IS NULL AND created_at >= ${since}`.execute(handle.db);
  const from = iso(now.getTime());
  const to = iso(now.getTime() + 30 * DAY);
  const expiring = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM kyc_documents d JOIN customers c ON c.id = d.customer_id
    WHERE d.deleted_at IS NULL AND c.deleted_at IS NULL AND d.status <> 'rejected'
      AND d.expires_at >= ${from} AND d.expires_at <= ${to}`.execute(handle.db);
  return {
    counts: groups.rows.map((r) => `${r.dimension}:${r.value}:${r.n}`).sort(),
    newSince: fresh.rows[0]!.n,
    expiring: expiring.rows[0]!.n,
  };
}

async function maintained(now: Date) {
  const from = iso(now.getTime());
  const to = iso(now.getTime() + 30 * DAY);
  const { counts, newSince, expiring } = await customerCounts(handle.db, new Date(now.getTime() - 30 * DAY), {
    from,
    to,
  });
  // The dashboard reads every figure in one statement; the expiry count alone must agree with it.
  expect(await countExpiringKycDocuments(handle.db, from, to)).toBe(expiring);
  return {
    counts: counts
      .filter((c) => c.n !== 0)
      .map((c) => `${c.dimension}:${c.value}:${c.n}`)
      .sort(),
    newSince,
    expiring,
  };
}

const STATUSES = ['pending', 'active', 'suspended', 'closed'] as const;
const KYC = ['not_started', 'pending', 'verified', 'rejected', 'expired'] as const;
const DOC_STATUSES = ['pending', 'verified', 'rejected'] as const;

type Op =
  | { op: 'create'; type: 'individual' | 'business'; ageMs: number; many: number }
  | { op: 'status'; pick: number; status: (typeof STATUSES)[number] }
  | { op: 'kycStatus'; pick: number; kyc: (typeof KYC)[number] }
  | { op: 'type'; pick: number }
  | { op: 'delete'; pick: number }
  | { op: 'restore'; pick: number }
  | { op: 'purge'; pick: number }
  | { op: 'upload'; pick: number; expiresInDays: number | null; status: (typeof DOC_STATUSES)[number] }
  | { op: 'review'; pick: number; status: 'verified' | 'rejected' }
  | { op: 'expiry'; pick: number; expiresInDays: number | null }
  | { op: 'deleteDoc'; pick: number };

const pick = fc.nat();
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    type: fc.constantFrom('individual' as const, 'business' as const),
    // Around the 30-day boundary, and now and then in the future.
    ageMs: fc.integer({ min: -2 * DAY, max: 40 * DAY }),
    many: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ op: fc.constant('status' as const), pick, status: fc.constantFrom(...STATUSES) }),
  fc.record({ op: fc.constant('kycStatus' as const), pick, kyc: fc.constantFrom(...KYC) }),
  fc.record({ op: fc.constant('type' as const), pick }),
  fc.record({ op: fc.constant('delete' as const), pick }),
  fc.record({ op: fc.constant('restore' as const), pick }),
  fc.record({ op: fc.constant('purge' as const), pick }),
  fc.record({
    op: fc.constant('upload' as const),
    pick,
    expiresInDays: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }),
    status: fc.constantFrom(...DOC_STATUSES),
  }),
  fc.record({
    op: fc.constant('review' as const),
    pick,
    status: fc.constantFrom('verified' as const, 'rejected' as const),
  }),
  fc.record({
    op: fc.constant('expiry' as const),
    pick,
    expiresInDays: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }),
  }),
  fc.record({ op: fc.constant('deleteDoc' as const), pick }),
);

let serial = 0;

async function ids(table: 'customers' | 'kyc_documents', where = sql`true`) {
  const rows = await sql<{ id: string }>`SELECT id FROM ${sql.table(table)} WHERE ${where} ORDER BY id`.execute(
    handle.db,
  );
  return rows.rows.map((r) => r.id);
}

async function apply(o: Op, now: number) {
  const db = handle.db;
  const one = async (table: 'customers' | 'kyc_documents', n: number, where = sql`true`) => {
    const all = await ids(table, where);
    return all.length ? all[n % all.length]! : null;
  };
  switch (o.op) {
    case 'create': {
      // Several rows in one statement: the triggers are per statement.
      const values = Array.from({ length: o.many }, () => {
        serial += 1;
        return sql`(${o.type}, ${`Co ${serial}`}, 'F', ${`L${serial}`}, ${`p${serial}@stats.test`}, 'FR', ${new Date(now - o.ageMs)})`;
      });
      await sql`INSERT INTO customers (type, company_name, first_name, last_name, email, country, created_at)
        VALUES ${sql.join(values)}`.execute(db);
      return;
    }
    case 'status': {
      const id = await one('customers', o.pick);
      if (id) await sql`UPDATE customers SET status = ${o.status} WHERE id = ${id}`.execute(db);
      return;
    }
    case 'kycStatus': {
      const id = await one('customers', o.pick);
      if (id) await sql`UPDATE customers SET kyc_status = ${o.kyc} WHERE id = ${id}`.execute(db);
      return;
    }
    case 'type': {
      const id = await one('customers', o.pick);
      if (id)
        await sql`UPDATE customers SET type = CASE WHEN type = 'business' THEN 'individual' ELSE 'business' END
          WHERE id = ${id}`.execute(db);
      return;
    }
    case 'delete': {
      const id = await one('customers', o.pick, sql`deleted_at IS NULL`);
      if (id) await sql`UPDATE customers SET deleted_at = ${new Date(now)} WHERE id = ${id}`.execute(db);
      return;
    }
    case 'restore': {
      const id = await one('customers', o.pick, sql`deleted_at IS NOT NULL`);
      if (id) await sql`UPDATE customers SET deleted_at = NULL WHERE id = ${id}`.execute(db);
      return;
    }
    case 'purge': {
      // Hard deletes happen only to customers without documents (the foreign key).
      const id = await one(
        'customers',
        o.pick,
        sql`NOT EXISTS (SELECT 1 FROM kyc_documents k WHERE k.customer_id = customers.id)
          AND NOT EXISTS (SELECT 1 FROM users u WHERE u.customer_id = customers.id)`,
      );
      if (id) await sql`DELETE FROM customers WHERE id = ${id}`.execute(db);
      return;
    }
    case 'upload': {
      // Documents of deleted customers too: they must stay out of the count until a restore.
      const id = await one('customers', o.pick);
      if (!id) return;
      serial += 1;
      const expires = o.expiresInDays === null ? null : iso(now + o.expiresInDays * DAY);
      await sql`INSERT INTO kyc_documents (customer_id, document_type, expires_at, status, file_name, mime_type,
          size_bytes, sha256, storage_key)
        VALUES (${id}, 'passport', ${expires}, ${o.status}, 'p.pdf', 'application/pdf', 1, ${`sha${serial}`},
          ${`kyc/stats-${serial}`})`.execute(db);
      return;
    }
    case 'review': {
      const id = await one('kyc_documents', o.pick, sql`deleted_at IS NULL`);
      if (id) await sql`UPDATE kyc_documents SET status = ${o.status} WHERE id = ${id}`.execute(db);
      return;
    }
    case 'expiry': {
      const id = await one('kyc_documents', o.pick, sql`deleted_at IS NULL`);
      const expires = o.expiresInDays === null ? null : iso(now + o.expiresInDays * DAY);
      if (id) await sql`UPDATE kyc_documents SET expires_at = ${expires} WHERE id = ${id}`.execute(db);
      return;
    }
    case 'deleteDoc': {
      const id = await one('kyc_documents', o.pick, sql`deleted_at IS NULL`);
      if (id) await sql`UPDATE kyc_documents SET deleted_at = ${new Date(now)} WHERE id = ${id}`.execute(db);
      return;
    }
  }
}

describe('statistics counters', () => {
  it('equal a full recount and the scanning queries after any mix of changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 5, maxLength: 25 }),
        // Where "now" is when the stats are read, relative to the changes: same day, a day later, a
        // moment just before/after a UTC midnight.
        fc.integer({ min: -DAY, max: 2 * DAY }),
        async (ops, readOffset) => {
          for (const o of ops) await apply(o, BASE);
          const now = new Date(BASE + readOffset);
          expect(await maintained(now)).toEqual(await scanned(now));
          // A recount finds nothing to correct: the counters are exact.
          expect(await recountStatsCounters(handle.db)).toEqual({ corrected: 0 });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('holds when several transactions create customers at once (stripes summed)', async () => {
    const before = await scanned(new Date(BASE));
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        handle.db.transaction().execute(async (trx) => {
          serial += 1;
          await sql`INSERT INTO customers (type, company_name, email, country, created_at)
            VALUES ('business', 'Par', ${`par${i}-${serial}@stats.test`}, 'DE', ${new Date(BASE)})`.execute(trx);
        }),
      ),
    );
    const after = await maintained(new Date(BASE));
    expect(after).toEqual(await scanned(new Date(BASE)));
    expect(after.newSince).toBe(before.newSince + 6);
  });

  it('stats:repair puts corrupted counters right in one recount', async () => {
    const now = new Date(BASE);
    const truth = await scanned(now);
    await sql`UPDATE customer_counts SET n = n + 7 WHERE dimension = 'status'`.execute(handle.db);
    await sql`INSERT INTO customer_created_days (day, stripe, n) VALUES (${iso(BASE)}, 99, 5)`.execute(handle.db);
    await sql`INSERT INTO kyc_expiry_days (day, n) VALUES (${iso(BASE + 3 * DAY)}, 11)
      ON CONFLICT (day) DO UPDATE SET n = kyc_expiry_days.n + 11`.execute(handle.db);
    await sql`INSERT INTO ticket_counts (dimension, value, n) VALUES ('status', 'open', 3)
      ON CONFLICT (dimension, value) DO UPDATE SET n = ticket_counts.n + 3`.execute(handle.db);
    expect(await maintained(now)).not.toEqual(truth);
    const { corrected } = await recountStatsCounters(handle.db);
    expect(corrected).toBeGreaterThanOrEqual(4);
    expect(await maintained(now)).toEqual(truth);
    expect(await recountStatsCounters(handle.db)).toEqual({ corrected: 0 });
  });
});
