import { createHash } from 'node:crypto';
import { createDb, type DbHandle } from '@cm/db';
import type { Permission } from '@cm/domain';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { auditRows, makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv, typedApi } from './helpers';
import { upload } from './uploads';

/** SPEC §13: API tokens — a permission subset, expiry, revocation on every instance, bearer rules. */
let env: TestEnv;
let roles: Awaited<ReturnType<typeof signedInRoles>>;
let admin: ReturnType<typeof typedApi>;
/** A second API instance on the same database (its own pool on PostgreSQL). */
let appB: ReturnType<typeof createApp>;
let second: DbHandle | undefined;

beforeAll(async () => {
  env = await setupTestEnv({ uploadRateLimit: { limit: 2, windowMs: 10 * 60_000 } });
  roles = await signedInRoles(env);
  admin = typedApi(env.app, { cookie: roles.admin.cookie });
  const url = (env.handle as DbHandle & { url?: string }).url;
  if (url) second = await createDb({ kind: 'postgres', url, poolMax: 2 });
  appB = createApp({ ...env.deps, db: second?.db ?? env.db });
});
afterAll(async () => {
  await second?.close();
  await env?.handle.close();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (err instanceof TRPCClientError) return (err.data as { code: string }).code;
    throw err;
  }
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCClientError)
      return err as TRPCClientError<any> & { data: { code: string; fieldErrors?: Record<string, string[]> } };
  }
  throw new Error('expected the call to fail');
}

