import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, client, makeUser, PASSWORD, setupTestEnv, signIn, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv({
    session: { idleMinutes: 1, maxHours: 12 },
    allowedOrigins: ['https://partner.example.com/'],
  });
});
afterAll(async () => {
  await env?.handle.close();
});

/** Lets the throttle windows of one test run out before the next. */
function leaveThrottleWindow() {
  env.clock.advance(15 * 60_000 + 1000);
}

function login(email: string, password: string, ip: string) {
  return client(env.app, { ip }).mutation('auth.login', { email, password });
}

describe('sign-in throttling beyond auth.login', () => {
  it('counts a wrong current password in auth.changePassword toward the throttle, and audits it', async () => {
    const user = await makeUser(env.db, 'corporate');
    const s = await signIn(env.app, user.email, PASSWORD, '10.30.0.1');
    for (let i = 0; i < 10; i++) {
      const wrong = await s.client.mutation('auth.changePassword', {
        currentPassword: `guess-number-${i}-wrong`,
        newPassword: 'a-completely-new-passphrase',
      });
      expect(!wrong.ok && wrong.error.data.fieldErrors?.currentPassword).toBeTruthy();
    }
    const failed = (await auditRows(env.db, 'auth.password_change_failed')).filter((e) => e.entity_id === user.id);
    expect(failed).toHaveLength(10);
    expect(failed[0]).toMatchObject({ actor_user_id: user.id, client_ip: '10.30.0.1' });

    // The account is now throttled: the right current password and a sign-in elsewhere both wait.
    const blocked = await s.client.mutation('auth.changePassword', {
      currentPassword: PASSWORD,
      newPassword: 'a-completely-new-passphrase',
    });
    expect(!blocked.ok && [blocked.status, blocked.error.data.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const signInBlocked = await login(user.email, PASSWORD, '10.30.0.2');
    expect(!signInBlocked.ok && signInBlocked.status).toBe(429);
    const throttled = (await auditRows(env.db, 'auth.login_throttled')).filter((e) => e.entity_id === user.id);
    expect(throttled.map((e) => (e.changes as { via: string }).via)).toEqual(['changePassword', 'login']);
    leaveThrottleWindow();
  });

  it('audits a throttled sign-in', async () => {
    const user = await makeUser(env.db, 'corporate');
    for (let i = 0; i < 10; i++) await login(user.email, 'wrong-password-again', `10.31.${i}.1`);
    const blocked = await login(user.email, PASSWORD, '10.31.99.1');
    expect(!blocked.ok && blocked.status).toBe(429);
    const rows = (await auditRows(env.db, 'auth.login_throttled')).filter((e) => e.entity_id === user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ client_ip: '10.31.99.1', changes: { email: user.email } });
    // Nothing else was written for the throttled attempt: no session, no extra failure.
    const failures = (await auditRows(env.db, 'auth.login_failed')).filter((e) => e.entity_id === user.id);
    expect(failures).toHaveLength(10);
    leaveThrottleWindow();
  });
});

describe('session lifetime', () => {
  it('keeps a session in steady use alive past the idle window, writing last_seen_at only now and then', async () => {
    const user = await makeUser(env.db, 'corporate');
    const s = await signIn(env.app, user.email, PASSWORD, '10.32.0.1');
    const lastSeen = () =>
      env.db
        .selectFrom('sessions')
        .select('last_seen_at')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow()
        .then((r) => r.last_seen_at.getTime());
    const signedInAt = await lastSeen();
    // With SESSION_IDLE_MINUTES=1, a request every 10 s for 2 minutes.
    for (let i = 1; i <= 12; i++) {
      env.clock.advance(10_000);
      const me = await s.client.query('auth.me');
      expect(me.ok && me.data?.id, `request at ${i * 10} s`).toBe(user.id);
      if (i === 1) expect(await lastSeen()).toBe(signedInAt); // not every request writes
    }
    expect(await lastSeen()).toBeGreaterThan(signedInAt + 60_000);
    // Idle for longer than the window: the session ends.
    env.clock.advance(61_000);
    const gone = await s.client.query('auth.me');
    expect(gone.ok && gone.data).toBeNull();
  });
});

describe('origin check', () => {
  const post = (headers: Record<string, string>) =>
    env.app.request('/trpc/auth.logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: 'null',
    });

  it('compares scheme, host and port exactly', async () => {
    const overHttps = { 'x-forwarded-proto': 'https', host: 'app.example.com' };
    expect((await post({ ...overHttps, origin: 'https://app.example.com' })).status).toBe(200);
    expect((await post({ ...overHttps, origin: 'http://app.example.com' })).status).toBe(403);
    expect((await post({ ...overHttps, origin: 'https://app.example.com:8443' })).status).toBe(403);
    expect((await post({ ...overHttps, origin: 'https://evil.app.example.com' })).status).toBe(403);
    expect((await post({ ...overHttps, origin: 'https://app.example.com/' })).status).toBe(403);

    const overHttp = { host: 'localhost:3000' };
    expect((await post({ ...overHttp, origin: 'http://localhost:3000' })).status).toBe(200);
    expect((await post({ ...overHttp, origin: 'https://localhost:3000' })).status).toBe(403);
    expect((await post({ ...overHttp, origin: 'http://localhost:4000' })).status).toBe(403);
    expect((await post({ ...overHttp, origin: 'http://localhost' })).status).toBe(403);
  });

  it('accepts a configured origin however ALLOWED_ORIGINS spells it, and only that one', async () => {
    const headers = { 'x-forwarded-proto': 'https', host: 'app.example.com' };
    expect((await post({ ...headers, origin: 'https://partner.example.com' })).status).toBe(200);
    expect((await post({ ...headers, origin: 'http://partner.example.com' })).status).toBe(403);
    expect((await post({ ...headers, origin: 'https://partner.example.com:444' })).status).toBe(403);
  });
});

describe('session cookie over https', () => {
  const https = (path: string, init: { cookie?: string; body?: string } = {}) =>
    env.app.request(path, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '10.33.0.1',
        host: 'app.example.com',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json', origin: 'https://app.example.com' }),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
      body: init.body,
    });
  const me = async (res: Response) => ((await res.json()) as { result: { data: { id: string } | null } }).result.data;

  it('is __Host- prefixed (Secure, Path=/, no Domain), and only that name is read over https', async () => {
    const user = await makeUser(env.db, 'corporate');
    const res = await https('/trpc/auth.login', { body: JSON.stringify({ email: user.email, password: PASSWORD }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^__Host-cm_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
    );
    expect(setCookie).not.toMatch(/domain=/i);
    const cookie = setCookie.split(';')[0]!;
    const token = cookie.split('=')[1]!;

    expect(await me(await https('/trpc/auth.me', { cookie }))).toMatchObject({ id: user.id });
    // The unprefixed name could have been planted by a plain-http page or a sibling subdomain.
    expect(await me(await https('/trpc/auth.me', { cookie: `cm_session=${token}` }))).toBeNull();
    // Over plain http the prefixed cookie is not the session cookie either.
    const plain = await env.app.request('/trpc/auth.me', { headers: { cookie } });
    expect(await me(plain)).toBeNull();

    const out = await https('/trpc/auth.logout', { cookie, body: 'null' });
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-cm_session=; Path=\/; .*Max-Age=0; Secure$/);
    expect(await me(await https('/trpc/auth.me', { cookie }))).toBeNull();
  });
});
