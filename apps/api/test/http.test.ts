import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { router } from '../src/trpc/init';
import { appRouter } from '../src/trpc/router';
import { makeUser, setupTestEnv, signIn, type TestEnv } from './helpers';

let env: TestEnv;
let cookie: string;
beforeAll(async () => {
  env = await setupTestEnv();
  cookie = (await signIn(env.app, (await makeUser(env.db, 'admin')).email)).cookie;
});
afterAll(async () => {
  await env?.handle.close();
});

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  env.app.request(path, { method: 'POST', body, headers: { cookie, 'content-type': 'application/json', ...headers } });

describe('every procedure declares who may call it', () => {
  it('has a permission or an explicit public mark on each procedure', () => {
    const procedures = Object.entries(appRouter._def.procedures) as unknown as [string, { _def: { meta?: unknown } }][];
    expect(procedures.length).toBeGreaterThan(15);
    const missing = procedures.filter(([, p]) => {
      const meta = p._def.meta as { permission?: string; public?: boolean } | undefined;
      return !meta || (!meta.permission && meta.public !== true);
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('refuses to run a procedure without meta', async () => {
    const { procedure } = await import('../src/trpc/init');
    const bare = router({ open: procedure.query(() => 'secret') });
    const caller = bare.createCaller({
      deps: env.deps,
      user: null,
      requestId: 'r',
      clientIp: null,
      userAgent: null,
      secure: false,
      resHeaders: new Headers(),
    });
    await expect(caller.open()).rejects.toThrow();
  });
});

describe('security headers', () => {
  it('sets CSP, nosniff, Referrer-Policy on every response, and HSTS only over https', async () => {
    for (const path of ['/healthz', '/trpc/auth.me', '/nope']) {
      const res = await env.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const d of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
        expect(csp).toContain(d);
      }
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBeTruthy();
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const https = await env.app.request('/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // Served over https directly (no proxy header): the request's own scheme counts.
    const direct = await env.app.request('https://app.example.com/healthz');
    expect(direct.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const plain = await env.app.request('http://app.example.com/healthz');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('marks the session cookie Secure over https', async () => {
    const user = await makeUser(env.db, 'corporate');
    const res = await env.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: user.email, password: 'correct-horse-battery-staple' }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('takes the client IP the trusted proxy appended, not what the client claims', async () => {
    const user = await makeUser(env.db, 'corporate');
    await env.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '1.2.3.4, 203.0.113.9' },
      body: JSON.stringify({ email: user.email, password: 'wrong-password-here' }),
    });
    const row = await env.db
      .selectFrom('audit_events')
      .select('client_ip')
      .where('action', '=', 'auth.login_failed')
      .where('entity_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.client_ip).toBe('203.0.113.9');
  });

  it('echoes a request id', async () => {
    const res = await env.app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });
});

describe('cross-site requests', () => {
  const body = JSON.stringify({ type: 'business', companyName: 'Evil', email: 'evil@evil.example', country: 'GB' });

  it('refuses state changes from another origin or a cross-site fetch, and writes nothing', async () => {
    const foreign = await post('/trpc/customers.create', body, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const site = await post('/trpc/customers.create', body, { 'sec-fetch-site': 'cross-site' });
    expect(site.status).toBe(403);
    const nullOrigin = await post('/trpc/customers.create', body, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const rows = await env.db.selectFrom('customers').select('id').where('email', '=', 'evil@evil.example').execute();
    expect(rows).toHaveLength(0);
  });

  it('accepts same-origin requests', async () => {
    const same = await post('/trpc/customers.create', body, {
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
    });
    expect(same.status).toBe(200);
  });

  it('takes procedure calls only as JSON', async () => {
    const form = await post('/trpc/customers.create', 'type=business', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const text = await post('/trpc/customers.create', body, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('changes nothing on GET', async () => {
    const res = await env.app.request(`/trpc/customers.create?input=${encodeURIComponent(body)}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(405);
  });

  it('limits body size, also for chunked bodies', async () => {
    const big = JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024), password: 'x' });
    expect((await post('/trpc/auth.login', big)).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
        for (let i = 0; i < 40; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await env.app.request('/trpc/auth.login', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      // @ts-expect-error Node's fetch needs duplex for streamed bodies
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
  });
});

describe('health and errors', () => {
  it('answers /healthz and /readyz; /readyz turns 503 while draining', async () => {
    expect((await env.app.request('/healthz')).status).toBe(200);
    const ready = await env.app.request('/readyz');
    expect(ready.status).toBe(200);
    env.deps.draining!.value = true;
    const draining = await env.app.request('/readyz');
    expect(draining.status).toBe(503);
    expect(draining.headers.get('retry-after')).toBeTruthy();
    env.deps.draining!.value = false;
  });

  it('answers unknown procedures and malformed JSON without internals', async () => {
    const unknown = await env.app.request('/trpc/nope.nothing', { headers: { cookie } });
    expect(unknown.status).toBe(404);
    const bad = await post('/trpc/customers.create', '{not json');
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
  });
});
