import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import { type CustomerListQuery, customerListQuery, customerSortKey } from '../src/queries/customers';
import { createTestDb } from '../src/testing';

/**
 * Letters-only search terms read the word tables of migration 0022. Their pages must be exactly
 * what a plain substring filter over every customer gives, after any mix of creations, edits,
 * erasures, soft deletes, restores and purges; and the word tables must equal a recomputation.
 */
let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb(inject('testDb'));
});
afterAll(async () => {
  await handle?.close();
});

// Few, overlapping syllables so terms hit several words, across word boundaries and accents.
const SYLLABLES = ['an', 'de', 'ran', 'son', 'nde', 'Mü', 'ller', 'Łó', 'dź', 'ß', 'Ær', 'o', 'é', 'st'];
const word = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 4 }).map((s) => s.join(''));
const SEPARATORS = [' ', '-', "'", '.', '7', ''];
const name = fc
  .tuple(word, fc.constantFrom(...SEPARATORS), fc.option(word, { nil: '' }))
  .map(([a, sep, b]) => `${a}${b ? sep + b : ''}`);
const STATUSES = ['pending', 'active', 'closed'] as const;

interface Person {
  first: string;
  last: string;
  company: string | null;
  mailbox: string;
  phone: string | null;
  /** Index into a handful of creation times, so keyset ties on created_at happen. */
  at: number;
  status: (typeof STATUSES)[number];
}
const person: fc.Arbitrary<Person> = fc.record({
  first: name,
  last: name,
  company: fc.option(name, { nil: null }),
  mailbox: name,
  phone: fc.option(fc.constantFrom('+44 20 7946 0000', '+49 30 123456'), { nil: null }),
  at: fc.integer({ min: 0, max: 4 }),
  status: fc.constantFrom(...STATUSES),
});

type Op =
  | { op: 'create'; people: Person[] }
  | { op: 'edit'; pick: number; who: Person }
  | { op: 'erase'; pick: number }
  | { op: 'delete'; pick: number }
  | { op: 'restore'; pick: number }
  | { op: 'purge'; pick: number };
const pick = fc.nat();
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      people: fc.array(person, { minLength: 1, maxLength: 3 }),
    }),
    weight: 4,
  },
  fc.record({ op: fc.constant('edit' as const), pick, who: person }),
  fc.record({ op: fc.constant('erase' as const), pick }),
  fc.record({ op: fc.constant('delete' as const), pick }),
  fc.record({ op: fc.constant('restore' as const), pick }),
  fc.record({ op: fc.constant('purge' as const), pick }),
);

const BASE = Date.parse('2026-03-01T10:00:00Z');
let serial = 0;
const email = (p: Person) => {
  serial += 1;
  return `${p.mailbox.replace(/[^\p{L}\p{N}.'-]/gu, '')}${serial}@ex-${serial % 3}.example`;
};

async function someId(n: number) {
  const rows = await sql<{ id: string }>`SELECT id FROM customers ORDER BY id`.execute(handle.db);
  return rows.rows.length ? rows.rows[n % rows.rows.length]!.id : null;
}

async function apply(o: Op) {
  const db = handle.db;
  if (o.op === 'create') {
    // Several rows in one statement: the trigger runs once per statement.
    const values = o.people.map(
      (p) =>
        sql`(${p.company ? 'business' : 'individual'}, ${p.first}, ${p.last}, ${p.company}, ${email(p)}, ${p.phone}, 'DE', ${p.status}, ${new Date(BASE + p.at * 1000)})`,
    );
    await sql`INSERT INTO customers (type, first_name, last_name, company_name, email, phone, country, status, created_at)
      VALUES ${sql.join(values)}`.execute(db);
    return;
  }
  const id = await someId(o.pick);
  if (!id) return;
  if (o.op === 'edit') {
    const p = o.who;
    await sql`UPDATE customers SET first_name = ${p.first}, last_name = ${p.last}, company_name = ${p.company},
      email = ${email(p)}, phone = ${p.phone}, status = ${p.status}, created_at = ${new Date(BASE + p.at * 1000)}
      WHERE id = ${id}`.execute(db);
  } else if (o.op === 'erase') {
    await sql`UPDATE customers SET first_name = NULL, last_name = 'Erased', company_name = NULL,
      email = ${`erased-${id}@invalid`}, phone = NULL WHERE id = ${id}`.execute(db);
  } else if (o.op === 'delete') {
    await sql`UPDATE customers SET deleted_at = now() WHERE id = ${id} AND deleted_at IS NULL`.execute(db);
  } else if (o.op === 'restore') {
    await sql`UPDATE customers SET deleted_at = NULL WHERE id = ${id}`.execute(db);
  } else {
    await sql`DELETE FROM users WHERE customer_id = ${id}`.execute(db);
    await sql`DELETE FROM customers WHERE id = ${id}`.execute(db);
  }
}

