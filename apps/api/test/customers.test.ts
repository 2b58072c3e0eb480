import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

let n = 0;
const individual = (over: Record<string, unknown> = {}) => ({
  type: 'individual',
  firstName: 'Jane',
  lastName: `Doe${++n}`,
  email: `jane${n}-${Date.now()}@example.org`,
  phone: '020 7946 0018',
  country: 'GB',
  ...over,
});

async function count(table: 'customers' | 'audit_events') {
  const row = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('customers.create', () => {
  it('creates an individual with a C-number, normalised phone, defaults and an audit row', async () => {
    const res = await r.corporate.client.mutation('customers.create', individual({ phone: '+44 (20) 7946-0018' }));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toMatchObject({
      type: 'individual',
      status: 'pending',
      kycStatus: 'not_started',
      riskLevel: 'medium',
      phone: '+442079460018',
      version: 1,
      country: 'GB',
      createdBy: r.corporate.user.id,
    });
    expect(res.data.customerNumber).toMatch(/^C-\d{6}$/);
    const [event] = (await auditRows(env.db, 'customer.created')).filter((e) => e.entity_id === res.data.id);
    expect(event).toMatchObject({
      actor_user_id: r.corporate.user.id,
      actor_role: 'corporate',
      customer_id: res.data.id,
    });
    expect(event?.changes).toMatchObject({ after: { phone: '+442079460018' } });
  });

  it('reads national numbers with the customer country and 00 prefixes', async () => {
    const de = await r.admin.client.mutation('customers.create', individual({ country: 'DE', phone: '030 123456' }));
    expect(de.ok && de.data.phone).toBe('+4930123456');
    const zz = await r.admin.client.mutation('customers.create', individual({ phone: '0044 20 7946 0019' }));
    expect(zz.ok && zz.data.phone).toBe('+442079460019');
  });

  it('creates a business with a company name', async () => {
    const res = await r.admin.client.mutation('customers.create', {
      type: 'business',
      companyName: 'Acme Trading Ltd',
      email: `acme-${Date.now()}@acme.example`,
      country: 'GB',
      riskLevel: 'high',
    });
    expect(res.ok && res.data).toMatchObject({ displayName: 'Acme Trading Ltd', riskLevel: 'high' });
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = [await count('customers'), await count('audit_events')];
    const res = await r.admin.client.mutation('customers.create', {
      type: 'individual',
      email: 'not-an-email',
      phone: '12',
      country: 'XX',
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.status).toBe(400);
    expect(res.error.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(res.error.data.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(['email', 'country', 'firstName', 'lastName']),
    );
    expect([await count('customers'), await count('audit_events')]).toEqual(before);
  });

  it('refuses an impossible phone number with an accepted example', async () => {
    const res = await r.admin.client.mutation('customers.create', individual({ phone: '+44 12' }));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.data.fieldErrors?.phone?.[0]).toMatch(/for example \+44/);
  });

  it('refuses a business without company name and a date of birth in the future', async () => {
    const biz = await r.admin.client.mutation('customers.create', {
      type: 'business',
      email: 'b@b.example',
      country: 'GB',
    });
    expect(!biz.ok && biz.error.data.fieldErrors?.companyName).toBeTruthy();
    const future = await r.admin.client.mutation('customers.create', individual({ dateOfBirth: '2030-01-01' }));
    expect(!future.ok && future.error.data.fieldErrors?.dateOfBirth?.[0]).toMatch(/future/);
    const ancient = await r.admin.client.mutation('customers.create', individual({ dateOfBirth: '1890-01-01' }));
    expect(!ancient.ok && ancient.error.data.fieldErrors?.dateOfBirth?.[0]).toMatch(/130/);
  });

  it('refuses a duplicate email, whatever its case, with CONFLICT and no audit row', async () => {
    const first = await r.admin.client.mutation('customers.create', individual({ email: 'dup@example.org' }));
    expect(first.ok).toBe(true);
    const audits = await count('audit_events');
    const dup = await r.admin.client.mutation('customers.create', individual({ email: 'DUP@Example.org' }));
    expect(!dup.ok && dup.error.data.code).toBe('CONFLICT');
    expect(!dup.ok && dup.error.data.fieldErrors?.email).toBeTruthy();
    expect(await count('audit_events')).toBe(audits);
  });

  it('is refused to clients (FORBIDDEN) and to anonymous callers (UNAUTHORIZED)', async () => {
    const c = await r.client.client.mutation('customers.create', individual());
    expect(!c.ok && [c.status, c.error.data.code]).toEqual([403, 'FORBIDDEN']);
    const anon = await r.anonymous.mutation('customers.create', individual());
    expect(!anon.ok && [anon.status, anon.error.data.code]).toEqual([401, 'UNAUTHORIZED']);
    const denied = await auditRows(env.db, 'permission.denied');
    expect(denied.some((e) => e.actor_user_id === r.client.user.id && e.entity_id === 'customers.create')).toBe(true);
  });
});

describe('customers.byId and update', () => {
  it('returns a customer to staff, FORBIDDEN to clients, NOT_FOUND for unknown ids', async () => {
    const ok = await r.corporate.client.query('customers.byId', { id: r.ownCustomer.id });
    expect(ok.ok && ok.data.id).toBe(r.ownCustomer.id);
    const client = await r.client.client.query('customers.byId', { id: r.ownCustomer.id });
    expect(!client.ok && client.error.data.code).toBe('FORBIDDEN');
    const missing = await r.admin.client.query('customers.byId', { id: '00000000-0000-4000-8000-000000000000' });
    expect(!missing.ok && missing.error.data.code).toBe('NOT_FOUND');
    const bad = await r.admin.client.query('customers.byId', { id: 'nope' });
    expect(!bad.ok && bad.error.data.code).toBe('BAD_REQUEST');
  });

  it('updates with the current version, bumps it and audits before/after of changed fields only', async () => {
    const created = await r.admin.client.mutation('customers.create', individual());
    if (!created.ok) throw new Error('setup');
    const res = await r.corporate.client.mutation('customers.update', {
      id: created.data.id,
      version: 1,
      city: 'Leeds',
      riskLevel: 'low',
    });
    expect(res.ok && res.data).toMatchObject({ city: 'Leeds', riskLevel: 'low', version: 2, firstName: 'Jane' });
    const [event] = (await auditRows(env.db, 'customer.updated')).filter((e) => e.entity_id === created.data.id);
    expect(event?.changes).toEqual({
      before: { city: null, riskLevel: 'medium' },
      after: { city: 'Leeds', riskLevel: 'low' },
    });
  });

  it('answers a stale version with CONFLICT and changes nothing', async () => {
    const created = await r.admin.client.mutation('customers.create', individual());
    if (!created.ok) throw new Error('setup');
    const id = created.data.id;
    expect((await r.admin.client.mutation('customers.update', { id, version: 1, city: 'York' })).ok).toBe(true);
    const audits = await count('audit_events');
    const stale = await r.corporate.client.mutation('customers.update', { id, version: 1, city: 'Bath' });
    expect(!stale.ok && [stale.status, stale.error.data.code]).toEqual([409, 'CONFLICT']);
    const now = await r.admin.client.query('customers.byId', { id });
    expect(now.ok && [now.data.city, now.data.version]).toEqual(['York', 2]);
    expect(await count('audit_events')).toBe(audits);
  });

  it('re-checks phone against a changed country and refuses an email another customer has', async () => {
    const a = await r.admin.client.mutation('customers.create', individual({ email: 'taken@example.org' }));
    const b = await r.admin.client.mutation('customers.create', individual());
    if (!a.ok || !b.ok) throw new Error('setup');
    const dup = await r.admin.client.mutation('customers.update', {
      id: b.data.id,
      version: 1,
      email: 'Taken@example.org',
    });
    expect(!dup.ok && dup.error.data.code).toBe('CONFLICT');
    const phone = await r.admin.client.mutation('customers.update', {
      id: b.data.id,
      version: 1,
      phone: '212 555 0123',
    });
    expect(!phone.ok && phone.error.data.fieldErrors?.phone).toBeTruthy();
    const us = await r.admin.client.mutation('customers.update', {
      id: b.data.id,
      version: 1,
      country: 'US',
      phone: '(212) 555-0123',
    });
    expect(us.ok && us.data.phone).toBe('+12125550123');
  });
});

describe('soft delete and restore', () => {
  it('lets only admins delete; deleted customers read as NOT_FOUND; admins list and restore them', async () => {
    const created = await r.admin.client.mutation('customers.create', individual({ email: 'gone@example.org' }));
    if (!created.ok) throw new Error('setup');
    const id = created.data.id;
    const corp = await r.corporate.client.mutation('customers.delete', { id });
    expect(!corp.ok && corp.error.data.code).toBe('FORBIDDEN');
    expect((await r.admin.client.mutation('customers.delete', { id })).ok).toBe(true);
    for (const who of [r.admin, r.corporate]) {
      const read = await who.client.query('customers.byId', { id });
      expect(!read.ok && read.error.data.code).toBe('NOT_FOUND');
      const upd = await who.client.mutation('customers.update', { id, version: 2, city: 'X' });
      expect(!upd.ok && upd.error.data.code).toBe('NOT_FOUND');
    }
    const live = await r.admin.client.query('customers.list', { search: 'gone@example.org' });
    expect(live.ok && live.data.items).toHaveLength(0);
    const withDeleted = await r.admin.client.query('customers.list', {
      search: 'gone@example.org',
      includeDeleted: true,
    });
    expect(withDeleted.ok && withDeleted.data.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const corpDeleted = await r.corporate.client.query('customers.list', { includeDeleted: true });
    expect(!corpDeleted.ok && corpDeleted.error.data.code).toBe('FORBIDDEN');

    // The email is free again while the customer is deleted.
    const reuse = await r.admin.client.mutation('customers.create', individual({ email: 'gone@example.org' }));
    expect(reuse.ok).toBe(true);
    const blocked = await r.admin.client.mutation('customers.restore', { id });
    expect(!blocked.ok && blocked.error.data.code).toBe('CONFLICT');
    if (reuse.ok) await r.admin.client.mutation('customers.delete', { id: reuse.data.id });

    const restored = await r.admin.client.mutation('customers.restore', { id });
    expect(restored.ok && restored.data.deletedAt).toBeNull();
    const timeline = await r.admin.client.query('audit.forCustomer', { customerId: id });
    expect(timeline.ok && timeline.data.items.map((e: { action: string }) => e.action)).toEqual([
      'customer.restored',
      'customer.deleted',
      'customer.created',
    ]);
    expect(timeline.ok && timeline.data.items[1].actorName).toBe(r.admin.user.name);
  });
});

describe('status lifecycle', () => {
  it('refuses activation until KYC is verified, listing what is missing', async () => {
    const created = await r.admin.client.mutation('customers.create', individual());
    if (!created.ok) throw new Error('setup');
    const res = await r.corporate.client.mutation('customers.activate', { id: created.data.id });
    expect(!res.ok && [res.status, res.error.data.code]).toEqual([412, 'PRECONDITION_FAILED']);
    expect(!res.ok && res.error.data.kycStatus).toBe('not_started');
    expect(!res.ok && Array.isArray(res.error.data.missingRequirements)).toBe(true);
    const after = await r.admin.client.query('customers.byId', { id: created.data.id });
    expect(after.ok && after.data.status).toBe('pending');
  });

  it('refuses to suspend a pending customer, requires a reason, and closes (admin only) for good', async () => {
    const created = await r.admin.client.mutation('customers.create', individual());
    if (!created.ok) throw new Error('setup');
    const id = created.data.id;
    const suspend = await r.corporate.client.mutation('customers.suspend', { id, reason: 'Fraud alert' });
    expect(!suspend.ok && suspend.error.data.code).toBe('PRECONDITION_FAILED');
    const noReason = await r.admin.client.mutation('customers.close', { id, reason: '' });
    expect(!noReason.ok && noReason.error.data.fieldErrors?.reason).toBeTruthy();
    const corpClose = await r.corporate.client.mutation('customers.close', { id, reason: 'Customer left' });
    expect(!corpClose.ok && corpClose.error.data.code).toBe('FORBIDDEN');
    const closed = await r.admin.client.mutation('customers.close', { id, reason: 'Customer left' });
    expect(closed.ok && closed.data).toMatchObject({ status: 'closed', statusReason: 'Customer left' });
    for (const action of ['customers.activate', 'customers.suspend', 'customers.close'] as const) {
      const again = await r.admin.client.mutation(action, { id, reason: 'again please' });
      expect(!again.ok && again.error.data.code).toBe('PRECONDITION_FAILED');
    }
    const [event] = (await auditRows(env.db, 'customer.closed')).filter((e) => e.entity_id === id);
    expect(event?.changes).toMatchObject({ reason: 'Customer left', after: { status: 'closed' } });
  });
});

describe('customers.list', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await r.admin.client.mutation('customers.create', {
        type: i % 2 ? 'business' : 'individual',
        ...(i % 2 ? { companyName: `Zeta Widgets ${i}` } : { firstName: 'Lia', lastName: `Listing${i}` }),
        email: `list${i}@listing.example`,
        country: i < 4 ? 'FR' : 'DE',
        riskLevel: i === 0 ? 'high' : 'low',
      });
      env.clock.advance(1000);
    }
  });

  it('filters by type, country, risk and status', async () => {
    const fr = await r.admin.client.query('customers.list', { country: 'FR', type: 'business' });
    expect(fr.ok && fr.data.items.map((c: { companyName: string }) => c.companyName).sort()).toEqual([
      'Zeta Widgets 1',
      'Zeta Widgets 3',
    ]);
    const high = await r.admin.client.query('customers.list', { riskLevel: 'high', search: 'listing.example' });
    expect(high.ok && high.data.items).toHaveLength(1);
    const closed = await r.admin.client.query('customers.list', { status: 'closed', search: 'listing.example' });
    expect(closed.ok && closed.data.items).toHaveLength(0);
  });

  it('searches case-insensitively across name, company, email, phone and number, literally', async () => {
    const byName = await r.corporate.client.query('customers.list', { search: 'LISTING3' });
    expect(byName.ok && byName.data.items.map((c: { email: string }) => c.email)).toEqual([]);
    const byCompany = await r.corporate.client.query('customers.list', { search: 'zeta widgets 3' });
    expect(byCompany.ok && byCompany.data.items.map((c: { email: string }) => c.email)).toEqual([
      'list3@listing.example',
    ]);
    const byLast = await r.corporate.client.query('customers.list', { search: 'listing4' });
    expect(byLast.ok && byLast.data.items.map((c: { email: string }) => c.email)).toEqual(['list4@listing.example']);
    const one = byLast.ok ? byLast.data.items[0] : null;
    const byNumber = await r.corporate.client.query('customers.list', { search: one.customerNumber.toLowerCase() });
    expect(byNumber.ok && byNumber.data.items.map((c: { id: string }) => c.id)).toEqual([one.id]);
    const short = await r.corporate.client.query('customers.list', { search: 'Li', limit: 100 });
    expect(
      short.ok &&
        short.data.items
          .map((c: { email: string }) => c.email)
          .filter((e: string) => e.endsWith('@listing.example'))
          .sort(),
    ).toEqual(['list0@listing.example', 'list2@listing.example', 'list4@listing.example', 'list6@listing.example']);
    expect(
      short.ok &&
        short.data.items.every((c: { lastName: string | null; companyName: string | null }) =>
          /^li/i.test(c.lastName ?? c.companyName ?? ''),
        ),
    ).toBe(true);
    const wildcard = await r.corporate.client.query('customers.list', { search: '%' });
    expect(wildcard.ok && wildcard.data.items).toHaveLength(0);
  });

  it('pages with cursors through every match exactly once, newest first and by name', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof r.admin.client.query<any>>> = await r.admin.client.query('customers.list', {
        search: 'listing.example',
        limit: 3,
        cursor,
      });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      seen.push(...res.data.items.map((c: { email: string }) => c.email));
      cursor = res.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `list${i}@listing.example`));

    const names: string[] = [];
    cursor = null;
    do {
      const res: Awaited<ReturnType<typeof r.admin.client.query<any>>> = await r.admin.client.query('customers.list', {
        search: 'listing.example',
        sort: 'name',
        limit: 4,
        cursor,
      });
      if (!res.ok) throw new Error('page');
      names.push(...res.data.items.map((c: { displayName: string }) => c.displayName));
      cursor = res.data.nextCursor;
    } while (cursor);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(names).toHaveLength(7);
  });

  it('refuses a limit over 100 and a forged cursor', async () => {
    const big = await r.admin.client.query('customers.list', { limit: 101 });
    expect(!big.ok && big.error.data.code).toBe('BAD_REQUEST');
    const forged = await r.admin.client.query('customers.list', { cursor: 'garbage' });
    expect(!forged.ok && forged.error.data.code).toBe('BAD_REQUEST');
  });
});

describe('customers.stats', () => {
  it('counts by status, KYC status and type with every enum value present', async () => {
    const res = await r.corporate.client.query('customers.stats');
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const live = await env.db
      .selectFrom('customers')
      .select(['status', 'type', 'created_at'])
      .where('deleted_at', 'is', null)
      .execute();
    expect(Object.keys(res.data.byStatus).sort()).toEqual(['active', 'closed', 'pending', 'suspended']);
    expect(Object.keys(res.data.byKycStatus).sort()).toEqual([
      'expired',
      'not_started',
      'pending',
      'rejected',
      'verified',
    ]);
    expect(res.data.byStatus.closed).toBe(live.filter((c) => c.status === 'closed').length);
    expect(res.data.byType.business).toBe(live.filter((c) => c.type === 'business').length);
    expect(res.data.byType.individual + res.data.byType.business).toBe(live.length);
    expect(res.data.newLast30Days).toBe(live.length);
    const client = await r.client.client.query('customers.stats');
    expect(!client.ok && client.error.data.code).toBe('FORBIDDEN');
  });
});
