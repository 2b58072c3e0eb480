import { hashPassword, verifyPassword } from '@cm/auth';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { makeUser, PASSWORD, setupTestEnv, signIn, type TestEnv } from './helpers';

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/**
 * On a fast machine one argon2id check takes ~10 ms, about as long as the queries of a few
 * sign-ins, so "waited for hashes" and "waited for the sign-ins' own queries" would be hard to tell
 * apart under load. Each check here is the real one followed by a fixed wait (off the CPU, as on a
 * slower server), which makes a hash clearly longer than any query without adding CPU load.
 */
const EXTRA_HASH_MS = vi.hoisted(() => 150);
vi.mock('@cm/auth', async (importOriginal) => {
  const real = await importOriginal<typeof import('@cm/auth')>();
  const slower =
    <A extends unknown[], R>(check: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await check(...args);
      await new Promise((r) => setTimeout(r, EXTRA_HASH_MS));
      return result;
    };
  return { ...real, verifyPassword: slower(real.verifyPassword), burnPasswordCheck: slower(real.burnPasswordCheck) };
});

/**
 * On the embedded PGlite there is one connection: a password hash inside a transaction would hold
 * it for the hash time, and every other request would queue behind every sign-in. (On PostgreSQL
 * the same test mostly measures waiting for a slot in the test's small pool, so it runs on PGlite
 * only.)
 */
describe.runIf(inject('testDbKind') === 'pglite')('sign-in and other requests', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupTestEnv();
  });
  afterAll(async () => {
    await env?.handle.close();
  });

  it('10 concurrent sign-ins do not delay a concurrent customers.list by more than one hash time', async () => {
    const admin = await signIn(env.app, (await makeUser(env.db, 'admin')).email);
    const users: Awaited<ReturnType<typeof makeUser>>[] = [];
    for (let i = 0; i < 10; i++) users.push(await makeUser(env.db, 'corporate'));
    const list = () =>
      admin.client.query('customers.list', { limit: 25 }).then((r) => {
        if (!r.ok) throw new Error(JSON.stringify(r.error));
      });

    const stored = await hashPassword(PASSWORD);
    const signInAll = (tag: number) =>
      users.map((u, i) =>
        env.app.request('/trpc/auth.login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.${tag}.${i}` },
          body: JSON.stringify({ email: u.email, password: PASSWORD }),
        }),
      );
    // Warm up every path once, unmeasured.
    await list();
    await Promise.all(signInAll(99));

    // Each round measures one hash time, the list's time while ten bare hashes run (the same CPU
    // load as ten sign-ins, without any database work) and the list's time beside ten sign-ins.
    // The fastest of several rounds of each is compared, so load from other test files cannot
    // decide the outcome; what remains is the time the list waited for the database.
    const hashRuns: number[] = [];
    const underLoad: number[] = [];
    const besideSignIns: number[] = [];
    for (let round = 0; round < 5; round++) {
      hashRuns.push(await timed(() => verifyPassword(stored, PASSWORD)));

      const hashes = users.map(() => verifyPassword(stored, PASSWORD));
      await new Promise((r) => setTimeout(r, 5));
      underLoad.push(await timed(list));
      await Promise.all(hashes);

      const signIns = signInAll(round);
      // Let the sign-ins get under way (past their first queries) before the list starts.
      await new Promise((r) => setTimeout(r, 5));
      besideSignIns.push(await timed(list));
      const statuses = (await Promise.all(signIns)).map((r) => r.status);
      expect(statuses).toEqual(users.map(() => 200));
    }
    const oneHash = Math.min(...hashRuns);
    const delay = Math.min(...besideSignIns) - Math.min(...underLoad);
    expect(delay).toBeLessThan(oneHash);
  });
});
