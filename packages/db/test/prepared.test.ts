import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import { prepared } from '../src/prepared';
import {
  type CustomerListQuery,
  customerListQuery,
  customerSortKey,
  findCustomer,
  insertCustomer,
  listCustomers,
} from '../src/queries/customers';
import { insertNote, listNotes } from '../src/queries/notes';
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

  it('gives every page of the unfiltered customer list exactly as the query built each time', async () => {
    const base = Date.parse('2026-03-01T10:00:00Z');
    const names = ['Zoe', 'adam', 'Émile', 'bob', 'Adam', 'Chloé', 'dan'];
    for (const [i, first] of names.entries()) {
      const row = await insertCustomer(handle.db, {
        type: 'individual',
        first_name: first,
        last_name: 'Pager',
        email: `pager${i}@example.org`,
        country: 'GB',
        // Two pairs share a creation instant: the id must break the tie the same way.
        created_at: new Date(base + Math.floor(i / 2) * 60_000),
      });
      if (i === 3) await sql`UPDATE customers SET deleted_at = now() WHERE id = ${row.id}`.execute(handle.db);
    }
    for (const sort of ['createdAt', 'name', 'number'] as const) {
      for (const order of [undefined, 'asc', 'desc'] as const) {
        for (const includeDeleted of [false, true]) {
          const q: CustomerListQuery = { sort, order, includeDeleted, limit: 2 };
          let after: [string, string] | undefined;
          let pages = 0;
          do {
            const built = await customerListQuery(handle.db, { ...q, after }).execute();
            const compiledOnce = await listCustomers(handle.db, { ...q, after });
            expect(compiledOnce).toEqual(built);
            const last = built[q.limit - 1];
            after = built.length > q.limit && last ? [customerSortKey(last, sort), last.id] : undefined;
            pages += 1;
          } while (after);
          expect(pages).toBeGreaterThan(2);
        }
      }
    }
  });

  it("gives every page of a customer's live notes, pinned first, then newest", async () => {
    const c = await insertCustomer(handle.db, {
      type: 'individual',
      first_name: 'Noa',
      email: 'noa@example.org',
      country: 'GB',
    });
    const at = Date.parse('2026-04-01T08:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const created = new Date(at + Math.floor(i / 2) * 1000);
      const { id } = await insertNote(handle.db, {
        customer_id: c.id,
        note_type: i % 2 ? 'call' : 'general',
        content: `note ${i}`,
        is_pinned: i === 2 || i === 5,
        created_at: created,
        updated_at: created,
        deleted_at: i === 4 ? created : null,
      });
      ids.push(id);
    }
    const all = await listNotes(handle.db, { customerId: c.id, limit: 50, includeDeleted: true });
    const expected = all.filter((n) => n.deleted_at === null).map((n) => n.id);
    expect(expected).toHaveLength(6);
    const seen: string[] = [];
    let after: [boolean, string, string] | undefined;
    do {
      const rows = await listNotes(handle.db, { customerId: c.id, limit: 2, after });
      seen.push(...rows.slice(0, 2).map((r) => r.id));
      const last = rows[1];
      after = rows.length > 2 && last ? [last.is_pinned, last.created_at.toISOString(), last.id] : undefined;
    } while (after);
    expect(seen).toEqual(expected);
    // Pinned first (notes 2 and 5), then newest; the deleted note 4 is left out.
    expect(seen.slice(0, 2).sort()).toEqual([ids[2], ids[5]].sort());
    expect(seen).not.toContain(ids[4]);
  });
});