/** Every page of a search, cursor by cursor, as the API pages it. */
async function paged(q: Omit<CustomerListQuery, 'after'>) {
  const out: string[] = [];
  let after: [string, string] | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const rows = await customerListQuery(handle.db, { ...q, after }).execute();
    const page = rows.slice(0, q.limit);
    out.push(...page.map((r) => r.id));
    if (rows.length <= q.limit) return out;
    const last = page[page.length - 1]!;
    after = [customerSortKey(last, 'createdAt'), last.id];
  }
  throw new Error('paging did not end');
}

/** The definition: a substring filter over every customer, no index involved. */
async function bruteForce(term: string, q: Omit<CustomerListQuery, 'after' | 'limit' | 'sort'>) {
  const dir = sql.raw(q.order ?? 'desc');
  const rows = await sql<{ id: string }>`
    SELECT id FROM customers
    WHERE search_text ILIKE '%' || search_fold(${term}) || '%'
      AND (${q.includeDeleted} OR deleted_at IS NULL)
      AND (${q.status?.[0] ?? null}::text IS NULL OR status = ${q.status?.[0] ?? null})
    ORDER BY created_at ${dir}, id ${dir}`.execute(handle.db);
  return rows.rows.map((r) => r.id);
}

/** The word tables against a recomputation from the customers. */
async function wordTablesDrift() {
  const r = await sql<{ words: number; vocab: number }>`
    SELECT
      (SELECT count(*)::int FROM (
        (SELECT w, c.created_at, c.id, c.deleted_at IS NULL FROM customers c, unnest(search_words(c.search_text)) AS w
         EXCEPT ALL SELECT word, created_at, customer_id, live FROM customer_search_words)
        UNION ALL
        (SELECT word, created_at, customer_id, live FROM customer_search_words
         EXCEPT ALL SELECT w, c.created_at, c.id, c.deleted_at IS NULL FROM customers c, unnest(search_words(c.search_text)) AS w)
      ) d) AS words,
      (SELECT count(*)::int FROM (
        (SELECT DISTINCT word FROM customer_search_words EXCEPT SELECT word FROM customer_search_vocab)
        UNION ALL (SELECT word FROM customer_search_vocab EXCEPT SELECT DISTINCT word FROM customer_search_words)
      ) d) AS vocab`.execute(handle.db);
  return r.rows[0];
}

