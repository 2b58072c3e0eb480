import { sql } from '@cm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv, typedApi } from './helpers';

let env: TestEnv;
let admin: ReturnType<typeof typedApi>;
let corporate: ReturnType<typeof typedApi>;
let clientApi: ReturnType<typeof typedApi>;

/**
 * 23 customers under one search term: names repeat (ties the id must break), countries and statuses
 * vary, created within the same few milliseconds (ties on created_at too).
 */
const NAMES = [
  'adams',
  'baker',
  'clark',
  'adams',
  'davis',
  'evans',
  'baker',
  'frank',
  'green',
  'adams',
  'hill',
  'irwin',
];
beforeAll(async () => {
  env = await setupTestEnv();
  const roles = await signedInRoles(env);
  admin = typedApi(env.app, { cookie: roles.admin.cookie });
  corporate = typedApi(env.app, { cookie: roles.corporate.cookie });
  clientApi = typedApi(env.app, { cookie: roles.client.cookie });
  await sql`
    INSERT INTO customers (type, first_name, last_name, email, country, status, created_at)
    SELECT 'individual', 'Pat', (${sql.val(NAMES)}::text[])[1 + g % 12], 'row' || g || '@sorting.example',
           (ARRAY['GB','DE','FR'])[1 + g % 3], (ARRAY['pending','active','suspended','closed'])[1 + g % 4],
           date_trunc('milliseconds', now()) - ((g % 5) || ' milliseconds')::interval
    FROM generate_series(1, 23) AS g`.execute(env.db);
});
afterAll(async () => {
  await env?.handle.close();
});

