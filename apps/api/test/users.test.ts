import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, makeUser, PASSWORD, setupTestEnv, signedInRoles, signIn, type TestEnv } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

describe('users (admin)', () => {
  it('creates users of each role, client linked to a customer, and lists them', async () => {
    const staff = await r.admin.client.mutation('users.create', {
      email: 'New.Staff@Example.org',
      name: 'New Staff',
      role: 'corporate',
      password: 'a-long-enough-passphrase',
    });
    expect(staff.ok && staff.data).toMatchObject({
      email: 'new.staff@example.org',
      role: 'corporate',
      customerId: null,
    });
    const portal = await r.admin.client.mutation('users.create', {
      email: 'portal@example.org',
      name: 'Portal User',
      role: 'client',
      customerId: r.ownCustomer.id,
      password: 'a-long-enough-passphrase',
    });
    expect(portal.ok && portal.data.customerId).toBe(r.ownCustomer.id);
    const list = await r.admin.client.query('users.list');
    expect(list.ok && list.data.items.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(['new.staff@example.org', 'portal@example.org']),
    );
    // No hash or password value, only the mustChangePassword flag.
    expect(list.ok && JSON.stringify(list.data)).not.toMatch(/"password(_hash|Hash)?"|argon/i);
    expect((await auditRows(env.db, 'user.created')).length).toBe(2);
  });

  it('refuses weak passwords, a client without customer, and duplicate emails', async () => {
    const base = { email: 'x@example.org', name: 'X', role: 'corporate' };
    const short = await r.admin.client.mutation('users.create', { ...base, password: 'short' });
    expect(!short.ok && short.error.data.fieldErrors?.password).toBeTruthy();
    const common = await r.admin.client.mutation('users.create', { ...base, password: 'qwerty123456' });
    expect(!common.ok && common.error.data.fieldErrors?.password?.[0]).toMatch(/common/);
    const long = await r.admin.client.mutation('users.create', { ...base, password: 'x'.repeat(129) });
    expect(!long.ok && long.error.data.code).toBe('BAD_REQUEST');
    const orphan = await r.admin.client.mutation('users.create', {
      ...base,
      role: 'client',
      password: 'a-long-enough-passphrase',
    });
    expect(!orphan.ok && orphan.error.data.fieldErrors?.customerId).toBeTruthy();
    const dup = await r.admin.client.mutation('users.create', {
      ...base,
      email: r.corporate.user.email.toUpperCase(),
      password: 'a-long-enough-passphrase',
    });
    expect(!dup.ok && dup.error.data.code).toBe('CONFLICT');
  });

  it('is admin-only', async () => {
    for (const who of [r.corporate.client, r.client.client]) {
      const res = await who.query('users.list');
      expect(!res.ok && res.error.data.code).toBe('FORBIDDEN');
      const create = await who.mutation('users.disable', { id: r.admin.user.id });
      expect(!create.ok && create.error.data.code).toBe('FORBIDDEN');
      const one = await who.query('users.byId', { id: r.admin.user.id });
      expect(!one.ok && one.error.data.code).toBe('FORBIDDEN');
    }
  });

  it('reads one user by id (no password hash); an unknown id is NOT_FOUND, a malformed one BAD_REQUEST', async () => {
    const one = await r.admin.client.query('users.byId', { id: r.corporate.user.id });
    expect(one.ok && one.data).toMatchObject({
      id: r.corporate.user.id,
      email: r.corporate.user.email,
      role: 'corporate',
    });
    expect(JSON.stringify(one.ok && one.data)).not.toMatch(/"password(_hash|Hash)?"|argon/i);
    const unknown = await r.admin.client.query('users.byId', { id: '00000000-0000-4000-8000-000000000000' });
    expect(!unknown.ok && unknown.error.data.code).toBe('NOT_FOUND');
    const malformed = await r.admin.client.query('users.byId', { id: 'not-an-id' });
    expect(!malformed.ok && malformed.error.data.code).toBe('BAD_REQUEST');
  });

  it('refuses disabling yourself and a stale version on update', async () => {
    const self = await r.admin.client.mutation('users.disable', { id: r.admin.user.id });
    expect(!self.ok && self.error.data.code).toBe('BAD_REQUEST');
    const stale = await r.admin.client.mutation('users.update', {
      id: r.corporate.user.id,
      version: 99,
      name: 'Renamed',
    });
    expect(!stale.ok && stale.error.data.code).toBe('CONFLICT');
  });

  it('bumps the version when users change their own password, so an edit read before is a CONFLICT', async () => {
    const user = await makeUser(env.db, 'corporate');
    const listed = await r.admin.client.query('users.list', { limit: 100 });
    const read = listed.ok && listed.data.items.find((u: { id: string }) => u.id === user.id);
    expect(read).toMatchObject({ version: 1 });
    const own = await signIn(env.app, user.email);
    const changed = await own.client.mutation('auth.changePassword', {
      currentPassword: PASSWORD,
      newPassword: 'my-own-fresh-passphrase',
    });
    expect(changed.ok).toBe(true);
    const stale = await r.admin.client.mutation('users.update', {
      id: user.id,
      version: read.version,
      password: 'the-admins-older-choice',
    });
    expect(!stale.ok && stale.error.data.code).toBe('CONFLICT');
    // The user's own new password still stands.
    expect((await signIn(env.app, user.email, 'my-own-fresh-passphrase')).cookie).toBeTruthy();
  });
});

