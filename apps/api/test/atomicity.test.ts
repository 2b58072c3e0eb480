/**
 * SPEC §10 "no partial writes (one transaction per use case, audit row included)" and SPEC §9
 * "Internal errors answer a generic message with the request id; details go to the log only".
 *
 * Failures are injected with a KyselyPlugin on a second app over the same database: the plugin
 * compiles each query and throws when its SQL matches, before the query reaches the database.
 */
import { Writable } from 'node:stream';
import { type KyselyPlugin, sql } from '@cm/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { auditRows, client, setupTestEnv, signedInRoles, storedFiles, type TestEnv } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let n = 0;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

const AUDIT_INSERT = /insert\s+into\s+"?audit_events"?/i;

type LogLine = { level: number; msg: string; requestId?: string; path?: string; err?: Record<string, unknown> };

/**
 * An app over the same database whose queries throw `message` when their compiled SQL matches
 * `fails`. It records every SQL text it saw (to prove the change's own write ran first) and its log.
 */
function failingApp(fails: RegExp, message = 'injected database failure') {
  const ran: string[] = [];
  const log: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) log.push(JSON.parse(line));
      cb();
    },
  });
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      const text = env.db.getExecutor().compileQuery(node, queryId).sql;
      ran.push(text);
      if (fails.test(text)) throw new Error(message);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const app = createApp({ ...env.deps, db: env.db.withPlugin(plugin), logger: pino({ level: 'info' }, sink) });
  return { app, env: { ...env, app }, ran, log };
}

/** The SQL texts ran before the first one matching `stop`. */
function before(ran: string[], stop: RegExp): string[] {
  const i = ran.findIndex((s) => stop.test(s));
  expect(i, 'the failing query ran').toBeGreaterThanOrEqual(0);
  return ran.slice(0, i);
}

/** The request id the server gave the latest request to `log`'s app (from its access-log line). */
function lastRequestId(log: LogLine[]): string {
  const line = log.findLast((l) => l.msg === 'request');
  expect(line?.requestId).toMatch(/^[\w.-]{8,}$/);
  return line!.requestId!;
}

/** A 500 whose message is generic and carries the request id, nothing internal. */
function expectGeneric500(status: number, message: string, code: string | undefined, requestId: string) {
  expect([status, code]).toEqual([500, 'INTERNAL_SERVER_ERROR']);
  expect(message).toContain(requestId);
  expect(message).not.toMatch(/injected|audit_events|insert|select|kysely|\.ts\b|\bat /i);
}