const tokenCount = async () =>
  (await env.db.selectFrom('api_tokens').select(env.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;

function newToken(permissions: Permission[], by = admin, name = `token ${permissions.join(' ')}`) {
  return by.apiTokens.create.mutate({ name, permissions });
}

let n = 0;
const newCustomerInput = () => {
  n += 1;
  return { type: 'business' as const, companyName: `Token Co ${n}`, email: `token${n}@co.example`, country: 'GB' };
};

describe('a token acts with exactly its permissions', () => {
  it('allows the calls in its subset and refuses the rest with FORBIDDEN, audited with the token', async () => {
    const { token, secret } = await newToken(['customers:view', 'documents:view']);
    const api = typedApi(env.app, { token: secret });
    const page = await api.customers.list.query();
    expect(page.items.map((c) => c.id)).toContain(roles.ownCustomer.id);
    expect(await codeOf(api.customers.create.mutate(newCustomerInput()))).toBe('FORBIDDEN');
    const denied = (await auditRows(env.db, 'permission.denied')).at(-1)!;
    expect(denied).toMatchObject({
      api_token_id: token.id,
      actor_user_id: roles.admin.user.id,
      entity_id: 'customers.create',
    });
    // The HTTP upload route reads the same token: documents:upload is not in the subset.
    const res = await upload(env, `/api/customers/${roles.ownCustomer.id}/documents`, {
      headers: { authorization: `Bearer ${secret}` },
      fields: { category: 'other' },
      file: { name: 'note.txt', bytes: Buffer.from('not allowed') },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('FORBIDDEN');
  });

  it('records itself on the audit rows it causes, with the creating admin as actor', async () => {
    const { token, secret } = await newToken(['customers:create', 'documents:upload']);
    const created = await typedApi(env.app, { token: secret }).customers.create.mutate(newCustomerInput());
    const row = (await auditRows(env.db, 'customer.created')).find((r) => r.entity_id === created.id)!;
    expect(row).toMatchObject({ api_token_id: token.id, actor_user_id: roles.admin.user.id, actor_role: 'admin' });
    const up = await upload(env, `/api/customers/${created.id}/documents`, {
      headers: { authorization: `Bearer ${secret}` },
      fields: { category: 'other' },
      file: { name: 'contract.txt', bytes: Buffer.from('signed by a token') },
    });
    expect(up.status).toBe(201);
    const uploaded = (await auditRows(env.db, 'document.uploaded')).find((r) => r.entity_id === up.json.id)!;
    expect(uploaded.api_token_id).toBe(token.id);
    // The console's audit log names the token.
    const trail = await admin.audit.list.query({ customerId: created.id });
    expect(trail.items.find((e) => e.action === 'customer.created')).toMatchObject({
      apiTokenId: token.id,
      apiTokenName: token.name,
    });
  });

  it('narrows to what its creator holds now, and never acts as a client of a customer', async () => {
    const owner = await makeUser(env.db, 'admin');
    const ownerApi = typedApi(env.app, { cookie: (await signIn(env.app, owner.email)).cookie });
    const { secret } = await newToken(['customers:view', 'customers:delete'], ownerApi);
    const api = typedApi(env.app, { token: secret });
    const target = await admin.customers.create.mutate(newCustomerInput());
    await env.db.updateTable('users').set({ role: 'corporate' }).where('id', '=', owner.id).execute();
    expect(await codeOf(api.customers.delete.mutate({ id: target.id }))).toBe('FORBIDDEN');
    expect(await codeOf(api.customers.list.query())).toBe('OK');
    await env.db
      .updateTable('users')
      .set({ role: 'client', customer_id: roles.ownCustomer.id })
      .where('id', '=', owner.id)
      .execute();
    expect(await codeOf(api.customers.list.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(api.kyc.list.query({ customerId: roles.ownCustomer.id }))).toBe('UNAUTHORIZED');
  });

  it('cannot be created with permissions its creator lacks (nothing written)', async () => {
    // A token-authenticated admin holds only its token's permissions.
    const { secret } = await newToken(['tokens:manage', 'customers:view']);
    const viaToken = typedApi(env.app, { token: secret });
    const before = await tokenCount();
    const err = await errorOf(newToken(['customers:view', 'customers:delete'], viaToken));
    expect(err.data.code).toBe('BAD_REQUEST');
    expect(err.data.fieldErrors?.permissions?.[0]).toMatch(/customers:delete/);
    expect(await tokenCount()).toBe(before);
    expect((await newToken(['customers:view'], viaToken)).token.permissions).toEqual(['customers:view']);
  });

  it('is not a session: no password change, no "me"', async () => {
    const { secret } = await newToken(['customers:view']);
    const api = typedApi(env.app, { token: secret });
    expect(await api.auth.me.query()).toBeNull();
    expect(
      await codeOf(api.auth.changePassword.mutate({ currentPassword: 'x', newPassword: 'another-long-passphrase' })),
    ).toBe('UNAUTHORIZED');
  });
});

describe('token lifecycle', () => {
  it('stores only the SHA-256 of the secret, and answers the secret only at creation', async () => {
    const { token, secret } = await newToken(['customers:view']);
    expect(secret).toMatch(/^cm_[A-Za-z0-9_-]{43}$/);
    const row = await env.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(3));
    const listed = await admin.apiTokens.list.query({ limit: 100 });
    expect(JSON.stringify(listed)).not.toContain(secret.slice(3));
    expect(JSON.stringify(listed)).not.toContain(row.token_hash);
    const audit = (await auditRows(env.db, 'apiToken.created')).find((r) => r.entity_id === token.id)!;
    expect(JSON.stringify(audit)).not.toContain(secret.slice(3));
    expect(audit.actor_user_id).toBe(roles.admin.user.id);
  });

  it('stops working once expired (UNAUTHORIZED); an expiry in the past is refused', async () => {
    const { token, secret } = await admin.apiTokens.create.mutate({
      name: 'short lived',
      permissions: ['customers:view'],
      expiresAt: new Date(env.clock.now().getTime() + 3600_000).toISOString(),
    });
    const api = typedApi(env.app, { token: secret });
    expect(await codeOf(api.customers.list.query())).toBe('OK');
    await env.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(env.clock.now().getTime() - 1000) })
      .where('id', '=', token.id)
      .execute();
    expect(await codeOf(api.customers.list.query())).toBe('UNAUTHORIZED');
    const listed = await admin.apiTokens.list.query({ limit: 100 });
    expect(listed.items.find((t) => t.id === token.id)?.status).toBe('expired');
    const before = await tokenCount();
    const err = await errorOf(
      admin.apiTokens.create.mutate({
        name: 'already over',
        permissions: ['customers:view'],
        expiresAt: new Date(env.clock.now().getTime() - 60_000).toISOString(),
      }),
    );
    expect(err.data.fieldErrors?.expiresAt).toBeDefined();
    expect(await tokenCount()).toBe(before);
  });

  it('revoked on one instance is refused on the next request on another', async () => {
    const { token, secret } = await newToken(['customers:view']);
    const onB = typedApi(appB, { token: secret });
    expect(await codeOf(onB.customers.list.query())).toBe('OK');
    const revoked = await admin.apiTokens.revoke.mutate({ id: token.id });
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect(await codeOf(onB.customers.list.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(typedApi(env.app, { token: secret }).customers.list.query())).toBe('UNAUTHORIZED');
    const audit = (await auditRows(env.db, 'apiToken.revoked')).filter((r) => r.entity_id === token.id);
    expect(audit).toHaveLength(1);
    // Revoking again changes nothing and writes no second row.
    await admin.apiTokens.revoke.mutate({ id: token.id });
    expect((await auditRows(env.db, 'apiToken.revoked')).filter((r) => r.entity_id === token.id)).toHaveLength(1);
    expect(await codeOf(admin.apiTokens.revoke.mutate({ id: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('records last use at most once a minute', async () => {
    const { token, secret } = await newToken(['customers:view']);
    const api = typedApi(env.app, { token: secret });
    const lastUsed = async () =>
      (
        await env.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('id', '=', token.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    expect(await lastUsed()).toBeNull();
    await api.customers.list.query();
    const first = await lastUsed();
    expect(first?.getTime()).toBe(env.clock.now().getTime());
    env.clock.advance(30_000);
    await api.customers.list.query();
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
    env.clock.advance(31_000);
    await api.customers.list.query();
    expect((await lastUsed())?.getTime()).toBe(env.clock.now().getTime());
  });

  it('an unknown or malformed token is UNAUTHORIZED', async () => {
    for (const secret of [`cm_${'A'.repeat(43)}`, 'not-a-token']) {
      expect(await codeOf(typedApi(env.app, { token: secret }).customers.list.query())).toBe('UNAUTHORIZED');
    }
    const res = await env.app.request(`/api/customers/${roles.ownCustomer.id}/documents`, {
      method: 'POST',
      headers: { authorization: 'Basic YWRtaW46cGFzcw==' },
    });
    expect(res.status).toBe(401);
  });
});

describe('bearer and cookie requests', () => {
  it('a bearer mutation with a foreign Origin works; a cookie one is refused and writes nothing', async () => {
    const { secret } = await newToken(['customers:create']);
    const foreign = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const input = newCustomerInput();
    const created = await typedApi(env.app, { token: secret, headers: foreign }).customers.create.mutate(input);
    expect(created.email).toBe(input.email);
    const other = newCustomerInput();
    const res = await env.app.request('/trpc/customers.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: roles.admin.cookie, ...foreign },
      body: JSON.stringify(other),
    });
    expect(res.status).toBe(403);
    const found = await env.db.selectFrom('customers').select('id').where('email', '=', other.email).execute();
    expect(found).toHaveLength(0);
  });

  it('a request carrying a bearer header ignores the cookie: a bad token with a valid cookie is UNAUTHORIZED', async () => {
    const api = typedApi(env.app, { token: `cm_${'B'.repeat(43)}`, cookie: roles.admin.cookie });
    expect(await codeOf(api.customers.list.query())).toBe('UNAUTHORIZED');
  });

  it('tokens are rate-limited on their own, like users', async () => {
    const [a, b] = [await newToken(['documents:upload']), await newToken(['documents:upload'])];
    const send = (secret: string, i: number) =>
      upload(env, `/api/customers/${roles.ownCustomer.id}/documents`, {
        headers: { authorization: `Bearer ${secret}` },
        fields: { category: 'other' },
        file: { name: `r${i}.txt`, bytes: Buffer.from(`rate ${i}`) },
      });
    expect((await send(a.secret, 1)).status).toBe(201);
    expect((await send(a.secret, 2)).status).toBe(201);
    const over = await send(a.secret, 3);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    expect((await send(b.secret, 4)).status).toBe(201);
  });
});

describe('who may manage tokens', () => {
  it('corporate and client get FORBIDDEN, no session UNAUTHORIZED, and nothing is written', async () => {
    const { token } = await newToken(['customers:view']);
    const before = await tokenCount();
    for (const who of [roles.corporate, roles.client]) {
      const api = typedApi(env.app, { cookie: who.cookie });
      expect(await codeOf(api.apiTokens.list.query())).toBe('FORBIDDEN');
      expect(await codeOf(newToken(['customers:view'], api))).toBe('FORBIDDEN');
      expect(await codeOf(api.apiTokens.revoke.mutate({ id: token.id }))).toBe('FORBIDDEN');
    }
    expect(await codeOf(typedApi(env.app).apiTokens.list.query())).toBe('UNAUTHORIZED');
    expect(await tokenCount()).toBe(before);
    const row = await env.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it('bad input is BAD_REQUEST with a field message, and nothing is written', async () => {
    const before = await tokenCount();
    const cases: [unknown, string][] = [
      [{ name: '   ', permissions: ['customers:view'] }, 'name'],
      [{ name: 'x', permissions: ['customers:fly'] }, 'permissions'],
      [{ name: 'x', permissions: [] }, 'permissions'],
      [{ name: 'x', permissions: ['customers:view'], expiresAt: 'tomorrow' }, 'expiresAt'],
    ];
    for (const [input, field] of cases) {
      const err = await errorOf(admin.apiTokens.create.mutate(input as never));
      expect(err.data.code).toBe('BAD_REQUEST');
      expect(Object.keys(err.data.fieldErrors ?? {}).join()).toContain(field);
    }
    expect(await tokenCount()).toBe(before);
    expect(await codeOf(admin.apiTokens.revoke.mutate({ id: 'nope' }))).toBe('BAD_REQUEST');
  });

  it('lists newest first with keyset pages', async () => {
    env.clock.advance(1000);
    await newToken(['customers:view'], admin, 'page one');
    env.clock.advance(1000);
    await newToken(['customers:view'], admin, 'page two');
    const first = await admin.apiTokens.list.query({ limit: 1 });
    expect(first.items[0]?.name).toBe('page two');
    const next = await admin.apiTokens.list.query({ limit: 1, cursor: first.nextCursor });
    expect(next.items[0]?.name).toBe('page one');
  });
});
