/**
 * The KYC expiry sweep does only the work there is (issue 13): customers whose derived status does
 * not change are read, never locked or written, and a second run over the same day locks nothing.
 */
import { sql } from '@cm/db';
import { addDaysToIsoDate, isoDate } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredKyc } from '../src/services/sweeps';
import { setupTestEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(async () => {
  await env?.handle.close();
});

const STEADY = 2000;
const LAPSING = 5;

/** Customers (and their documents) made in bulk: `n` individuals, verified, with `docs` per customer. */
async function seed(tag: string, n: number, docs: { type: string; expiresInDays: number }[]) {
  const today = isoDate(env.clock.now());
  await sql`
    INSERT INTO customers (type, first_name, last_name, email, country, status, kyc_status)
    SELECT 'individual', 'Sweep', ${tag} || g, ${tag} || g || '@sweep.test', 'GB', 'active', 'verified'
    FROM generate_series(1, ${n}::int) AS g`.execute(env.db);
  for (const [i, d] of docs.entries()) {
    await sql`
      INSERT INTO kyc_documents (customer_id, document_type, expires_at, status, verified_at, file_name, mime_type,
        size_bytes, sha256, storage_key)
      SELECT id, ${d.type}, ${addDaysToIsoDate(today, d.expiresInDays)}::date, 'verified', now(), 'f.pdf',
        'application/pdf', 1, md5(id::text || ${String(i)}), 'kyc/' || gen_random_uuid()
      FROM customers WHERE email LIKE ${`${tag}%@sweep.test`}`.execute(env.db);
  }
}

/** Every customer's row version (xmin changes on any update, including a lock-and-write). */
async function rowVersions() {
  const rows = await sql<{ id: string; v: string }>`SELECT id, xmin::text AS v FROM customers ORDER BY id`.execute(
    env.db,
  );
  return rows.rows.map((r) => `${r.id}:${r.v}`);
}

describe(`expiry sweep over ${STEADY + LAPSING} candidates`, () => {
  it('locks and updates only customers whose status changes; a second run touches none', async () => {
    // Lapsed passport, but a valid national ID still meets the identity requirement: stays verified.
    await seed('steady', STEADY, [
      { type: 'passport', expiresInDays: -3 },
      { type: 'national_id', expiresInDays: 300 },
      { type: 'proof_of_address', expiresInDays: 300 },
    ]);
    // Lapsed passport and nothing else for identity: turns expired.
    await seed('lapsing', LAPSING, [
      { type: 'passport', expiresInDays: -3 },
      { type: 'proof_of_address', expiresInDays: 300 },
    ]);

    const first = await sweepExpiredKyc(env.deps);
    expect(first).toEqual({ ran: true, checked: STEADY + LAPSING, locked: LAPSING, changed: LAPSING });
    const statuses = await sql<{ kyc_status: string; n: number }>`
      SELECT kyc_status, count(*)::int AS n FROM customers WHERE email LIKE '%@sweep.test' GROUP BY 1 ORDER BY 1`.execute(
      env.db,
    );
    expect(statuses.rows).toEqual([
      { kyc_status: 'expired', n: LAPSING },
      { kyc_status: 'verified', n: STEADY },
    ]);

    const before = await rowVersions();
    const second = await sweepExpiredKyc(env.deps);
    // The steady customers are still candidates (read), but none is locked or written.
    expect(second).toEqual({ ran: true, checked: STEADY, locked: 0, changed: 0 });
    expect(await rowVersions()).toEqual(before);
  }, 120_000);
});
