import { createDb, type DbHandle } from '@cm/db';
import { testKeys } from '@cm/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { defaultConfig } from '../src/config';
import type { AppDeps } from '../src/deps';
import { client, makeUser, PASSWORD, setupTestEnv, signIn, type TestEnv } from './helpers';

/** SPEC §11: two API instances, each with its own pool, against one PostgreSQL. */
let env: TestEnv;
let second: DbHandle;
let appB: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await setupTestEnv();
  const url = (env.handle as DbHandle & { url?: string }).url!;
  second = await createDb({ kind: 'postgres', url, poolMax: 3, masterKeys: testKeys() });
  const depsB: AppDeps = {
    db: second.db,
    dbKind: 'postgres',
    config: { ...defaultConfig, trustProxy: true },
    logger: pino({ level: 'silent' }),
    storage: env.deps.storage,
    now: env.clock.now,
  };
  appB = createApp(depsB);
});
afterAll(async () => {
  await second?.close();
  await env?.handle.close();
});

describe('two instances behind a load balancer', () => {
  it('share sessions: signed in on A works on B, and logout on A revokes on B', async () => {
    const user = await makeUser(env.db, 'corporate');
    const a = await signIn(env.app, user.email);
    const onB = client(appB, { cookie: a.cookie });
    expect((await onB.query('customers.list')).ok).toBe(true);
    await a.client.mutation('auth.logout');
    expect((await onB.query('customers.list')).status).toBe(401);
  });

  it('share login throttling: failures on A block the account on B', async () => {
    const user = await makeUser(env.db, 'corporate');
    for (let i = 0; i < 10; i++) {
      const target = i % 2 ? env.app : appB;
      await client(target, { ip: `10.9.${i}.1` }).mutation('auth.login', {
        email: user.email,
        password: 'wrong-password-x',
      });
    }
    const res = await client(appB, { ip: '10.9.99.1' }).mutation('auth.login', {
      email: user.email,
      password: PASSWORD,
    });
    expect(!res.ok && res.status).toBe(429);
  });

  it('share idempotency: an upload retried on the other instance returns the first result', async () => {
    const admin = await makeUser(env.db, 'admin');
    const a = await signIn(env.app, admin.email);
    const c = await a.client.mutation('customers.create', {
      type: 'business',
      companyName: 'Idem Co',
      email: 'idem@co.example',
      country: 'GB',
    });
    if (!c.ok) throw new Error('setup');
    const send = (app: ReturnType<typeof createApp>) => {
      const form = new FormData();
      form.append('category', 'other');
      form.append('file', new Blob(['shared idempotency']), 'idem.txt');
      return app.request(`/api/customers/${c.data.id}/documents`, {
        method: 'POST',
        body: form,
        headers: { cookie: a.cookie, 'Idempotency-Key': 'cross-instance-1' },
      });
    };
    const first = await send(env.app);
    const retry = await send(appB);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(((await retry.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const rows = await env.db
      .selectFrom('customer_documents')
      .select('id')
      .where('customer_id', '=', c.data.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('see each other’s writes and version checks', async () => {
    const admin = await makeUser(env.db, 'admin');
    const a = await signIn(env.app, admin.email);
    const b = client(appB, { cookie: a.cookie });
    const created = await a.client.mutation('customers.create', {
      type: 'individual',
      firstName: 'Two',
      lastName: 'Instances',
      email: 'two@instances.example',
      country: 'GB',
    });
    if (!created.ok) throw new Error('setup');
    expect((await b.mutation('customers.update', { id: created.data.id, version: 1, city: 'Oslo' })).ok).toBe(true);
    const stale = await a.client.mutation('customers.update', { id: created.data.id, version: 1, city: 'Rome' });
    expect(!stale.ok && stale.error.data.code).toBe('CONFLICT');
  });
});
