import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { makeUser, PASSWORD, setupTestEnv, signedInRoles, signIn, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv({ uploadRateLimit: { limit: 3, windowMs: 10 * 60_000 } });
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

const docs = () => `/api/customers/${r.ownCustomer.id}/documents`;

describe('upload safety', () => {
  it('rate-limits uploads per user with Retry-After, across both upload routes', async () => {
    const user = await makeUser(env.db, 'corporate');
    const s = await signIn(env.app, user.email);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await upload(env, docs(), {
        cookie: s.cookie,
        file: { name: `n${i}.txt`, bytes: Buffer.from(`note ${i}`) },
        fields: { category: 'other' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.json.error.code).toBe('TOO_MANY_REQUESTS');
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const kyc = await upload(env, `/api/customers/${r.ownCustomer.id}/kyc`, {
      cookie: s.cookie,
      file: { name: 'b.png', bytes: fixture('bill.png') },
      fields: { documentType: 'bank_statement' },
    });
    expect(kyc.status).toBe(429);
    // Another user is not affected, and the window passes.
    const other = await upload(env, docs(), {
      cookie: r.corporate.cookie,
      file: { name: 'o.txt', bytes: Buffer.from('other user') },
      fields: { category: 'other' },
    });
    expect(other.status).toBe(201);
    env.clock.advance(10 * 60_000 + 1000);
    const s2 = await signIn(env.app, user.email);
    const later = await upload(env, docs(), {
      cookie: s2.cookie,
      file: { name: 'later.txt', bytes: Buffer.from('later') },
      fields: { category: 'other' },
    });
    expect(later.status).toBe(201);
  });

  it('replays a finished upload for a retried Idempotency-Key even once the rate limit is used up', async () => {
    const s = await signIn(env.app, (await makeUser(env.db, 'corporate')).email);
    const send = (n: number, key?: string) =>
      upload(env, docs(), {
        cookie: s.cookie,
        file: { name: `r${n}.txt`, bytes: Buffer.from(`retried upload ${n}`) },
        fields: { category: 'other' },
        headers: key ? { 'Idempotency-Key': key } : {},
      });
    expect((await send(1)).status).toBe(201);
    expect((await send(2)).status).toBe(201);
    // The third and last upload the limit allows; its answer is lost, so the client retries.
    const last = await send(3, 'retry-when-limited');
    expect(last.status).toBe(201);
    const retry = await send(3, 'retry-when-limited');
    expect([retry.status, retry.json.id]).toEqual([201, last.json.id]);
    const rows = await env.db.selectFrom('customer_documents').select('id').where('file_name', '=', 'r3.txt').execute();
    expect(rows).toHaveLength(1);
    // A new upload is still refused.
    const fresh = await send(4, 'a-new-key');
    expect([fresh.status, fresh.json.error.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
  });

  it('leaves no row and no stray file when the client dies mid-upload', async () => {
    const s = await signIn(env.app, (await makeUser(env.db, 'corporate')).email);
    const rowsBefore = (await env.db.selectFrom('customer_documents').select('id').execute()).length;
    const boundary = 'abortboundary';
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent === 0) {
          ctrl.enqueue(
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nother\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.txt"\r\n\r\n`,
            ),
          );
        } else if (sent < 5) {
          ctrl.enqueue(Buffer.alloc(32 * 1024, 0x61));
        } else {
          ctrl.error(new Error('client went away'));
        }
        sent += 1;
      },
    });
    const res = await env.app.request(docs(), {
      method: 'POST',
      body: stream,
      headers: { cookie: s.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      // @ts-expect-error Node's fetch needs duplex for streamed bodies
      duplex: 'half',
    });
    expect(res.status).toBe(400);
    expect((await env.db.selectFrom('customer_documents').select('id').execute()).length).toBe(rowsBefore);
    const tmp = (() => {
      try {
        return readdirSync(join(env.filesDir, 'tmp'));
      } catch {
        return [];
      }
    })();
    expect(tmp).toEqual([]);
  });

  it('never writes passwords or raw session tokens to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = createApp({ ...env.deps, logger: pino({ level: 'trace' }, sink) });
    const user = await makeUser(env.db, 'admin');
    const s = await signIn(app, user.email);
    await signIn(app, user.email, PASSWORD).catch(() => {});
    await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: 'a-wrong-password-123' }),
    });
    // Force an internal error to make sure error logs stay clean too.
    const db = new Proxy(env.db, {
      get(target, prop) {
        if (prop === 'transaction') {
          return () => {
            throw new Error('boom');
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const broken = createApp({ ...env.deps, db, logger: pino({ level: 'trace' }, sink) });
    await broken.request('/trpc/customers.create', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'business', companyName: 'X', email: 'x@x.example', country: 'GB' }),
    });
    const token = s.cookie.split('=')[1]!;
    const all = lines.join('\n');
    expect(all).toMatch(/boom/);
    expect(all).toMatch(/"msg":"request".*"requestId"|"requestId".*"msg":"request"/);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain('a-wrong-password-123');
    expect(all).not.toContain(token);
  });
});
