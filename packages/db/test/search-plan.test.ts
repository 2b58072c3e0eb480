import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import { type CustomerListQuery, countCustomers, customerListQuery } from '../src/queries/customers';
import { createTestDb } from '../src/testing';

let handle: DbHandle;

/** 100k varied customers, then fresh statistics, as the planner would see a real table. */
beforeAll(async () => {
  handle = await createTestDb(inject('testDb'));
  // Loading 100k rows may outlast the statement timeout on a busy machine; it is setup, not the subject.
  // In slices: the client gives up on any one statement after a while, whatever the server's timeout.
  for (let from = 1; from <= 100_000; from += 20_000) {
    await handle.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL statement_timeout = 0`.execute(trx);
      await sql`
    INSERT INTO customers (type, first_name, last_name, company_name, email, phone, country, created_at)
    SELECT CASE WHEN g % 4 = 0 THEN 'business' ELSE 'individual' END,
           CASE WHEN g % 4 = 0 THEN NULL ELSE (ARRAY['Anna','Ben','Chloe','Dmitri','Eve','Farid'])[1 + g % 6] END,
           CASE WHEN g % 4 = 0 THEN NULL ELSE 'Surname' || (g % 5000) END,
           CASE WHEN g % 4 = 0 THEN 'Company ' || g ELSE NULL END,
           'user' || g || '@example.org',
           '+4420' || lpad((g % 100000000)::text, 8, '0'),
           (ARRAY['GB','DE','FR','US'])[1 + g % 4],
           now() - (g || ' seconds')::interval
    FROM generate_series(${from}::int, ${from + 19_999}::int) AS g`.execute(trx);
    });
  }
  await sql`
    INSERT INTO customers (type, first_name, last_name, company_name, email, country) VALUES
      ('individual', 'Jürgen', 'Müller', NULL, 'jm@example.de', 'DE'),
      ('business', NULL, NULL, 'Łódź Ærø Trading', 'trade@example.pl', 'PL'),
      ('individual', 'Zoë', 'Straße', NULL, 'zs@example.at', 'AT')`.execute(handle.db);
  // Statistics from every row, not a random sample: the plans below must not depend on the sample.
  await sql`ALTER TABLE customers ALTER COLUMN search_text SET STATISTICS 1000`.execute(handle.db);
  await sql`ANALYZE customers`.execute(handle.db);
}, 180_000);
afterAll(async () => {
  await handle?.close();
});

async function plan(q: Partial<CustomerListQuery>) {
  const query = customerListQuery(handle.db, { sort: 'createdAt', limit: 25, includeDeleted: false, ...q });
  const rows = await query.explain();
  return rows.map((r) => Object.values(r)[0]).join('\n');
}

describe('customers.list at 100k rows', () => {
  it('uses an index for a substring search, never a sequential scan', async () => {
    // Plain, accented, and a phone number written with spaces and a trunk zero (two patterns).
    for (const search of ['surname4321', 'Müller', '020 0000 4321']) {
      const text = await plan({ search });
      expect([search, text]).not.toEqual([search, expect.stringMatching(/Seq Scan on customers/)]);
      expect(text).toMatch(/customers_search_trgm_idx/);
    }
  });

  it('uses the keyset index for the default page and the next page, with no OFFSET or count', async () => {
    const first = await plan({});
    expect(first).toMatch(/Index Scan using customers_created_idx/);
    const next = await plan({ after: [new Date().toISOString(), '00000000-0000-4000-8000-000000000000'] });
    expect(next).toMatch(/customers_created_idx/);
    expect(next).not.toMatch(/Seq Scan/);
    const compiled = customerListQuery(handle.db, {
      sort: 'name',
      limit: 25,
      includeDeleted: false,
      search: 'abc',
    }).compile().sql;
    expect(compiled).not.toMatch(/offset|count\(/i);
  });

  it('uses an index for a country filter and for one- or two-letter searches', async () => {
    for (const q of [
      { country: ['JP'] },
      { country: ['GB'], status: ['closed'] },
      { country: ['JP', 'PL'], status: ['closed', 'suspended'] },
      { search: 'zq' },
      { search: 'zq', sort: 'name' as const },
    ]) {
      const text = await plan(q);
      expect([q, text]).not.toEqual([q, expect.stringMatching(/Seq Scan on customers/)]);
    }
  });

  it('uses the name index for sort by name', async () => {
    expect(await plan({ sort: 'name' })).toMatch(/customers_name_idx/);
  });

  it('uses an index for every sort in both directions (keyset, no sort of the whole table)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const cases: [Partial<CustomerListQuery>, RegExp][] = [
      [{ sort: 'name', order: 'desc', after: ['m', id] }, /customers_name_idx/],
      [{ sort: 'createdAt', order: 'asc', after: [new Date(0).toISOString(), id] }, /customers_created_idx/],
      [{ sort: 'number' }, /customers_customer_number_key/],
      [{ sort: 'number', order: 'desc', after: ['C-050000', id] }, /customers_customer_number_key/],
    ];
    for (const [q, index] of cases) {
      const text = await plan(q);
      expect([q, text]).toEqual([q, expect.stringMatching(index)]);
      expect([q, text]).not.toEqual([q, expect.stringMatching(/Seq Scan on customers|Sort Key/)]);
    }
  });

  it('counts exactly up to the cap, then says there are more', async () => {
    expect(await countCustomers(handle.db, { includeDeleted: false, country: ['PL', 'AT'] }, 10_000)).toEqual({
      total: 2,
      exact: true,
    });
    expect(await countCustomers(handle.db, { includeDeleted: false }, 10_000)).toEqual({ total: 10_000, exact: false });
    // Exactly at the cap is still exact.
    expect(await countCustomers(handle.db, { includeDeleted: false, country: ['PL', 'AT', 'DE'] }, 25_003)).toEqual({
      total: 25_003,
      exact: true,
    });
  });

  it('finds the matching rows', async () => {
    const rows = await customerListQuery(handle.db, {
      sort: 'createdAt',
      limit: 100,
      includeDeleted: false,
      search: 'SURNAME4321',
    }).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.last_name?.toLowerCase().includes('surname4321'))).toBe(true);
  });

  async function find(search: string) {
    const rows = await customerListQuery(handle.db, {
      sort: 'name',
      limit: 10,
      includeDeleted: false,
      search,
    }).execute();
    return rows.map((r) => r.email);
  }

  it('ignores accents and case on both sides', async () => {
    expect(await find('MULLER')).toEqual(['jm@example.de']);
    expect(await find('müller')).toEqual(['jm@example.de']);
    expect(await find('jurgen mül')).toEqual(['jm@example.de']);
    expect(await find('jurgen')).toEqual(['jm@example.de']);
    expect(await find('lodz aero')).toEqual(['trade@example.pl']);
    expect(await find('strasse')).toEqual(['zs@example.at']);
    expect(await find('zoe')).toEqual(['zs@example.at']);
  });

  it('finds a phone number typed with spaces, a trunk zero or an international prefix', async () => {
    const stored = 'user4321@example.org'; // +442000004321
    expect(await find('020 0000 4321')).toContain(stored);
    expect(await find('+44 20 0000 4321')).toContain(stored);
    expect(await find('0044 (20) 0000-4321')).toContain(stored);
    expect(await find('+442000004321')).toContain(stored);
  });

  it('matches LIKE wildcards literally', async () => {
    expect(await find('user_321@')).toEqual([]);
    expect(await find('%4321%')).toEqual([]);
  });
});
