import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppEnv, requestContext } from '../src/middleware/request-context';
import { securityHeaders } from '../src/middleware/security-headers';
import { sessionUser } from '../src/middleware/session';
import { directQueryOf, procedurePathOf, searchOf, trpcHandler } from '../src/trpc/http-handler';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';

/**
 * A single GET query is answered without tRPC's resolver (http-handler.ts): every answer must be the
 * resolver's, byte for byte, header for header. Two mounts over the same database and middleware,
 * one with the direct path and one without, get the same requests.
 */
let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let direct: Hono<AppEnv>;
let generic: Hono<AppEnv>;
/** Whether the direct mount took its direct path for the last request. */
let tookDirect = false;

function mount(directQueries: boolean) {
  const app = new Hono<AppEnv>();
  app.use(requestContext(env.deps.config));
  app.use(securityHeaders(env.deps.draining));
  app.use('/trpc/*', sessionUser(env.deps));
  const handler = trpcHandler(env.deps, { directQueries });
  app.all('/trpc/*', (c) => {
    if (directQueries)
      tookDirect = directQueryOf(c, procedurePathOf(c.req.url), new URLSearchParams(searchOf(c.req.url))) !== null;
    return handler(c);
  });
  return app;
}

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  direct = mount(true);
  generic = mount(false);
});
afterAll(async () => {
  await env?.handle.close();
});

async function both(url: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const h = { 'x-request-id': 'req-1', 'x-forwarded-for': '10.0.0.9', ...headers };
  const a = await direct.request(url, { ...init, headers: h });
  const took = tookDirect;
  const b = await generic.request(url, { ...init, headers: h });
  const answer = async (res: Response) => {
    const headers: [string, string][] = [];
    res.headers.forEach((value, name) => {
      headers.push([name, value]);
    });
    return { status: res.status, headers, body: await res.text() };
  };
  return { direct: await answer(a), generic: await answer(b), took };
}

const q = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

describe('single GET queries answered directly', () => {
  it('answer exactly as tRPC does: success, input errors, auth errors, not found', async () => {
    const admin = { cookie: r.admin.cookie };
    const client = { cookie: r.client.cookie };
    const own = r.ownCustomer.id;
    const missing = '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const cases: [string, Record<string, string>, string][] = [
      [`/trpc/customers.byId${q({ id: own })}`, admin, 'success'],
      [`/trpc/customers.byId${q({ id: own })}`, client, 'client role without customers:view'],
      ['/trpc/auth.me', admin, 'no input'],
      ['/trpc/auth.me', {}, 'no input, anonymous'],
      [`/trpc/customers.byId${q({ id: 'not-a-uuid' })}`, admin, 'schema error'],
      ['/trpc/customers.byId?input=%7Bnot-json', admin, 'unreadable JSON'],
      ['/trpc/customers.byId?input=', admin, 'empty input'],
      ['/trpc/customers.byId', admin, 'missing input'],
      [`/trpc/customers.byId${q({ id: own })}`, {}, 'no session'],
      [`/trpc/customers.byId${q({ id: own })}`, { cookie: 'cm_session=forged' }, 'unknown session'],
      [`/trpc/users.list${q({})}`, client, 'permission missing'],
      [`/trpc/audit.list${q({})}`, { cookie: r.corporate.cookie }, 'role not allowed'],
      [`/trpc/customers.byId${q({ id: missing })}`, admin, 'not found'],
      [`/trpc/customers.byId${q({ id: missing })}`, client, 'not found, client role'],
      [`/trpc/customers.byId${q({ id: own })}&x=1#frag`, admin, 'extra parameter and fragment'],
      [`/trpc/customers.byId${q({ id: own })}&batch=0`, admin, 'batch other than 1'],
      [`/trpc/customers.byId${q({ id: own })}`.replace('input', '%69nput'), admin, 'encoded parameter name'],
    ];
    for (const [url, headers, what] of cases) {
      const res = await both(url, headers);
      expect([what, res.took]).toEqual([what, true]);
      expect([what, res.direct]).toEqual([what, res.generic]);
    }
    // Over https (HSTS, the `__Host-` cookie) and while shutting down (`Connection: close`).
    const https = await both(`/trpc/auth.me`, { 'x-forwarded-proto': 'https' });
    expect(https.direct).toEqual(https.generic);
    expect(https.direct.headers).toContainEqual(['strict-transport-security', expect.any(String)]);
    env.deps.draining!.value = true;
    try {
      const closing = await both(`/trpc/customers.byId${q({ id: own })}`, admin);
      expect(closing.direct).toEqual(closing.generic);
      expect(closing.direct.headers).toContainEqual(['connection', 'close']);
    } finally {
      env.deps.draining!.value = false;
    }
    // The refusals were audited alike by both paths (one row each, naming the operation).
    const denied = (await auditRows(env.db, 'permission.denied')).map((a) => a.entity_id);
    const byId = 'customers.byId';
    expect(denied).toEqual([byId, byId, 'users.list', 'users.list', 'audit.list', 'audit.list', byId, byId]);
  });

  it('leave everything else to tRPC, with the same answers', async () => {
    const admin = { cookie: r.admin.cookie };
    const own = r.ownCustomer.id;
    const cases: [string, Record<string, string>, string, RequestInit?][] = [
      [
        `/trpc/customers.byId,auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: own } }))}`,
        admin,
        'batch',
      ],
      [
        `/trpc/customers.byId?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: own } }))}`,
        admin,
        'batch of one',
      ],
      [`/trpc/customers.byId${q({ id: own })}`, { ...admin, 'trpc-accept': 'application/jsonl' }, 'stream asked'],
      [`/trpc/customers.byId${q({ id: own })}`, { ...admin, accept: 'application/jsonl' }, 'jsonl accepted'],
      [
        `/trpc/customers.byId${q({ id: own })}`,
        { ...admin, 'content-type': 'application/octet-stream' },
        'content type',
      ],
      [
        `/trpc/customers.byId?%62atch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: own } }))}`,
        admin,
        'encoded batch',
      ],
      ['/trpc/customers.nope', admin, 'unknown procedure'],
      ['/trpc/customers%2EbyId', admin, 'encoded path'],
      ['/trpc/auth.logout', admin, 'mutation over GET'],
    ];
    for (const [url, headers, what, init] of cases) {
      const res = await both(url, headers, init);
      expect([what, res.took]).toEqual([what, false]);
      expect([what, res.direct]).toEqual([what, res.generic]);
    }
  });

  it('the full app answers a direct call with every header the middleware adds', async () => {
    const res = await env.app.request(`/trpc/customers.byId${q({ id: r.ownCustomer.id })}`, {
      headers: { cookie: r.admin.cookie, 'x-request-id': 'req-2' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-2');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(((await res.json()) as { result: { data: { id: string } } }).result.data.id).toBe(r.ownCustomer.id);
  });
});
