import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, makeUser, PASSWORD, setupTestEnv, signedInRoles, signIn, type TestEnv, typedApi } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let admin: ReturnType<typeof typedApi>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  admin = typedApi(env.app, { cookie: r.admin.cookie });
});
afterAll(async () => {
  await env?.handle.close();
});

const codeOf = (res: { ok: boolean; error?: { data: { code: string } } }) => (res.ok ? 'OK' : res.error?.data.code);
const userRow = (id: string) => env.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('password reset by an admin', () => {
  it('gives a one-time password, ends the sessions, and forces a change before anything else', async () => {
    const u = await makeUser(env.db, 'corporate');
    const before = await signIn(env.app, u.email);
    const reset = await admin.users.resetPassword.mutate({ id: u.id });
    expect(reset.temporaryPassword).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    expect(reset.user).toMatchObject({ id: u.id, mustChangePassword: true });
    // The old session and the old password are gone.
    expect(codeOf(await before.client.query('customers.list'))).toBe('UNAUTHORIZED');
    await expect(signIn(env.app, u.email, PASSWORD)).rejects.toThrow(/401/);
    const [row] = (await auditRows(env.db, 'user.password_reset')).filter((a) => a.entity_id === u.id);
    expect(row).toMatchObject({ actor_user_id: r.admin.user.id, entity_type: 'user' });
    expect(JSON.stringify(await auditRows(env.db))).not.toContain(reset.temporaryPassword);

    const temp = await signIn(env.app, u.email, reset.temporaryPassword);
    const me = typedApi(env.app, { cookie: temp.cookie });
    expect((await me.auth.me.query())?.mustChangePassword).toBe(true);
    // Every procedure and HTTP route but changing the password (and signing out) refuses, clearly.
    const refused = await temp.client.query('customers.list');
    expect(!refused.ok && refused.error).toMatchObject({
      message: 'Change your password before continuing.',
      data: { code: 'PRECONDITION_FAILED', reason: 'password_change_required' },
    });
    const csv = await env.app.request('/api/customers/export.csv', {
      headers: { cookie: temp.cookie, 'x-forwarded-for': '10.0.0.1' },
    });
    expect(csv.status).toBe(412);
    await me.auth.changePassword.mutate({
      currentPassword: reset.temporaryPassword,
      newPassword: 'my-very-own-passphrase-9',
    });
    // The same session carries on, now unrestricted.
    expect((await me.auth.me.query())?.mustChangePassword).toBe(false);
    expect((await temp.client.query('customers.list')).ok).toBe(true);
    expect((await userRow(u.id)).must_change_password).toBe(false);
  });

  it('is admin-only and not for your own account', async () => {
    const u = await makeUser(env.db, 'corporate');
    for (const who of [r.corporate, r.client]) {
      const res = await who.client.mutation('users.resetPassword', { id: u.id });
      expect(!res.ok && res.error.data.code).toBe('FORBIDDEN');
    }
    const own = await r.admin.client.mutation('users.resetPassword', { id: r.admin.user.id });
    expect(!own.ok && own.error.data.fieldErrors?.id?.[0]).toMatch(/user menu/);
    const [after, self] = [await userRow(u.id), await userRow(r.admin.user.id)];
    expect([after.must_change_password, after.version, self.must_change_password]).toEqual([false, 1, false]);
  });
});