type Sort = 'createdAt' | 'name' | 'number';
async function everyPage(sort: Sort, order: 'asc' | 'desc' | undefined, limit = 4, search = 'sorting.example') {
  const seen: { id: string; key: string }[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page = await admin.customers.list.query({ search, sort, order, limit, cursor });
    for (const c of page.items) {
      const key = sort === 'createdAt' ? c.createdAt : sort === 'name' ? c.displayName : c.customerNumber;
      seen.push({ id: c.id, key });
    }
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('more pages than rows');
}

describe('customers.list sorting', () => {
  it.each([
    ['createdAt', undefined, 'desc'],
    ['createdAt', 'asc', 'asc'],
    ['name', undefined, 'asc'],
    ['name', 'desc', 'desc'],
    ['number', undefined, 'asc'],
    ['number', 'desc', 'desc'],
  ] as const)('%s %s: pages through every row once, in order (%s)', async (sort, order, direction) => {
    const rows = await everyPage(sort, order);
    expect(rows).toHaveLength(23);
    expect(new Set(rows.map((r) => r.id)).size).toBe(23);
    const keys = rows.map((r) => r.key);
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys).toEqual(direction === 'asc' ? sorted : sorted.reverse());
  });

  it('refuses a cursor made for another sort or direction', async () => {
    const first = await admin.customers.list.query({ search: 'sorting.example', sort: 'name', limit: 3 });
    expect(first.nextCursor).toBeTruthy();
    for (const other of [{ sort: 'name', order: 'desc' }, { sort: 'number' }, { sort: 'createdAt' }] as const) {
      await expect(
        admin.customers.list.query({ search: 'sorting.example', ...other, cursor: first.nextCursor }),
      ).rejects.toThrow(/no longer valid/);
    }
    // The natural direction spelled out is the same order, so its cursor stays valid.
    const same = await admin.customers.list.query({
      search: 'sorting.example',
      sort: 'name',
      order: 'asc',
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(same.items).toHaveLength(3);
  });
});

describe('customers.list letters-only search (read word by word)', () => {
  it.each([undefined, 'asc'] as const)('pages "SORTING" exactly as "sorting.example" (%s)', async (order) => {
    const words = await everyPage('createdAt', order, 3, 'SORTING');
    expect(words).toHaveLength(23);
    expect(words).toEqual(await everyPage('createdAt', order, 5));
  });

  it('still refuses bad input clearly', async () => {
    const err = (await admin.customers.list.query({ search: 'x'.repeat(101) }).then(
      () => null,
      (e: unknown) => e,
    )) as { data?: { code?: string; fieldErrors?: Record<string, unknown> } } | null;
    expect([err?.data?.code, Object.keys(err?.data?.fieldErrors ?? {})]).toEqual(['BAD_REQUEST', ['search']]);
    await expect(admin.customers.list.query({ search: 'sorting', cursor: 'not-a-cursor' })).rejects.toThrow(
      /no longer valid/,
    );
  });
});

describe('customers.list multi-value filters', () => {
  it('matches any of the values of each filter, all filters together; single values still work', async () => {
    const all = await admin.customers.list.query({ search: 'sorting.example', limit: 100 });
    const expected = all.items.filter(
      (c) => ['active', 'closed'].includes(c.status) && ['GB', 'FR'].includes(c.country),
    );
    const many = await admin.customers.list.query({
      search: 'sorting.example',
      status: ['active', 'closed'],
      country: ['gb', 'FR'],
      limit: 100,
    });
    expect(many.items.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(expected.length).toBeGreaterThan(0);
    const one = await admin.customers.list.query({ search: 'sorting.example', status: 'active', limit: 100 });
    expect(one.items.length).toBeGreaterThan(0);
    expect(one.items.every((c) => c.status === 'active')).toBe(true);
  });

  it('refuses unknown values and empty lists, naming the field', async () => {
    const fieldsOf = async (call: Promise<unknown>) => {
      const err = (await call.then(
        () => null,
        (e: unknown) => e,
      )) as { data?: { code?: string; fieldErrors?: Record<string, unknown> } } | null;
      return [err?.data?.code, Object.keys(err?.data?.fieldErrors ?? {})];
    };
    expect(await fieldsOf(admin.customers.list.query({ status: ['active', 'bogus' as never] }))).toEqual([
      'BAD_REQUEST',
      ['status'],
    ]);
    expect(await fieldsOf(admin.customers.list.query({ country: [] }))).toEqual(['BAD_REQUEST', ['country']]);
    expect(await fieldsOf(admin.customers.count.query({ kycStatus: ['done' as never] }))).toEqual([
      'BAD_REQUEST',
      ['kycStatus'],
    ]);
    expect(await fieldsOf(admin.customers.list.query({ riskLevel: ['high', 'extreme' as never] }))).toEqual([
      'BAD_REQUEST',
      ['riskLevel'],
    ]);
    expect(await fieldsOf(admin.customers.count.query({ riskLevel: [] }))).toEqual(['BAD_REQUEST', ['riskLevel']]);
  });

  it('risk takes several values in the list, the count, the REST list and the CSV export', async () => {
    // Risk by row number: low, medium, high in turn (the insert leaves every row medium).
    await sql`
      UPDATE customers SET risk_level = (ARRAY['low','medium','high'])[1 + substring(split_part(email, '@', 1) from 4)::int % 3]
      WHERE email LIKE '%@sorting.example'`.execute(env.db);
    const all = await admin.customers.list.query({ search: 'sorting.example', limit: 100 });
    const highOrLow = all.items.filter((c) => c.riskLevel !== 'medium').map((c) => c.email);
    expect(new Set(all.items.map((c) => c.riskLevel))).toEqual(new Set(['low', 'medium', 'high']));
    const both = await admin.customers.list.query({
      search: 'sorting.example',
      riskLevel: ['high', 'low'],
      limit: 100,
    });
    expect(both.items.map((c) => c.email).sort()).toEqual(highOrLow.sort());
    // With another multi-value filter: all of them together.
    const withStatus = await admin.customers.count.query({
      search: 'sorting.example',
      riskLevel: ['high', 'low'],
      status: ['active'],
    });
    expect(withStatus).toEqual({
      total: all.items.filter((c) => c.riskLevel !== 'medium' && c.status === 'active').length,
      exact: true,
    });
    // A letters-only term is read word by word: the risk filter applies there too.
    const adams = await admin.customers.list.query({ search: 'adams', limit: 100 });
    const adamsHighOrLow = await admin.customers.list.query({
      search: 'adams',
      riskLevel: ['high', 'low'],
      limit: 100,
    });
    expect(adamsHighOrLow.items.map((c) => c.id).sort()).toEqual(
      adams.items
        .filter((c) => c.riskLevel !== 'medium')
        .map((c) => c.id)
        .sort(),
    );
    expect(adamsHighOrLow.items.length).toBeGreaterThan(0);
    // A single value, as before.
    const high = await admin.customers.list.query({ search: 'sorting.example', riskLevel: 'high', limit: 100 });
    expect(high.items.length).toBe(all.items.filter((c) => c.riskLevel === 'high').length);
    expect(high.items.every((c) => c.riskLevel === 'high')).toBe(true);

    const { cookie } = await signIn(env.app, (await makeUser(env.db, 'admin')).email);
    const get = (path: string) => env.app.request(path, { headers: { cookie } });
    const rest = await get('/api/customers?search=sorting.example&riskLevel=high&riskLevel=low&limit=100');
    expect(rest.status).toBe(200);
    const body = (await rest.json()) as { items: { email: string }[] };
    expect(body.items.map((c) => c.email).sort()).toEqual(highOrLow.sort());
    const restOne = await get('/api/customers?search=sorting.example&riskLevel=high&limit=100');
    expect(((await restOne.json()) as { items: unknown[] }).items).toHaveLength(high.items.length);
    const csv = await get('/api/customers/export.csv?search=sorting.example&riskLevel=high&riskLevel=low');
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n')).toHaveLength(1 + highOrLow.length);

    const badRest = await get('/api/customers?riskLevel=high&riskLevel=severe');
    expect(badRest.status).toBe(400);
    expect(JSON.stringify(await badRest.json())).toContain('riskLevel');
    const badCsv = await get('/api/customers/export.csv?riskLevel=severe');
    expect(badCsv.status).toBe(400);
    expect(JSON.stringify(await badCsv.json())).toContain('riskLevel');
  });
});

describe('customers.list windows: created within N days, KYC expiring within N days', () => {
  // The test clock is 2026-06-01T09:00Z: "within 30 days" is created at or after 2026-05-02T09:00Z,
  // and KYC expiring on 2026-06-01 … 2026-07-01 (both included).
  const created = {
    'new-today': 0,
    'new-29d': 29,
    'new-30d-less-a-minute': 30 - 1 / 1440,
    'old-30d-and-a-minute': 30 + 1 / 1440,
    'old-90d': 90,
  } as const;
  const docs: [tag: string, expires: string, opts?: { status?: string; deleted?: boolean }][] = [
    ['exp-today', '2026-06-01'],
    ['exp-two-docs', '2026-06-10'],
    ['exp-two-docs', '2026-06-20', { status: 'pending' }],
    ['exp-last-day', '2026-07-01'],
    ['exp-day-after', '2026-07-02'],
    ['exp-yesterday', '2026-05-31'],
    ['exp-rejected', '2026-06-05', { status: 'rejected' }],
    ['exp-doc-deleted', '2026-06-05', { deleted: true }],
    ['exp-customer-deleted', '2026-06-05'],
  ];
  const ids = async (input: Record<string, unknown>) =>
    (await admin.customers.list.query({ limit: 100, ...input })).items.map((c) => c.email.split('@')[0]).sort();

  beforeAll(async () => {
    const now = env.clock.now().getTime();
    for (const [tag, days] of Object.entries(created)) {
      await sql`
        INSERT INTO customers (type, first_name, last_name, email, country, created_at)
        VALUES ('individual', 'Win', 'Dow', ${`${tag}@created-window.example`}, 'GB', ${new Date(now - days * 86_400_000)})`.execute(
        env.db,
      );
    }
    for (const tag of new Set(docs.map((d) => d[0]))) {
      await sql`
        INSERT INTO customers (type, first_name, last_name, email, country)
        VALUES ('individual', 'Kay', 'Wyc', ${`${tag}@expiry-window.example`}, 'DE')`.execute(env.db);
    }
    for (const [i, [tag, expires, opts]] of docs.entries()) {
      await sql`
        INSERT INTO kyc_documents (customer_id, document_type, expires_at, status, file_name, mime_type, size_bytes,
          sha256, storage_key, deleted_at)
        SELECT id, 'passport', ${expires}::date, ${opts?.status ?? 'verified'}, 'p.pdf', 'application/pdf', 1,
          md5(id::text || ${String(i)}), 'kyc/' || gen_random_uuid(), ${opts?.deleted ? new Date(now) : null}
        FROM customers WHERE email = ${`${tag}@expiry-window.example`}`.execute(env.db);
    }
    await sql`UPDATE customers SET deleted_at = now() WHERE email = 'exp-customer-deleted@expiry-window.example'`.execute(
      env.db,
    );
  });

  it('createdWithinDays lists and counts the customers created in the last N × 24 hours', async () => {
    const search = 'created-window.example';
    expect(await ids({ search, createdWithinDays: 30 })).toEqual(['new-29d', 'new-30d-less-a-minute', 'new-today']);
    expect(await ids({ search, createdWithinDays: 1 })).toEqual(['new-today']);
    expect(await ids({ search, createdWithinDays: 365 })).toHaveLength(5);
    expect(await corporate.customers.count.query({ search, createdWithinDays: 30 })).toEqual({ total: 3, exact: true });
  });

  it('kycExpiringWithinDays lists each customer with a live, unrejected document expiring in the window once', async () => {
    const search = 'expiry-window.example';
    expect(await ids({ search, kycExpiringWithinDays: 30 })).toEqual(['exp-last-day', 'exp-today', 'exp-two-docs']);
    expect(await ids({ search, kycExpiringWithinDays: 31 })).toContain('exp-day-after');
    expect(await ids({ search, kycExpiringWithinDays: 30, status: 'pending' })).toHaveLength(3);
    expect(await ids({ search, kycExpiringWithinDays: 30, country: 'GB' })).toEqual([]);
    expect(await corporate.customers.count.query({ search, kycExpiringWithinDays: 30 })).toEqual({
      total: 3,
      exact: true,
    });
  });

  it('the dashboard figures and the lists they open agree', async () => {
    const stats = await admin.customers.stats.query();
    // Every customer created in this file is live and newer than 30 days except the two old ones.
    expect((await admin.customers.count.query({ createdWithinDays: 30 })).total).toBe(stats.newLast30Days);
    // The card counts documents (SPEC), the list customers: here one customer has two documents.
    expect(stats.kycExpiringNext30Days).toBe(4);
    expect((await admin.customers.count.query({ kycExpiringWithinDays: 30 })).total).toBe(3);
  });

  it('the REST list and the CSV export take the same filters from the query string', async () => {
    const { cookie } = await signIn(env.app, (await makeUser(env.db, 'admin')).email);
    const rest = await env.app.request('/api/customers?search=expiry-window.example&kycExpiringWithinDays=30', {
      headers: { cookie },
    });
    expect(rest.status).toBe(200);
    const body = (await rest.json()) as { items: { email: string }[] };
    expect(body.items.map((c) => c.email.split('@')[0]).sort()).toEqual(['exp-last-day', 'exp-today', 'exp-two-docs']);
    const csv = await env.app.request('/api/customers/export.csv?search=created-window.example&createdWithinDays=30', {
      headers: { cookie },
    });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n')).toHaveLength(1 + 3);
  });

  it('refuses a bad window with a clear message on that field and nothing else', async () => {
    const bad = async (input: Record<string, unknown>) => {
      const err = (await admin.customers.count.query(input as never).then(
        () => null,
        (e: unknown) => e,
      )) as { message: string; data?: { code?: string; fieldErrors?: Record<string, string[]> } } | null;
      return { code: err?.data?.code, fields: err?.data?.fieldErrors, message: err?.message ?? '' };
    };
    for (const [value, message] of [
      [0, 'Give at least 1 day.'],
      [-5, 'Give at least 1 day.'],
      [1.5, 'Give a whole number of days.'],
      [366, 'Give at most 365 days.'],
      ['30', 'Give a number of days.'],
    ] as const) {
      const res = await bad({ kycExpiringWithinDays: value });
      expect(res.code).toBe('BAD_REQUEST');
      expect(res.fields).toEqual({ kycExpiringWithinDays: [message] });
      expect(res.message).not.toMatch(/select|kyc_documents|at .*\.ts|stack/i);
    }
    expect((await bad({ createdWithinDays: 100_000 })).fields).toEqual({
      createdWithinDays: ['Give at most 3660 days.'],
    });

    const { cookie } = await signIn(env.app, (await makeUser(env.db, 'admin')).email);
    for (const path of [
      '/api/customers?createdWithinDays=soon',
      '/api/customers/export.csv?kycExpiringWithinDays=-1',
    ]) {
      const res = await env.app.request(path, { headers: { cookie } });
      expect([path, res.status]).toEqual([path, 400]);
      const text = await res.text();
      expect(text).toMatch(/WithinDays/);
      expect(text).not.toMatch(/select|kyc_documents|\.ts:\d+/i);
    }
  });
});

describe('customers.count', () => {
  it('counts what the list filters match, exactly', async () => {
    const all = await admin.customers.list.query({ search: 'sorting.example', limit: 100 });
    expect(await corporate.customers.count.query({ search: 'sorting.example' })).toEqual({ total: 23, exact: true });
    const both = all.items.filter((c) => c.status === 'pending' && ['DE', 'FR'].includes(c.country)).length;
    expect(
      await admin.customers.count.query({ search: 'sorting.example', status: ['pending'], country: ['DE', 'FR'] }),
    ).toEqual({ total: both, exact: true });
    expect(both).toBeGreaterThan(0);
    expect(await admin.customers.count.query({ search: 'nobody-here.example' })).toEqual({ total: 0, exact: true });
  });

  it('stops at 10,000 and says there are more', async () => {
    await sql`
      INSERT INTO customers (type, company_name, email, country)
      SELECT 'business', 'Many ' || g, 'many' || g || '@count-cap.example', 'NL' FROM generate_series(1, 10001) AS g`.execute(
      env.db,
    );
    expect(await admin.customers.count.query({ search: 'count-cap.example' })).toEqual({ total: 10_000, exact: false });
    await sql`DELETE FROM customers WHERE email = 'many1@count-cap.example'`.execute(env.db);
    expect(await admin.customers.count.query({ search: 'count-cap.example' })).toEqual({ total: 10_000, exact: true });
  });

  it('is staff only, and deleted customers are counted for admins only', async () => {
    await expect(clientApi.customers.count.query({})).rejects.toThrow(/FORBIDDEN|permission|not allowed/i);
    await expect(corporate.customers.count.query({ includeDeleted: true })).rejects.toThrow(/administrators/);
    const other = await makeUser(env.db, 'admin');
    const second = typedApi(env.app, { cookie: (await signIn(env.app, other.email)).cookie });
    expect((await second.customers.count.query({ includeDeleted: true })).total).toBeGreaterThan(0);
  });
});