async function newCustomer(type: 'individual' | 'business' = 'individual') {
  n += 1;
  const res = await r.admin.client.mutation('customers.create', {
    type,
    ...(type === 'business' ? { companyName: `Atomic Biz ${n}` } : { firstName: 'Atomic', lastName: `Person${n}` }),
    email: `atomic${n}-${Date.now()}@example.org`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data as { id: string; version: number };
}

async function customerRow(id: string) {
  return env.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The id of the transaction that wrote the row's current version (PostgreSQL's `xmin`). */
async function writtenBy(table: string, id: string): Promise<string> {
  const res = await sql<{ x: string }>`SELECT xmin::text AS x FROM ${sql.table(table)} WHERE id = ${id}`.execute(
    env.db,
  );
  expect(res.rows, `${table} row ${id}`).toHaveLength(1);
  return res.rows[0]!.x;
}

async function auditWrittenBy(action: string, entityId: string): Promise<string> {
  const res = await sql<{ x: string }>`
    SELECT xmin::text AS x FROM audit_events WHERE action = ${action} AND entity_id = ${entityId}`.execute(env.db);
  expect(res.rows, `${action} audit row for ${entityId}`).toHaveLength(1);
  return res.rows[0]!.x;
}

let pngSeq = 0;
/** A distinct valid PNG each call, so uploads never collide on content. */
function uniquePng(): Uint8Array {
  pngSeq += 1;
  return Buffer.concat([fixture('bill.png'), Buffer.from(`atomic-${pngSeq}-${Math.random()}`)]);
}
const kycFields = () => ({ documentType: 'bank_statement', issuedAt: dayFrom(env.clock.now(), -10) });

describe('no partial writes: when the audit insert fails, its change is rolled back (SPEC §10)', () => {
  it('customers.create leaves no customer, no count and no audit row; the email stays free', async () => {
    const f = failingApp(AUDIT_INSERT);
    const email = `rolled-back-${Date.now()}@example.org`;
    const input = { type: 'business', companyName: 'Rolled Back Ltd', email, country: 'GB' };
    const stats = async () => {
      const res = await r.admin.client.query('customers.stats');
      if (!res.ok) throw new Error('customers.stats failed');
      return res.data;
    };
    const statsBefore = await stats();
    const auditBefore = (await auditRows(env.db)).length;

    const res = await client(f.app, { cookie: r.admin.cookie }).mutation('customers.create', input);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expectGeneric500(res.status, res.error.message, res.error.data.code, lastRequestId(f.log));
    // The customer row was written first, in the same use case, and then undone.
    expect(before(f.ran, AUDIT_INSERT).some((s) => /insert\s+into\s+"customers"/i.test(s))).toBe(true);

    const rows = await env.db.selectFrom('customers').select('id').where('email', '=', email).execute();
    expect(rows).toEqual([]);
    expect(await stats()).toEqual(statsBefore);
    expect((await auditRows(env.db)).length).toBe(auditBefore);
    // Nothing half-created holds the unique email: the same request now succeeds.
    const retry = await r.admin.client.mutation('customers.create', input);
    expect(retry.ok).toBe(true);
  });

  it('customers.update leaves the row and its version unchanged', async () => {
    const c = await newCustomer();
    const rowBefore = await customerRow(c.id);
    const f = failingApp(AUDIT_INSERT);
    const res = await client(f.app, { cookie: r.corporate.cookie }).mutation('customers.update', {
      id: c.id,
      version: c.version,
      firstName: 'Changed',
      phone: '+44 20 7946 0000',
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expectGeneric500(res.status, res.error.message, res.error.data.code, lastRequestId(f.log));
    expect(before(f.ran, AUDIT_INSERT).some((s) => /update\s+"customers"/i.test(s))).toBe(true);

    expect(await customerRow(c.id)).toEqual(rowBefore);
    expect((await auditRows(env.db, 'customer.updated')).filter((a) => a.entity_id === c.id)).toEqual([]);
    // The version was not used up: the same update applies once, as the next version.
    const retry = await r.corporate.client.mutation('customers.update', {
      id: c.id,
      version: c.version,
      firstName: 'Changed',
    });
    expect(retry.ok && [retry.data.firstName, retry.data.version]).toEqual(['Changed', c.version + 1]);
  });

  it('notes.create leaves no note', async () => {
    const c = await newCustomer();
    const f = failingApp(AUDIT_INSERT);
    const res = await client(f.app, { cookie: r.corporate.cookie }).mutation('notes.create', {
      customerId: c.id,
      noteType: 'call',
      title: 'Rolled back',
      content: 'This note must not survive its failed audit row.',
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expectGeneric500(res.status, res.error.message, res.error.data.code, lastRequestId(f.log));
    expect(before(f.ran, AUDIT_INSERT).some((s) => /insert\s+into\s+"customer_notes"/i.test(s))).toBe(true);

    const notes = await env.db.selectFrom('customer_notes').select('id').where('customer_id', '=', c.id).execute();
    expect(notes).toEqual([]);
    const listed = await r.corporate.client.query('notes.list', { customerId: c.id });
    expect(listed.ok && listed.data.items).toEqual([]);
  });

  it('a KYC upload leaves no document, no KYC status change and no stored file', async () => {
    const c = await newCustomer();
    const customerBefore = await customerRow(c.id);
    const filesBefore = storedFiles(env);
    const f = failingApp(AUDIT_INSERT);
    const bytes = uniquePng();
    const res = await upload(f.env, `/api/customers/${c.id}/kyc`, {
      cookie: r.corporate.cookie,
      file: { name: 'statement.png', bytes },
      fields: kycFields(),
    });
    const requestId = res.headers.get('x-request-id') as string;
    expect(requestId).toBe(lastRequestId(f.log));
    expectGeneric500(res.status, res.json.error?.message, res.json.error?.code, requestId);
    const ranBefore = before(f.ran, AUDIT_INSERT);
    expect(ranBefore.some((s) => /insert\s+into\s+"kyc_documents"/i.test(s))).toBe(true);
    expect(ranBefore.some((s) => /update\s+"customers"/i.test(s))).toBe(true);

    const docs = await env.db.selectFrom('kyc_documents').select('id').where('customer_id', '=', c.id).execute();
    expect(docs).toEqual([]);
    expect(await customerRow(c.id)).toEqual(customerBefore);
    expect(storedFiles(env)).toEqual(filesBefore);
    // The details went to the log, under the same request id.
    expect(f.log.find((l) => l.level >= 50 && l.requestId === requestId)?.err?.message).toMatch(/injected/);
    // Nothing half-stored blocks the same file (same SHA-256) from being uploaded again.
    const retry = await upload(env, `/api/customers/${c.id}/kyc`, {
      cookie: r.corporate.cookie,
      file: { name: 'statement.png', bytes },
      fields: kycFields(),
    });
    expect(retry.status).toBe(201);
  });

  it('a customer document upload leaves no row and no stored file', async () => {
    const c = await newCustomer('business');
    const filesBefore = storedFiles(env);
    const f = failingApp(AUDIT_INSERT);
    const res = await upload(f.env, `/api/customers/${c.id}/documents`, {
      cookie: r.corporate.cookie,
      file: { name: 'minutes.txt', bytes: Buffer.from('Minutes of a meeting that must not be half-stored.\n') },
      fields: { category: 'correspondence', title: 'Minutes' },
    });
    const requestId = res.headers.get('x-request-id') as string;
    expect(requestId).toBe(lastRequestId(f.log));
    expectGeneric500(res.status, res.json.error?.message, res.json.error?.code, requestId);
    expect(before(f.ran, AUDIT_INSERT).some((s) => /insert\s+into\s+"customer_documents"/i.test(s))).toBe(true);

    const docs = await env.db.selectFrom('customer_documents').select('id').where('customer_id', '=', c.id).execute();
    expect(docs).toEqual([]);
    expect(storedFiles(env)).toEqual(filesBefore);
    const listed = await r.corporate.client.query('documents.list', { customerId: c.id });
    expect(listed.ok && listed.data.items).toEqual([]);
  });
});

describe('the audit row is written in the same transaction as its change (SPEC §6, §10)', () => {
  it('create, update, note, KYC upload and document upload: the row and its audit row share one transaction', async () => {
    const c = await newCustomer();
    expect(await auditWrittenBy('customer.created', c.id)).toBe(await writtenBy('customers', c.id));

    const updated = await r.corporate.client.mutation('customers.update', {
      id: c.id,
      version: c.version,
      lastName: 'Renamed',
    });
    expect(updated.ok).toBe(true);
    expect(await auditWrittenBy('customer.updated', c.id)).toBe(await writtenBy('customers', c.id));

    const note = await r.corporate.client.mutation('notes.create', {
      customerId: c.id,
      noteType: 'general',
      content: 'Audited together.',
    });
    if (!note.ok) throw new Error(JSON.stringify(note.error));
    expect(await auditWrittenBy('note.created', note.data.id)).toBe(await writtenBy('customer_notes', note.data.id));

    const kyc = await upload(env, `/api/customers/${c.id}/kyc`, {
      cookie: r.corporate.cookie,
      file: { name: 'statement.png', bytes: uniquePng() },
      fields: kycFields(),
    });
    expect(kyc.status).toBe(201);
    const kycTx = await auditWrittenBy('kyc.uploaded', kyc.json.id);
    expect(kycTx).toBe(await writtenBy('kyc_documents', kyc.json.id));
    // The customer's derived KYC status changed in that same transaction.
    expect(await writtenBy('customers', c.id)).toBe(kycTx);

    const doc = await upload(env, `/api/customers/${c.id}/documents`, {
      cookie: r.corporate.cookie,
      file: { name: 'terms.txt', bytes: Buffer.from('Terms, audited together.\n') },
      fields: { category: 'contract' },
    });
    expect(doc.status).toBe(201);
    expect(await auditWrittenBy('document.uploaded', doc.json.id)).toBe(
      await writtenBy('customer_documents', doc.json.id),
    );
  });
});

describe('internal errors (SPEC §9)', () => {
  const internals = 'SELECT password_hash FROM users WHERE api_secret = $1 -- /srv/cm/apps/api/src/secret-config.ts:42';

  it('answer a generic message with the request id; the details go to the log only', async () => {
    const f = failingApp(/from\s+"customers"/i, internals);
    const c = await newCustomer();
    const calls: { path: string; url: string; init: RequestInit }[] = [
      {
        path: 'customers.byId',
        init: { headers: { cookie: r.admin.cookie } },
        url: `/trpc/customers.byId?input=${encodeURIComponent(JSON.stringify({ id: c.id }))}`,
      },
      {
        path: 'customers.create',
        init: {
          method: 'POST',
          headers: { cookie: r.admin.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'business',
            companyName: 'Crash Co',
            email: 'crash@example.org',
            country: 'GB',
          }),
        },
        url: '/trpc/customers.create',
      },
    ];
    for (const call of calls) {
      const res = await f.app.request(call.url, call.init);
      const text = await res.text();
      const body = JSON.parse(text) as { error: { message: string; data: { code: string } } };
      const requestId = lastRequestId(f.log);
      expectGeneric500(res.status, body.error.message, body.error.data.code, requestId);
      // Nothing internal in the whole body: no SQL, no path, no secret, no stack.
      for (const leak of ['SELECT', 'password_hash', 'secret', '/srv/', 'secret-config', '.ts:', 'stack', '    at ']) {
        expect(text, `${call.path} body leaks ${leak}`).not.toContain(leak);
      }
      // The details are in the log, under the same request id, with the stack.
      const logged = f.log.filter((l) => l.requestId === requestId && l.level >= 50);
      expect(logged, `${call.path} error logged`).toHaveLength(1);
      expect(logged[0]).toMatchObject({ path: call.path, err: { message: internals } });
      expect(String(logged[0]!.err?.stack)).toMatch(/\n\s+at /);
      expect(f.log.find((l) => l.msg === 'request' && l.requestId === requestId)).toMatchObject({ status: 500 });
    }
    // The crash changed nothing.
    expect(
      await env.db.selectFrom('customers').select('id').where('email', '=', 'crash@example.org').execute(),
    ).toEqual([]);
  });

  // tRPC's fetch adapter builds its own Response: the request id must still reach it.
  it('a tRPC error response carries the request id of its message in X-Request-Id', async () => {
    const f = failingApp(/from\s+"customers"/i, internals);
    const res = await f.app.request('/trpc/customers.stats', { headers: { cookie: r.admin.cookie } });
    const body = (await res.json()) as { error: { message: string } };
    expect(res.status).toBe(500);
    expect(body.error.message).toContain(lastRequestId(f.log));
    expect(res.headers.get('x-request-id')).toBe(lastRequestId(f.log));
  });
});