describe('roles, re-enabling, search and last sign-in', () => {
  it('an admin changes another user’s role but never their own', async () => {
    const other = await makeUser(env.db, 'admin'); // so the last-admin rule is not what refuses
    const u = await makeUser(env.db, 'corporate');
    const promoted = await admin.users.update.mutate({ id: u.id, version: 1, role: 'admin' });
    expect(promoted.role).toBe('admin');
    const self = await userRow(r.admin.user.id);
    await expect(
      admin.users.update.mutate({ id: self.id, version: self.version, role: 'corporate' }),
    ).rejects.toMatchObject({ data: { code: 'PRECONDITION_FAILED' }, message: /your own role/ });
    expect((await userRow(self.id)).role).toBe('admin');
    // Renaming yourself is still fine.
    await admin.users.update.mutate({ id: self.id, version: self.version, name: 'Ada Admin' });
    expect(other.role).toBe('admin');
  });

  it('a disabled user is re-enabled and can sign in again', async () => {
    const u = await makeUser(env.db, 'corporate');
    await admin.users.disable.mutate({ id: u.id });
    await expect(signIn(env.app, u.email)).rejects.toThrow(/401/);
    const enabled = await admin.users.enable.mutate({ id: u.id });
    expect(enabled.disabledAt).toBeNull();
    expect((await signIn(env.app, u.email)).cookie).toBeTruthy();
    expect((await auditRows(env.db, 'user.enabled')).map((a) => a.entity_id)).toContain(u.id);
    const corp = await r.corporate.client.mutation('users.enable', { id: u.id });
    expect(!corp.ok && corp.error.data.code).toBe('FORBIDDEN');
  });

  it('searches by name or email, case-insensitively, with LIKE characters taken literally', async () => {
    const u = await makeUser(env.db, 'corporate', { email: 'zelda_100%@search.example' });
    await env.db.updateTable('users').set({ name: 'Zelda Quartermain' }).where('id', '=', u.id).execute();
    const byName = await admin.users.list.query({ search: 'QUARTERM' });
    expect(byName.items.map((x) => x.id)).toEqual([u.id]);
    expect((await admin.users.list.query({ search: '_100%@' })).items.map((x) => x.id)).toEqual([u.id]);
    expect((await admin.users.list.query({ search: '%' })).items.map((x) => x.id)).toEqual([u.id]);
    expect((await admin.users.list.query({ search: 'no-such-person' })).items).toEqual([]);
  });

  it('records the last sign-in without counting it as an edit', async () => {
    const u = await makeUser(env.db, 'corporate');
    expect((await admin.users.list.query({ search: u.email })).items[0]?.lastSignInAt).toBeNull();
    env.clock.advance(60_000);
    await signIn(env.app, u.email);
    const [listed] = (await admin.users.list.query({ search: u.email })).items;
    expect([listed?.lastSignInAt, listed?.version]).toEqual([env.clock.now().toISOString(), 1]);
  });
});

describe('changing your own password', () => {
  it('a wrong current password is refused and nothing is written', async () => {
    const u = await makeUser(env.db, 'corporate');
    const s = await signIn(env.app, u.email);
    const before = await userRow(u.id);
    const res = await s.client.mutation('auth.changePassword', {
      currentPassword: 'not-my-password-at-all',
      newPassword: 'a-brand-new-passphrase',
    });
    expect(!res.ok && res.error.data.fieldErrors?.currentPassword?.[0]).toMatch(/not correct/);
    const after = await userRow(u.id);
    expect([after.password_hash, after.version]).toEqual([before.password_hash, before.version]);
    expect((await auditRows(env.db, 'auth.password_changed')).filter((a) => a.entity_id === u.id)).toEqual([]);
  });

  it('ends the user’s other sessions and keeps the current one', async () => {
    const u = await makeUser(env.db, 'client', { customerId: r.ownCustomer.id });
    const here = await signIn(env.app, u.email);
    const elsewhere = await signIn(env.app, u.email);
    await typedApi(env.app, { cookie: here.cookie }).auth.changePassword.mutate({
      currentPassword: PASSWORD,
      newPassword: 'a-brand-new-passphrase',
    });
    expect((await here.client.query('kyc.list', { customerId: r.ownCustomer.id })).ok).toBe(true);
    expect(codeOf(await elsewhere.client.query('kyc.list', { customerId: r.ownCustomer.id }))).toBe('UNAUTHORIZED');
  });
});
