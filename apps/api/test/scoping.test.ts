/**
 * Object-level access, walked from the router itself: every procedure and HTTP route that takes a
 * customer (or a record of one) is called by a client of ANOTHER customer. A new procedure is
 * covered the day it is added; one whose input the generator cannot fill fails here until a sample
 * is given below.
 */
import { randomUUID } from 'node:crypto';
import { can, type Permission, type Role } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from '../src/trpc/router';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let other: { id: string };
let otherTicket: { id: string };

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  const res = await r.admin.client.mutation('customers.create', {
    type: 'individual',
    firstName: 'Other',
    lastName: 'Customer',
    email: `other-${randomUUID()}@test.example`,
    country: 'GB',
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  other = res.data;
  const ticket = await r.admin.client.mutation('tickets.create', {
    customerId: other.id,
    subject: 'Another customer’s request',
    type: 'question',
    body: 'Not yours to see.',
  });
  if (!ticket.ok) throw new Error(JSON.stringify(ticket.error));
  otherTicket = ticket.data;
});
afterAll(async () => {
  await env?.handle.close();
});

type AnySchema = z.ZodType & { _zod: { def: Record<string, any> } };

/** Values for keys the type alone cannot fill validly. */
const SAMPLES: Record<string, unknown> = {
  reason: 'Checked with the compliance team.',
  content: 'Some note text.',
  body: 'Some message text.',
  subject: 'A subject',
  email: 'someone@example.org',
  name: 'Some One',
  role: 'client',
  password: 'a-long-enough-passphrase-2024',
  withinDays: 30,
  from: '2026-01-01',
  to: '2026-01-31',
};

/**
 * The keys whose value names a scoped record, per procedure: the other customer's id, and for the
 * ticket procedures the id of that customer's ticket.
 */
function scopeKeys(procedure: string): Record<string, () => string> {
  return {
    customerId: () => other.id,
    ...(procedure.startsWith('tickets.') ? { id: () => otherTicket.id } : {}),
  };
}

/** A valid value for a zod schema, preferring the scoped ids and the samples above. */
function sample(schema: AnySchema, key: string | null, scope: Record<string, () => string>): unknown {
  if (key && key in scope) return scope[key]!();
  if (key && key in SAMPLES) return SAMPLES[key];
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, AnySchema>)) {
        // Optional fields stay out unless they scope the call.
        if (!(k in scope) && v.safeParse(undefined).success) continue;
        out[k] = sample(v, k, scope);
      }
      return out;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return sample(def.innerType, key, scope);
    case 'pipe':
      return sample(def.in, key, scope);
    case 'string':
      return def.format === 'uuid' || def.format === 'guid' ? randomUUID() : 'x';
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries)[0];
    case 'literal':
      return def.values[0];
    case 'array':
      return [];
    case 'union':
      return sample(def.options[0], key, scope);
    default:
      throw new Error(`no sample for a ${def.type} at "${key}"`);
  }
}

function mayCall(role: Role, meta: { permission?: Permission; roles?: readonly Role[]; public?: true }) {
  if (meta.public) return true;
  return can(role, meta.permission!) && (!meta.roles || meta.roles.includes(role));
}

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: AnySchema[]; meta: any } };
/** A route path without its parameter patterns (`:id{[0-9a-f]{8}…}` → `:id`); the patterns nest braces. */
function plainPath(path: string): string {
  let out = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '{') depth += 1;
    else if (ch === '}') depth -= 1;
    else if (depth === 0) out += ch;
  }
  return out;
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>);

/** Procedures whose input names a customer. */
const scoped = procedures.filter(([name, p]) => {
  const input = p._def.inputs[0];
  if (!input) return false;
  const def = input._zod.def;
  const shape = def.type === 'default' ? def.innerType._zod.def.shape : def.shape;
  return shape && Object.keys(shape).some((k) => k in scopeKeys(name));
});

