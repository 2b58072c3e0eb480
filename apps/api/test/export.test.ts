import { sql } from '@cm/db';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  for (let i = 0; i < 12; i++) {
    await r.admin.client.mutation('customers.create', {
      type: 'individual',
      firstName: i === 0 ? '=HYPERLINK("http://evil")' : `Export${i}`,
      lastName: 'Person',
      email: `export${i}@csv.example`,
      country: i % 2 ? 'FR' : 'DE',
    });
  }
});
afterAll(async () => {
  await env?.handle.close();
});

const get = (qs: string, cookie: string) => env.app.request(`/api/customers/export.csv${qs}`, { headers: { cookie } });

describe('customers export', () => {
  it('streams every matching customer as CSV, neutralising formulas, and audits the export', async () => {
    const res = await get('?search=csv.example&country=DE', r.corporate.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.country === 'DE' && row.email?.endsWith('@csv.example'))).toBe(true);
    expect(rows.find((row) => row.email === 'export0@csv.example')?.firstName).toBe('\'=HYPERLINK("http://evil")');
    expect((await auditRows(env.db, 'customers.exported')).length).toBe(1);
  });

  it('pages through large result sets completely', async () => {
    await sql`
      INSERT INTO customers (type, company_name, email, country)
      SELECT 'business', 'Bulk ' || g, 'bulk' || g || '@bulk.example', 'GB' FROM generate_series(1, 1100) AS g`.execute(
      env.db,
    );
    for (const sort of ['createdAt', 'name', 'number', 'name&order=desc', 'createdAt&order=asc']) {
      const res = await get(`?search=bulk.example&sort=${sort}`, r.admin.cookie);
      const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
      expect(new Set(rows.map((row) => row.email)).size).toBe(1100);
    }
  });

  it('takes the list filters with several values each (repeated parameters)', async () => {
    const res = await get('?search=csv.example&country=DE&country=FR&status=pending&status=active', r.admin.cookie);
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    const de = parse(await (await get('?search=csv.example&country=DE', r.admin.cookie)).text(), { columns: true });
    expect(de).toHaveLength(6);
    expect((await get('?country=DE&country=XX', r.admin.cookie)).status).toBe(400);
  });

  it('is refused to clients and anonymous users, and bad filters are BAD_REQUEST', async () => {
    expect((await get('', r.client.cookie)).status).toBe(403);
    expect((await env.app.request('/api/customers/export.csv')).status).toBe(401);
    expect((await get('?status=bogus', r.admin.cookie)).status).toBe(400);
  });
});
