import { hashToken } from '@cm/auth';
import { releaseLease, sql, tryTakeLease } from '@cm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepStaleRows } from '../src/services/sweeps';
import { makeUser, PASSWORD, setupTestEnv, signIn, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(async () => {
  await env?.handle.close();
});

const MIN = 60_000;
const HOUR = 60 * MIN;

async function seed() {
  const now = env.clock.now().getTime();
  const at = (ms: number) => new Date(now + ms);
  const user = await makeUser(env.db, 'corporate');
  const live = await signIn(env.app, user.email, PASSWORD, '10.60.0.1');
  const session = (name: string, v: { created: number; expires: number; revoked?: number }) =>
    env.db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(`${name}-${Math.random()}`),
        user_id: user.id,
        created_at: at(v.created),
        last_seen_at: at(v.created),
        expires_at: at(v.expires),
        revoked_at: v.revoked === undefined ? null : at(v.revoked),
        client_ip: null,
        user_agent: name,
      })
      .execute();
  await session('expired', { created: -13 * HOUR, expires: -HOUR });
  await session('revoked', { created: -2 * HOUR, expires: 10 * HOUR, revoked: -HOUR });
  await session('idle-but-not-expired', { created: -2 * HOUR, expires: 10 * HOUR });

  const attempt = (email: string, ago: number, succeeded: boolean) =>
    env.db
      .insertInto('login_attempts')
      .values({ email, client_ip: '10.60.0.9', succeeded, attempted_at: at(-ago) })
      .execute();
  await attempt('old@prune.example', 16 * MIN, false);
  await attempt('old@prune.example', 3 * HOUR, true);
  await attempt('recent@prune.example', 5 * MIN, false);

  // created_at is written by the database's clock, so these are aged against it.
  const key = (name: string, age: string) =>
    sql`
      INSERT INTO idempotency_keys (user_id, key, route, response_status, response_body, created_at)
      VALUES (${user.id}, ${name}, 'kyc.upload', 200, '{}'::jsonb, now() - ${age}::interval)`.execute(env.db);
  await key('stale-key', '25 hours');
  await key('fresh-key', '1 hour');

  await env.db
    .insertInto('rate_limit_hits')
    .values([
      { bucket: 'upload:gone-user', hit_at: at(-2 * 24 * HOUR) },
      { bucket: 'upload:busy-user', hit_at: at(-MIN) },
    ])
    .execute();
  return { user, live };
}

describe('pruning the tables that only grow', () => {
  it('removes dead sessions, old login attempts, stale idempotency keys and old rate-limit hits, and nothing else', async () => {
    const { user, live } = await seed();

    // Another instance holds the lease: this one leaves everything alone.
    expect(await tryTakeLease(env.db, 'sweep:stale-rows', 'other-instance', 60_000)).toBe(true);
    expect(await sweepStaleRows(env.deps)).toEqual({ ran: false });
    expect(await env.db.selectFrom('login_attempts').select('id').execute()).not.toHaveLength(0);
    await releaseLease(env.db, 'sweep:stale-rows', 'other-instance');

    const result = await sweepStaleRows(env.deps);
    expect(result).toEqual({ ran: true, sessions: 2, loginAttempts: 2, idempotencyKeys: 1, rateLimitHits: 1 });

    const sessions = await env.db
      .selectFrom('sessions')
      .select(['user_agent'])
      .where('user_id', '=', user.id)
      .orderBy('user_agent')
      .execute();
    // The signed-in session (no user agent in tests) and the one still within its lifetime remain.
    expect(sessions.map((s) => s.user_agent)).toEqual(['idle-but-not-expired', null]);
    expect((await live.client.query('auth.me')).ok).toBe(true);
    const attempts = await env.db.selectFrom('login_attempts').select('email').execute();
    expect(attempts.map((a) => a.email).sort()).toEqual(
      expect.arrayContaining(['recent@prune.example', user.email.toLowerCase()]),
    );
    expect(attempts.map((a) => a.email)).not.toContain('old@prune.example');
    const keys = await env.db.selectFrom('idempotency_keys').select('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['fresh-key']);
    const hits = await env.db.selectFrom('rate_limit_hits').select('bucket').execute();
    expect(hits.map((h) => h.bucket)).toEqual(['upload:busy-user']);

    // The lease was given back, and a second run finds nothing more to do.
    expect(await sweepStaleRows(env.deps)).toEqual({
      ran: true,
      sessions: 0,
      loginAttempts: 0,
      idempotencyKeys: 0,
      rateLimitHits: 0,
    });
  });

  it('drains more than one batch', async () => {
    const old = new Date(env.clock.now().getTime() - HOUR);
    await env.db
      .insertInto('login_attempts')
      .values(
        Array.from({ length: 2500 }, (_, i) => ({
          email: `bulk${i}@prune.example`,
          client_ip: '10.61.0.1',
          succeeded: false,
          attempted_at: old,
        })),
      )
      .execute();
    const result = await sweepStaleRows(env.deps);
    expect(result).toMatchObject({ ran: true, loginAttempts: 2500 });
    const left = await env.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_ip', '=', '10.61.0.1')
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });
});