describe('customer scope, walked from the router', () => {
  it('finds the customer-scoped procedures (the walk is not empty)', () => {
    const names = scoped.map(([n]) => n);
    expect(names).toEqual(
      expect.arrayContaining([
        'kyc.list',
        'kyc.status',
        'notes.list',
        'documents.byId',
        'tickets.byId',
        'tickets.reply',
        'tickets.messages',
        'tickets.list',
      ]),
    );
  });

  it.each(scoped.map(([name, p]) => [name, p] as const))(
    '%s as a client of another customer: NOT_FOUND, or FORBIDDEN without the permission',
    async (name, proc) => {
      const input = sample(proc._def.inputs[0]!, null, scopeKeys(name));
      // The generated input is valid, so the answer is about access, never about the input.
      expect(proc._def.inputs[0]!.safeParse(input).success).toBe(true);
      const call = proc._def.type === 'query' ? r.client.client.query : r.client.client.mutation;
      const res = await call(name, input);
      expect(res.ok).toBe(false);
      if (res.ok) return;
      const expected = mayCall('client', proc._def.meta) ? 'NOT_FOUND' : 'FORBIDDEN';
      expect(res.error.data.code, `${name}: ${res.error.message}`).toBe(expected);
    },
  );

  it('the same calls on the own customer are not refused for scope', async () => {
    const res = await r.client.client.query('kyc.status', { customerId: r.ownCustomer.id });
    expect(res.ok).toBe(true);
  });

  it('records each refused object access as access.denied, naming the customer', async () => {
    const before = (await auditRows(env.db, 'access.denied')).length;
    const res = await r.client.client.query('kyc.list', { customerId: other.id });
    expect(res.ok).toBe(false);
    const rows = await auditRows(env.db, 'access.denied');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ actor_user_id: r.client.user.id, entity_id: other.id, actor_role: 'client' });
  });
});

describe('HTTP routes with a customer or a ticket in the path', () => {
  const routes = () =>
    env.app.routes
      .filter(
        (route) =>
          (route.path.includes(':customerId') || route.path.includes(':ticketId')) &&
          ['GET', 'POST'].includes(route.method),
      )
      .map((route) => ({ method: route.method, path: route.path }));

  it('covers the upload and download routes', () => {
    const paths = routes().map((x) => `${x.method} ${plainPath(x.path)}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/customers/:customerId/kyc',
        'GET /api/customers/:customerId/kyc/:documentId/download',
        'POST /api/customers/:customerId/documents',
        'GET /api/customers/:customerId/documents/:documentId/download',
        'POST /api/tickets/:ticketId/messages',
        'GET /api/tickets/:ticketId/attachments/:attachmentId/download',
      ]),
    );
  });

  it('every one answers 404 (or 403 without the permission) to a client of another customer', async () => {
    const results: string[] = [];
    for (const route of routes()) {
      const path = plainPath(route.path)
        .replace(':customerId', other.id)
        .replace(':ticketId', otherTicket.id)
        .replace(/:[a-zA-Z]+/g, () => randomUUID());
      const res =
        route.method === 'GET'
          ? await env.app.request(path, { headers: { cookie: r.client.cookie, 'x-forwarded-for': '10.0.0.1' } })
          : await upload(env, path, {
              cookie: r.client.cookie,
              file: { name: 'letter.pdf', bytes: fixture('letter.pdf') },
              fields: { documentType: 'proof_of_address', category: 'other', body: 'hello' },
            });
      results.push(`${route.method} ${route.path} → ${res.status}`);
      expect([403, 404], `${route.method} ${route.path}`).toContain(res.status);
    }
    // The client may upload and download KYC papers: those two must be refused for scope (404).
    expect(results.filter((x) => x.includes('/kyc') && x.endsWith('404'))).toHaveLength(2);
    // And post to a ticket and download its attachments: refused for scope too.
    expect(results.filter((x) => x.includes('/api/tickets/') && x.endsWith('404'))).toHaveLength(2);
  });
});
