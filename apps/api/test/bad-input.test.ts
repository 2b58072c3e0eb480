import { encodeCursor } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, signedInRoles, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

const id = '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const at = '2026-05-01T10:00:00.000Z';

describe('bad input answers 400 or 404, never 500', () => {
  it('refuses forged page cursors whose parts the SQL could not read', async () => {
    const customerId = r.ownCustomer.id;
    const forged: [string, Record<string, unknown>, (string | number | boolean)[]][] = [
      ['customers.list', {}, ['createdAt', 'x', 'y']],
      ['customers.list', {}, ['createdAt', at, 'y']],
      ['customers.list', {}, ['createdAt', '2026-02-30T10:00:00.000Z', id]],
      ['customers.list', {}, ['createdAt', '0000-01-01T00:00:00.000Z', id]],
      ['customers.list', { sort: 'name' }, ['name', 'ann lee', 'y']],
      ['notes.list', { customerId }, [true, 'x', 'y']],
      ['notes.list', { customerId }, [false, at, 'not-a-uuid']],
      ['documents.list', { customerId }, ['x', 'y']],
      ['documents.list', { customerId }, [at, '------------------------------------']],
      ['kyc.expiring', { withinDays: 30 }, ['x', 'y']],
      ['kyc.expiring', { withinDays: 30 }, ['2026-13-01', id]],
      ['audit.list', {}, [1.5]],
      ['audit.forCustomer', { customerId }, [1e300]],
    ];
    for (const [path, input, parts] of forged) {
      const res = await r.admin.client.query(path, { ...input, cursor: encodeCursor(parts) });
      expect([path, parts, res.status, !res.ok && res.error.data.fieldErrors?.cursor]).toEqual([
        path,
        parts,
        400,
        [expect.stringMatching(/no longer valid/)],
      ]);
    }
    // A real cursor still pages.
    const first = await r.admin.client.query('audit.list', { limit: 1 });
    const next = await r.admin.client.query('audit.list', { limit: 1, cursor: first.ok && first.data.nextCursor });
    expect(next.ok).toBe(true);
  });

  it('answers 404 for file routes whose ids are not UUIDs', async () => {
    const own = r.ownCustomer.id;
    const notUuids = [
      '------------------------------------',
      'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaa-',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '2b1e2f6a3c4d-4e5f-8a9b-0c1d2e3f4a5b-',
    ];
    for (const bad of notUuids) {
      for (const [route, fields, file] of [
        ['kyc', { documentType: 'bank_statement' }, { name: 'bill.png', bytes: fixture('bill.png') }],
        ['documents', { category: 'other' }, { name: 'n.txt', bytes: Buffer.from('note') }],
      ] as const) {
        const up = await upload(env, `/api/customers/${bad}/${route}`, { cookie: r.corporate.cookie, fields, file });
        expect([bad, route, up.status, up.json.error?.code]).toEqual([bad, route, 404, 'NOT_FOUND']);
        for (const path of [
          `/api/customers/${bad}/${route}/${id}/download`,
          `/api/customers/${own}/${route}/${bad}/download`,
        ]) {
          const down = await env.app.request(path, { headers: { cookie: r.corporate.cookie } });
          expect([path, down.status]).toEqual([path, 404]);
        }
      }
    }
  });
});
