import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, makeUser, setupTestEnv, signIn, type TestEnv } from './helpers';

let env: TestEnv;
let cookie: string;
let customerId: string;

beforeAll(async () => {
  env = await setupTestEnv();
  const admin = await makeUser(env.db, 'admin');
  const s = await signIn(env.app, admin.email);
  cookie = s.cookie;
  const created = await s.client.mutation('customers.create', {
    type: 'business',
    companyName: 'Batch Ltd',
    email: 'batch@test.example',
    country: 'GB',
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  customerId = created.data.id;
});
afterAll(async () => {
  await env?.handle.close();
});

const batchQuery = (n: number) => {
  const paths = Array.from({ length: n }, () => 'customers.list').join(',');
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]));
  return env.app.request(`/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie },
  });
};

const batchMutation = (n: number) => {
  const paths = Array.from({ length: n }, () => 'notes.create').join(',');
  const input = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [i, { customerId, noteType: 'general', content: `note ${i}` }]),
  );
  return env.app.request(`/trpc/${paths}?batch=1`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
};

describe('tRPC batches', () => {
  it('runs a batch of up to 20 calls', async () => {
    const res = await batchQuery(20);
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(20);
  });

  it('refuses a batch of 21 or more queries with 400 and a clear message, running none of them', async () => {
    for (const n of [21, 900]) {
      const res = await batchQuery(n);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toMatch(/at most 20/);
    }
  });

  it('refuses a batch of 200 mutations and writes nothing', async () => {
    const before = (await auditRows(env.db)).length;
    const res = await batchMutation(200);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/at most 20/);
    expect(await env.db.selectFrom('customer_notes').select('id').execute()).toHaveLength(0);
    expect((await auditRows(env.db)).length).toBe(before);
    // The same calls in batches within the cap still work.
    const ok = await batchMutation(20);
    expect(ok.status).toBe(200);
    expect(await env.db.selectFrom('customer_notes').select('id').execute()).toHaveLength(20);
  });

  it('counts percent-encoded separators too', async () => {
    const paths = Array.from({ length: 25 }, () => 'customers.list').join('%2C');
    const res = await env.app.request(`/trpc/${paths}?batch=1`, { headers: { cookie } });
    expect(res.status).toBe(400);
  });
});

describe('413 on the JSON endpoints', () => {
  it('closes the connection, declared or chunked', async () => {
    const big = JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024), password: 'x' });
    const declared = await env.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream({
      start(controller) {
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
    expect(chunked.headers.get('connection')).toBe('close');
  });
});