describe('the last active admin', () => {
  /** Runs `body` while the given admins are the only active ones, then restores the others. */
  async function onlyActiveAdmins(ids: string[], body: () => Promise<void>) {
    const others = await env.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .where('id', 'not in', ids)
      .execute();
    const set = (disabled_at: Date | null) =>
      others.length
        ? env.db
            .updateTable('users')
            .set({ disabled_at })
            .where(
              'id',
              'in',
              others.map((o) => o.id),
            )
            .execute()
        : Promise.resolve();
    await set(new Date());
    try {
      await body();
    } finally {
      await set(null);
    }
  }
  const versionOf = async (id: string) =>
    (await env.db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  it('cannot demote themselves', async () => {
    await onlyActiveAdmins([r.admin.user.id], async () => {
      const id = r.admin.user.id;
      for (const change of [{ role: 'corporate' }, { role: 'client', customerId: r.ownCustomer.id }]) {
        const res = await r.admin.client.mutation('users.update', { id, version: await versionOf(id), ...change });
        expect(!res.ok && [res.error.data.code, res.error.message]).toEqual([
          'PRECONDITION_FAILED',
          expect.stringMatching(/last active admin/),
        ]);
      }
      const row = await env.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect([row.role, row.disabled_at]).toEqual(['admin', null]);
      // Renaming the last admin is fine.
      const renamed = await r.admin.client.mutation('users.update', { id, version: row.version, name: 'Still Admin' });
      expect(renamed.ok).toBe(true);
    });
  });

  it('two admins demoting or disabling each other at once leave one admin', async () => {
    const made = [];
    for (const n of [1, 2]) {
      const res = await r.admin.client.mutation('users.create', {
        email: `co-admin-${n}-${Math.random().toString(36).slice(2, 8)}@example.org`,
        name: `Co-admin ${n}`,
        role: 'admin',
        password: 'a-long-enough-passphrase',
      });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      made.push({ ...res.data, ...(await signIn(env.app, res.data.email, 'a-long-enough-passphrase')) });
    }
    const [a, b] = made as [(typeof made)[0], (typeof made)[0]];
    await onlyActiveAdmins([a.id, b.id], async () => {
      const results = await Promise.all([
        a.client.mutation('users.disable', { id: b.id }),
        b.client.mutation('users.update', { id: a.id, version: await versionOf(a.id), role: 'corporate' }),
      ]);
      // One wins; the other is refused (or, if it arrives after the winner ended its session, unauthorised).
      expect(results.filter((x) => x.ok)).toHaveLength(1);
      const loser = results.find((x) => !x.ok);
      expect(loser && !loser.ok && loser.error.data.code).toMatch(/^(PRECONDITION_FAILED|UNAUTHORIZED)$/);
      const active = await env.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('id', 'in', [a.id, b.id])
        .execute();
      expect(active).toHaveLength(1);
      // And the one left cannot demote themselves either.
      const last = active[0]!.id === a.id ? a : b;
      const self = await last.client.mutation('users.update', {
        id: last.id,
        version: await versionOf(last.id),
        role: 'corporate',
      });
      expect(!self.ok && self.error.data.code).toBe('PRECONDITION_FAILED');
    });
  });
});

describe('audit', () => {
  it('forCustomer: staff see a timeline; clients cannot; audit.list is admin-only', async () => {
    const timeline = await r.corporate.client.query('audit.forCustomer', { customerId: r.ownCustomer.id });
    expect(timeline.ok && timeline.data.items.at(-1).action).toBe('customer.created');
    const client = await r.client.client.query('audit.forCustomer', { customerId: r.ownCustomer.id });
    expect(!client.ok && client.error.data.code).toBe('FORBIDDEN');
    const corp = await r.corporate.client.query('audit.list');
    expect(!corp.ok && corp.error.data.code).toBe('FORBIDDEN');
    const all = await r.admin.client.query('audit.list', { action: 'auth.login', limit: 2 });
    expect(all.ok && all.data.items).toHaveLength(2);
    expect(all.ok && all.data.nextCursor).toBeTruthy();
    const next = await r.admin.client.query('audit.list', {
      action: 'auth.login',
      limit: 2,
      cursor: all.ok ? all.data.nextCursor : null,
    });
    expect(next.ok && next.data.items[0].id).not.toBe(all.ok && all.data.items[0].id);
  });

  it('records request id and client IP', async () => {
    const rows = await auditRows(env.db, 'customer.created');
    expect(rows[0]?.request_id).toMatch(/[0-9a-f-]{36}/);
    expect(rows[0]?.client_ip).toBe('10.0.0.1');
  });
});
