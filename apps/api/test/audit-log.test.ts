import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv, typedApi } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let admin: ReturnType<typeof typedApi>;
let sneaky: Awaited<ReturnType<typeof makeUser>>;
let customerId: string;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  admin = typedApi(env.app, { cookie: r.admin.cookie });
  customerId = r.ownCustomer.id;
  // A user whose name a spreadsheet would run as a formula.
  sneaky = await makeUser(env.db, 'corporate');
  await env.db.updateTable('users').set({ name: '=HYPERLINK("http://evil")' }).where('id', '=', sneaky.id).execute();
  const s = await signIn(env.app, sneaky.email);
  await s.client.mutation('customers.update', { id: customerId, version: r.ownCustomer.version, city: 'Leeds' });
});
afterAll(async () => {
  await env?.handle.close();
});

describe('audit.list (admin)', () => {
  it('filters by actor, action, customer and date range, newest first, cursor-paged', async () => {
    const byActor = await admin.audit.list.query({ actorUserId: sneaky.id });
    expect(byActor.items.map((e) => e.action)).toEqual(['customer.updated', 'auth.login']);
    const byAction = await admin.audit.list.query({ action: 'customer.updated', customerId });
    expect(byAction.items.map((e) => [e.actorUserId, e.changes])).toEqual([
      [sneaky.id, { before: { city: null }, after: { city: 'Leeds' } }],
    ]);
    // The range is over the database's own time of each row: from inclusive, to exclusive.
    const edit = (await auditRows(env.db, 'customer.updated')).at(-1)!;
    const at = edit.occurred_at.toISOString();
    const since = await admin.audit.list.query({ from: at, limit: 100 });
    expect(since.items.map((e) => e.id)).toContain(String(edit.id));
    expect(since.items.every((e) => e.occurredAt >= at)).toBe(true);
    const until = await admin.audit.list.query({ to: at, limit: 100 });
    expect(until.items.map((e) => e.id)).not.toContain(String(edit.id));
    expect(until.items.every((e) => e.occurredAt < at)).toBe(true);
    expect(until.items.length + since.items.length).toBe((await auditRows(env.db)).length);
    // Every event, page by page, without repeats.
    const all = await auditRows(env.db);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof admin.audit.list.query>> = await admin.audit.list.query({ limit: 2, cursor });
      ids.push(...p.items.map((e) => e.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(ids.length).toBeGreaterThanOrEqual(all.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a range that ends before it starts, and non-admins', async () => {
    await expect(
      admin.audit.list.query({ from: '2026-06-03T00:00:00Z', to: '2026-06-02T00:00:00Z' }),
    ).rejects.toMatchObject({ data: { code: 'BAD_REQUEST', fieldErrors: { to: [expect.any(String)] } } });
    for (const who of [r.corporate, r.client]) {
      const res = await who.client.query('audit.list', {});
      expect(!res.ok && res.error.data.code).toBe('FORBIDDEN');
    }
  });
});

describe('GET /api/audit/export.csv', () => {
  const get = (qs: string, cookie?: string) =>
    env.app.request(`/api/audit/export.csv${qs}`, {
      headers: { ...(cookie ? { cookie } : {}), 'x-forwarded-for': '10.0.0.1' },
    });

  it('streams the filtered events as CSV with formula cells neutralised, and audits the export', async () => {
    const from = (await auditRows(env.db)).find((a) => a.actor_user_id === sneaky.id)!.occurred_at.toISOString();
    const res = await get(`?actorUserId=${sneaky.id}&from=${encodeURIComponent(from)}`, r.admin.cookie);
    expect(res.status).toBe(200);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.action, row.actorName, row.actorUserId])).toEqual([
      ['customer.updated', '\'=HYPERLINK("http://evil")', sneaky.id],
      ['auth.login', '\'=HYPERLINK("http://evil")', sneaky.id],
    ]);
    expect(JSON.parse(rows[0]!.changes!)).toEqual({ before: { city: null }, after: { city: 'Leeds' } });
    expect(rows[0]!.customerId).toBe(customerId);
    const [exported] = (await auditRows(env.db, 'audit.exported')).slice(-1);
    expect(exported).toMatchObject({
      actor_user_id: r.admin.user.id,
      changes: { filters: { actorUserId: sneaky.id, from } },
    });
  });

  it('exports past one page of rows', async () => {
    const rows = parse(await (await get('', r.admin.cookie)).text(), { columns: true }) as Record<string, string>[];
    const total = (await auditRows(env.db)).length;
    // The export saw every row written before it (its own audit row included).
    expect(rows.length).toBe(total);
    expect(Number(rows[0]!.id)).toBeGreaterThan(Number(rows.at(-1)!.id));
  });

  it('is admin-only; bad filters are BAD_REQUEST; nothing is audited as exported then', async () => {
    const before = (await auditRows(env.db, 'audit.exported')).length;
    expect((await get('', r.corporate.cookie)).status).toBe(403);
    expect((await get('', r.client.cookie)).status).toBe(403);
    expect((await get('')).status).toBe(401);
    const bad = await get('?from=yesterday', r.admin.cookie);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    expect((await auditRows(env.db, 'audit.exported')).length).toBe(before);
  });
});
