/**
 * REST + OpenAPI (SPEC §13), driven from the served document itself: it validates as OpenAPI 3.1,
 * every documented operation answers as documented (status listed, body of the documented shape),
 * REST and tRPC give the same JSON, and errors carry the status of their code.
 */
import { randomUUID } from 'node:crypto';
import { can, type Permission } from '@cm/domain';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, signedInRoles, type TestEnv, typedApi } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

type Schema = Record<string, any>;
type Operation = {
  operationId: string;
  'x-permission': Permission;
  'x-roles'?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Schema>;
};

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let doc: Schema;
const ids = {} as Record<'customer' | 'passport' | 'statement' | 'note' | 'document' | 'ticket' | 'attachment', string>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

/** A PDF no other upload has (KYC and documents refuse the same file twice). */
let pdfSeq = 0;
const uniquePdf = () => Buffer.concat([fixture('letter.pdf'), Buffer.from(`\n%rest-${++pdfSeq}-${randomUUID()}\n`)]);

async function api(method: string, path: string, opts: { cookie?: string; json?: unknown } = {}) {
  const res = await env.app.request(path, {
    method,
    headers: {
      'x-forwarded-for': '10.0.0.1',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await res.json() : await res.arrayBuffer();
  return { status: res.status, body: body as any, type };
}

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  doc = (await api('GET', '/api/openapi.json')).body;
  const admin = typedApi(env.app, { cookie: r.admin.cookie });
  const customer = await admin.customers.create.mutate({
    type: 'individual',
    firstName: 'Rest',
    lastName: 'Walker',
    email: `walker-${randomUUID()}@test.example`,
    country: 'GB',
  });
  ids.customer = customer.id;
  const kyc = async (documentType: string, file: { name: string; bytes: Uint8Array }, extra = {}) => {
    const res = await upload(env, `/api/customers/${customer.id}/kyc`, {
      cookie: r.corporate.cookie,
      file,
      fields: { documentType, ...extra },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.json));
    return res.json.id as string;
  };
  const now = env.clock.now();
  ids.passport = await kyc(
    'passport',
    { name: 'passport.jpg', bytes: fixture('passport.jpg') },
    { expiresAt: dayFrom(now, 400), issuedAt: dayFrom(now, -400), issuingCountry: 'GB' },
  );
  const address = await kyc('proof_of_address', { name: 'letter.pdf', bytes: uniquePdf() });
  // Four eyes: the corporate user uploaded, the admin verifies.
  await admin.kyc.verify.mutate({ customerId: customer.id, documentId: address });
  ids.statement = await kyc('bank_statement', { name: 'bill.png', bytes: fixture('bill.png') });
  ids.note = (await admin.notes.create.mutate({ customerId: customer.id, noteType: 'general', content: 'Called.' })).id;
  const d = await upload(env, `/api/customers/${customer.id}/documents`, {
    cookie: r.admin.cookie,
    file: { name: 'contract.pdf', bytes: uniquePdf() },
    fields: { category: 'contract' },
  });
  ids.document = d.json.id;
  ids.ticket = (
    await admin.tickets.create.mutate({ customerId: customer.id, subject: 'Statement', type: 'question', body: 'Hi.' })
  ).id;
  const m = await upload(env, `/api/tickets/${ids.ticket}/messages`, {
    cookie: r.admin.cookie,
    file: { name: 'letter.pdf', bytes: uniquePdf() },
    fields: { kind: 'public', body: 'Attached.' },
  });
  ids.attachment = m.json.attachments[0].id;
});
afterAll(async () => {
  await env?.handle.close();
});

/** Every documented operation: `{ method, path, op }`. */
function operations() {
  return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/** `#/components/...` references, resolved in the document. */
function resolve(node: Schema): Schema {
  if (typeof node?.$ref !== 'string') return node;
  return resolve(
    (node.$ref as string)
      .slice(2)
      .split('/')
      .reduce((n: Schema, k) => n[k], doc),
  );
}

const validators = new Map<Schema, ReturnType<typeof ajv.compile>>();
/** Whether `body` has the shape the document gives for this status; the errors when it does not. */
function matchesDocumented(op: Operation, status: number, body: unknown): string | null {
  const response = op.responses[String(status)];
  if (!response) return `status ${status} is not documented (${Object.keys(op.responses).join(', ')})`;
  const content = resolve(response).content as Record<string, { schema: Schema }>;
  const json = content['application/json'];
  if (!json) return body instanceof ArrayBuffer ? null : 'expected a file';
  const schema = resolve(json.schema);
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate(body) ? null : ajv.errorsText(validate.errors);
}

/** Path parameters from the seeded records (the KYC document depends on what the call does). */
function pathFor(path: string, operationId: string, customerId = ids.customer, ticketId = ids.ticket): string {
  const kycDoc = ['kyc.reject', 'kyc.delete'].includes(operationId) ? ids.statement : ids.passport;
  return path
    .replace('/api/customers/{id}', `/api/customers/${customerId}`)
    .replace('/api/tickets/{id}', `/api/tickets/${ticketId}`)
    .replace(/\/kyc\/\{documentId\}/, `/kyc/${kycDoc}`)
    .replace(/\/documents\/\{documentId\}/, `/documents/${ids.document}`)
    .replace('{noteId}', ids.note)
    .replace('{attachmentId}', ids.attachment);
}

/** Values the schema alone cannot fill validly. */
const SAMPLES: Record<string, () => unknown> = {
  reason: () => 'Checked with the compliance team.',
  content: () => 'A note written over REST.',
  body: () => 'A message over REST.',
  subject: () => 'Opened over REST',
  status: () => 'on_hold',
  pinned: () => true,
  assigneeId: () => r.admin.user.id,
  customerId: () => ids.customer,
  // The customer is an individual (no business-only types); an identity type also needs its expiry.
  documentType: () => 'national_id',
  category: () => 'report',
};
/** Whole bodies where the fields depend on each other (an individual needs both names). */
const BODIES: Record<string, () => Schema> = {
  'customers.create': () => ({
    type: 'business',
    companyName: 'Rest Ltd',
    email: `rest-${randomUUID()}@test.example`,
    country: 'GB',
  }),
};

function sample(key: string, schema: Schema): unknown {
  if (SAMPLES[key]) return SAMPLES[key]();
  const s = schema.anyOf?.[0] ?? schema;
  if (s.enum) return s.enum[0];
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
  if (s.type === 'boolean') return true;
  return 'x';
}

/** The documented body with its required fields; `version` is what a GET of the record says now. */
async function bodyFor(method: string, path: string, op: Operation) {
  if (BODIES[op.operationId]) return BODIES[op.operationId]!();
  const schema = op.requestBody ? resolve(op.requestBody.content['application/json']?.schema ?? {}) : null;
  if (!schema) return undefined;
  const out: Schema = {};
  for (const key of schema.required ?? []) {
    if (key === 'version') {
      const record = method === 'PUT' ? path : path.replace(/\/[a-z]+$/, '');
      out.version = (await api('GET', record, { cookie: r.admin.cookie })).body.version;
    } else out[key] = sample(key, schema.properties[key]);
  }
  return out;
}

async function callAsDocumented(method: string, path: string, op: Operation, cookie: string) {
  const multipart = op.requestBody?.content['multipart/form-data'];
  if (multipart) {
    const schema = resolve(multipart.schema);
    const fields: Record<string, string> = {};
    for (const key of schema.required ?? [])
      if (key !== 'file') fields[key] = String(sample(key, schema.properties[key]));
    if (fields.documentType) fields.expiresAt = dayFrom(env.clock.now(), 400);
    const res = await upload(env, path, { cookie, file: { name: 'scan.pdf', bytes: uniquePdf() }, fields });
    return { status: res.status, body: res.json };
  }
  return api(method, path, { cookie, json: await bodyFor(method, path, op) });
}

/**
 * Reads first, then creations, updates, actions (verifying the passport lets the customer be
 * activated, then suspended and closed), deletions, and last the customer's deletion and restore.
 */
const LATE: Record<string, number> = {
  'customers.activate': 4,
  'customers.suspend': 4.1,
  'customers.close': 4.2,
  'customers.delete': 6,
  'customers.restore': 7,
};
function rank({ method, path, op }: ReturnType<typeof operations>[number]): number {
  if (LATE[op.operationId] !== undefined) return LATE[op.operationId]!;
  if (method === 'GET') return 0;
  if (method === 'POST' && !/\/(verify|reject|pin|assign|status|reply|note)$/.test(path)) return 1;
  if (method === 'PUT') return 2;
  if (method === 'POST') return 3;
  return 5;
}

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 and documents the seed paths and the file routes', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
    const listed = operations().map((o) => `${o.method} ${o.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /api/customers',
        'POST /api/customers',
        'GET /api/customers/statistics',
        'PUT /api/customers/{id}',
        'DELETE /api/customers/{id}',
        'POST /api/customers/{id}/suspend',
        'GET /api/customers/{id}/kyc/status',
        'POST /api/customers/{id}/kyc',
        'GET /api/customers/{id}/kyc/{documentId}/download',
        'POST /api/customers/{id}/notes/{noteId}/pin',
        'GET /api/customers/{id}/documents/{documentId}',
        'GET /api/tickets',
        'POST /api/tickets/{id}/messages',
      ]),
    );
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerToken', 'sessionCookie']);
  });

  it('serves the interactive reference from our own origin under the normal CSP', async () => {
    const page = await env.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(inline?.trim()).toBe(''); // no inline script: `script-src 'self'` stays
      expect(attrs).toMatch(/src="\/api\/docs\//);
    }
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const bundle = await env.app.request('/api/docs/scalar.js');
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });
});

describe('every documented operation, as documented', () => {
  it('a client of another customer is refused each one (404, or 403 without the permission)', async () => {
    const scoped = operations().filter((o) => o.path.includes('{id}'));
    expect(scoped.length).toBeGreaterThan(25);
    for (const { method, path, op } of scoped) {
      // The document names each operation's permission (and role restriction, if any).
      const permitted = can('client', op['x-permission']) && !op['x-roles'];
      const res = await callAsDocumented(method, pathFor(path, op.operationId), op, r.client.cookie);
      expect(res.status, `${method} ${path}`).toBe(permitted ? 404 : 403);
      expect(matchesDocumented(op, res.status, res.body), `${method} ${path}`).toBeNull();
    }
  });

  it('each answers with a documented success status and body, in a sequence that makes each valid', async () => {
    const ops = operations().sort((a, b) => rank(a) - rank(b));
    const seen: string[] = [];
    for (const { method, path, op } of ops) {
      const res = await callAsDocumented(method, pathFor(path, op.operationId), op, r.admin.cookie);
      const label = `${method} ${path} → ${res.status} ${res.body instanceof ArrayBuffer ? '' : JSON.stringify(res.body).slice(0, 300)}`;
      expect(res.status, label).toBeLessThan(300);
      expect(matchesDocumented(op, res.status, res.body), label).toBeNull();
      seen.push(op.operationId);
    }
    expect(seen).toEqual(expect.arrayContaining(['customers.activate', 'customers.close', 'customers.restore']));
    const finalState = await api('GET', `/api/customers/${ids.customer}`, { cookie: r.admin.cookie });
    expect(finalState.body).toMatchObject({ status: 'closed', deletedAt: null });
  });
});

describe('REST and tRPC: one implementation', () => {
  it('give the same JSON for the same operation', async () => {
    const trpc = typedApi(env.app, { cookie: r.corporate.cookie });
    const id = r.ownCustomer.id;
    await trpc.notes.create.mutate({ customerId: id, noteType: 'general', content: 'Same either way.' });
    const pairs: [string, unknown][] = [
      [`/api/customers/${id}`, await trpc.customers.byId.query({ id })],
      [
        '/api/customers?limit=2&sort=name&includeDeleted=false',
        await trpc.customers.list.query({ limit: 2, sort: 'name' }),
      ],
      ['/api/customers/statistics', await trpc.customers.stats.query()],
      [`/api/customers/${id}/kyc/status`, await trpc.kyc.status.query({ customerId: id })],
      [`/api/customers/${id}/notes?limit=5`, await trpc.notes.list.query({ customerId: id, limit: 5 })],
      [
        '/api/tickets?status=new&status=open&limit=3',
        await trpc.tickets.list.query({ status: ['new', 'open'], limit: 3 }),
      ],
    ];
    for (const [path, viaTrpc] of pairs) {
      const viaRest = await api('GET', path, { cookie: r.corporate.cookie });
      expect([path, viaRest.status]).toEqual([path, 200]);
      expect(viaRest.body, path).toEqual(viaTrpc);
    }
  });

  it('reads list filters from the query string with their types (numbers, booleans, repeated keys)', async () => {
    const page = await api('GET', '/api/customers?limit=1', { cookie: r.admin.cookie });
    expect(page.body.items).toHaveLength(1);
    const next = await api('GET', `/api/customers?limit=1&cursor=${page.body.nextCursor}`, { cookie: r.admin.cookie });
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const bad = await api('GET', '/api/customers?limit=many&includeDeleted=perhaps', { cookie: r.admin.cookie });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fieldErrors).sort()).toEqual(['includeDeleted', 'limit']);
  });
});

describe('REST errors: the status of the code and { error: { code, message, fieldErrors? } }', () => {
  const count = async () =>
    Number(
      (
        await env.db
          .selectFrom('customers')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('401 without a session, 403 for a corporate delete (nothing deleted)', async () => {
    const anon = await api('GET', '/api/customers');
    expect([anon.status, anon.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    const del = await api('DELETE', `/api/customers/${r.ownCustomer.id}`, { cookie: r.corporate.cookie });
    expect([del.status, del.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const still = await api('GET', `/api/customers/${r.ownCustomer.id}`, { cookie: r.corporate.cookie });
    expect([still.status, still.body.deletedAt]).toEqual([200, null]);
  });

  it("404 for another customer's data as a client, while its own answers", async () => {
    const foreign = await api('GET', `/api/customers/${ids.customer}/kyc/status`, { cookie: r.client.cookie });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const own = await api('GET', `/api/customers/${r.ownCustomer.id}/kyc/status`, { cookie: r.client.cookie });
    expect(own.status).toBe(200);
  });

  it('400 with fieldErrors for bad input, and nothing written', async () => {
    const before = await count();
    const res = await api('POST', '/api/customers', {
      cookie: r.admin.cookie,
      json: { type: 'individual', firstName: 'No', email: 'not-an-email', country: 'GB' },
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect(Object.keys(res.body.error.fieldErrors)).toEqual(expect.arrayContaining(['email', 'lastName']));
    const notJson = await env.app.request('/api/customers', {
      method: 'POST',
      headers: { cookie: r.admin.cookie, 'content-type': 'text/plain', 'x-forwarded-for': '10.0.0.1' },
      body: '{"type":"business","companyName":"Plain","email":"p@example.org","country":"GB"}',
    });
    expect(notJson.status).toBe(415);
    expect(await count()).toBe(before);
  });

  it('409 for a stale version, the record unchanged; 201 for a creation', async () => {
    const created = await api('POST', '/api/customers', {
      cookie: r.admin.cookie,
      json: { type: 'business', companyName: 'Versioned Ltd', email: `v-${randomUUID()}@test.example`, country: 'GB' },
    });
    expect(created.status).toBe(201);
    const path = `/api/customers/${created.body.id}`;
    const first = await api('PUT', path, { cookie: r.admin.cookie, json: { version: 1, city: 'Leeds' } });
    expect([first.status, first.body.version]).toEqual([200, 2]);
    const stale = await api('PUT', path, { cookie: r.admin.cookie, json: { version: 1, city: 'York' } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CONFLICT']);
    expect((await api('GET', path, { cookie: r.admin.cookie })).body).toMatchObject({ city: 'Leeds', version: 2 });
  });
});
