import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import { prepared } from '../src/prepared';
import { findCustomer, insertCustomer } from '../src/queries/customers';
import { createTestDb } from '../src/testing';

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb(inject('testDb'));
});
afterAll(async () => {
  await handle?.close();
});

describe('prepared queries', () => {
  it('answers like the query built each time, for every call and argument', async () => {
    const a = await insertCustomer(handle.db, {
      type: 'individual',
      first_name: 'Ada',
      email: 'ada@example.org',
      country: 'GB',
    });
    const b = await insertCustomer(handle.db, {
      type: 'business',
      company_name: 'Bee Ltd',
      email: 'bee@example.org',
      country: 'DE',
    });
    const byEmailAndCountry = prepared((db, email: string, country: string) =>
      db
        .selectFrom('customers')
        .select(['id', 'email'])
        .where('email', '=', email)
        .where('country', '=', country)
        .limit(5),
    );
    expect(await byEmailAndCountry(handle.db, a.email, 'GB')).toEqual([{ id: a.id, email: a.email }]);
    expect(await byEmailAndCountry(handle.db, b.email, 'DE')).toEqual([{ id: b.id, email: b.email }]);
    // The constant (limit 5) stays; the arguments are swapped, never mixed up.
    expect(await byEmailAndCountry(handle.db, b.email, 'GB')).toEqual([]);
  });

  it('runs inside a transaction on that transaction', async () => {
    const c = await insertCustomer(handle.db, {
      type: 'individual',
      first_name: 'Cy',
      email: 'cy@example.org',
      country: 'FR',
    });
    await handle.db.transaction().execute(async (trx) => {
      await sql`UPDATE customers SET deleted_at = now() WHERE id = ${c.id}`.execute(trx);
      // The live lookup (prepared) sees the uncommitted soft delete of its own transaction.
      expect(await findCustomer(trx, c.id)).toBeUndefined();
      expect((await findCustomer(trx, c.id, { includeDeleted: true, forUpdate: true }))?.id).toBe(c.id);
    });
    expect((await findCustomer(handle.db, c.id, { includeDeleted: true }))?.deleted_at).toBeInstanceOf(Date);
  });

  it('refuses a build that does not pass an argument through as a parameter', async () => {
    const prefix = prepared((db, email: string) =>
      db.selectFrom('customers').select('id').where('email', 'like', `${email}%`),
    );
    await expect(prefix(handle.db, 'x@example.org')).rejects.toThrow(/argument 0 is not a plain parameter/);
  });

  it('goes through the plugins of a handle that has them, on every call', async () => {
    const seen: string[] = [];
    const watch: KyselyPlugin = {
      transformQuery({ node, queryId }) {
        seen.push(handle.db.getExecutor().compileQuery(node, queryId).sql);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const d = await insertCustomer(handle.db, {
      type: 'individual',
      first_name: 'Di',
      email: 'di@example.org',
      country: 'GB',
    });
    // Compiled once on the plain handle first, then asked through a watched one.
    expect((await findCustomer(handle.db, d.id))?.id).toBe(d.id);
    const watched = handle.db.withPlugin(watch);
    expect((await findCustomer(watched, d.id))?.id).toBe(d.id);
    expect((await findCustomer(watched, d.id))?.id).toBe(d.id);
    expect(seen.filter((q) => /from "customers"/.test(q))).toHaveLength(2);
  });
});