describe('letters-only search through the word tables', () => {
  it('matches a plain substring filter, page by page, after random changes', async () => {
    const term = fc.oneof(
      fc
        .array(fc.constantFrom(...SYLLABLES, 'a', 'n', 'e', 'r', 's', 'MU', 'lodz', 'ss'), {
          minLength: 1,
          maxLength: 3,
        })
        .map((s) => s.join('')),
      fc.constantFrom('rande', 'son', 'muller', 'STRASSE', 'aero', 'erased', 'example'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.array(
          fc.record({
            term: term.filter((t) => /^\p{L}{3,}$/u.test(t)),
            limit: fc.integer({ min: 1, max: 4 }),
            order: fc.constantFrom('asc' as const, 'desc' as const),
            includeDeleted: fc.boolean(),
            status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (ops, searches) => {
          for (const o of ops) await apply(o);
          expect(await wordTablesDrift()).toEqual({ words: 0, vocab: 0 });
          for (const s of searches) {
            const filters = {
              order: s.order,
              includeDeleted: s.includeDeleted,
              status: s.status ? [s.status] : undefined,
            };
            const got = await paged({ ...filters, search: s.term, sort: 'createdAt', limit: s.limit });
            expect([s, got]).toEqual([s, await bruteForce(s.term, filters)]);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);

  it('reads the word tables only for letters-only terms sorted by creation', async () => {
    const compiled = (search: string, sort: CustomerListQuery['sort'] = 'createdAt') =>
      customerListQuery(handle.db, { search, sort, limit: 25, includeDeleted: false }).compile().sql;
    expect(compiled('rande')).toMatch(/customer_search_words/);
    expect(compiled('Łódź')).toMatch(/customer_search_words/);
    for (const other of ["o'brien", 'jurgen mül', 'user4321', '020 7946', 'r.and', 'ab%cd', 'ab_cd', 'zq']) {
      expect([other, compiled(other)]).toEqual([other, expect.not.stringMatching(/customer_search_words/)]);
    }
    expect(compiled('rande', 'name')).not.toMatch(/customer_search_words/);
  });

  it('drops a word from the vocabulary with its last customer (erasure leaves no name behind)', async () => {
    await sql`INSERT INTO customers (type, first_name, last_name, email, country)
      VALUES ('individual', 'Quirkwhistle', 'Zyx', 'q@erasure.example', 'GB')`.execute(handle.db);
    const vocab = async () =>
      (
        await sql<{ word: string }>`SELECT word FROM customer_search_vocab WHERE word = 'quirkwhistle'`.execute(
          handle.db,
        )
      ).rows.length;
    expect(await vocab()).toBe(1);
    await sql`UPDATE customers SET first_name = NULL WHERE email = 'q@erasure.example'`.execute(handle.db);
    expect(await vocab()).toBe(0);
    expect(await wordTablesDrift()).toEqual({ words: 0, vocab: 0 });
  });
});

describe('the two plans of a letters-only term', () => {
  async function executed(search: string) {
    const query = customerListQuery(handle.db, { search, sort: 'createdAt', limit: 25, includeDeleted: false });
    const compiled = query.compile();
    const plan = await sql
      .raw<Record<string, string>>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${inline(compiled.sql, compiled.parameters)}`,
      )
      .execute(handle.db);
    const text = plan.rows.map((r) => Object.values(r)[0]).join('\n');
    return {
      byWord: !/customer_search_words_pkey[^\n]*never executed/.test(text),
      ids: (await query.execute()).map((r) => r.id),
    };
  }

  it('reads word by word for a term of few words, and the substring index for a term of many', async () => {
    // 40 distinct words containing "zorbl" (a common term), one word containing "quoxite" (a rare one).
    const suffixes = Array.from(
      { length: 40 },
      (_, i) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
    );
    const values = suffixes.map(
      (s, i) => sql`('individual', ${`Zorbl${s}`}, ${i % 2 ? 'Quoxite' : 'Plain'}, ${`z${i}@plans.example`}, 'FR')`,
    );
    await sql`INSERT INTO customers (type, first_name, last_name, email, country) VALUES ${sql.join(values)}`.execute(
      handle.db,
    );
    const common = await executed('zorbl');
    expect(common.byWord).toBe(false);
    expect(common.ids).toEqual((await bruteForce('zorbl', { includeDeleted: false })).slice(0, 26));
    const rare = await executed('QUOXITE');
    expect(rare.byWord).toBe(true);
    expect(rare.ids).toEqual(await bruteForce('quoxite', { includeDeleted: false }));
    expect(rare.ids).toHaveLength(20);
  });
});

/** Parameters written into the text, for EXPLAIN (which takes no parameters on PGlite's simple protocol). */
function inline(text: string, parameters: readonly unknown[]) {
  return text.replace(/\$(\d+)/g, (_, n) => {
    const v = parameters[Number(n) - 1];
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });
}
