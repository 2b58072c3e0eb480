import { phoneSearchDigits } from '@cm/domain';
import { type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import { prepared } from '../prepared';
import type { CustomersTable, Database, NewCustomer } from '../schema';

export function insertCustomer(db: Kysely<Database>, values: NewCustomer) {
  return db.insertInto('customers').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Inserts several customers in one statement (a bulk import), returning them in the given order. */
export function insertCustomers(db: Kysely<Database>, values: readonly NewCustomer[]) {
  return db
    .insertInto('customers')
    .values([...values])
    .returningAll()
    .execute();
}

/** Which of these (normalised) emails live customers already use. */
export async function liveCustomerEmails(db: Kysely<Database>, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select(sql<string>`lower(email)`.as('email'))
    .where(sql`lower(email)`, 'in', [...emails])
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.email));
}

/** Which of these customer numbers are taken (by any customer, deleted ones too: numbers are never reused). */
export async function takenCustomerNumbers(db: Kysely<Database>, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select('customer_number')
    .where('customer_number', 'in', [...numbers])
    .execute();
  return new Set(rows.map((r) => r.customer_number));
}

/**
 * Moves the customer-number sequence past `n` (a number an import keeps), so later customers never
 * get it. Never moves it back. Sequences are not transactional: a rolled-back import leaves a gap.
 */
export async function advanceCustomerNumberSequence(db: Kysely<Database>, n: number): Promise<void> {
  await sql`
    SELECT setval('customer_number_seq', ${n}::bigint)
    WHERE ${n}::bigint > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM customer_number_seq)`.execute(
    db,
  );
}

/** A customer by id; soft-deleted ones only when asked for. */
/** The four shapes of the customer-by-id lookup, each compiled once: every customer-scoped call starts here. */
const customerById = {
  live: prepared((db, id: string) =>
    db.selectFrom('customers').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
  ),
  liveForUpdate: prepared((db, id: string) =>
    db.selectFrom('customers').selectAll().where('id', '=', id).where('deleted_at', 'is', null).forUpdate(),
  ),
  any: prepared((db, id: string) => db.selectFrom('customers').selectAll().where('id', '=', id)),
  anyForUpdate: prepared((db, id: string) => db.selectFrom('customers').selectAll().where('id', '=', id).forUpdate()),
};

export async function findCustomer(
  db: Kysely<Database>,
  id: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
) {
  const query = opts.includeDeleted
    ? opts.forUpdate
      ? customerById.anyForUpdate
      : customerById.any
    : opts.forUpdate
      ? customerById.liveForUpdate
      : customerById.live;
  return (await query(db, id))[0];
}

/** Applies the patch only when `version` still matches; undefined means stale or gone. */
export function updateCustomer(
  db: Kysely<Database>,
  id: string,
  version: number,
  patch: Updateable<CustomersTable>,
  opts: { includeDeleted?: boolean } = {},
) {
  let q = db
    .updateTable('customers')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version);
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null);
  return q.returningAll().executeTakeFirst();
}

/**
 * Stores state derived from other records (the KYC status). It is not an edit of the customer, so
 * the version a person's edit is checked against stays as it is (no false CONFLICT).
 */
export function setDerivedCustomerState(
  db: Kysely<Database>,
  id: string,
  patch: Pick<Updateable<CustomersTable>, 'kyc_status'>,
) {
  return db.updateTable('customers').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export function findLiveCustomerByEmail(db: Kysely<Database>, email: string, exceptId?: string) {
  let q = db
    .selectFrom('customers')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export interface CustomerFilterQuery {
  /** Each filter matches any of its values; empty or absent means no filter. */
  status?: readonly string[];
  kycStatus?: readonly string[];
  type?: readonly string[];
  riskLevel?: readonly string[];
  country?: readonly string[];
  search?: string;
  /** Created at or after this instant. */
  createdSince?: Date;
  /** Has a live, non-rejected KYC document expiring in this inclusive range of ISO dates. */
  kycExpiresBetween?: { from: string; to: string };
  includeDeleted: boolean;
}

export type CustomerListSort = 'createdAt' | 'name' | 'number';

export interface CustomerListQuery extends CustomerFilterQuery {
  sort: CustomerListSort;
  /** Defaults to the sort's natural direction: newest first, names and numbers A→Z. */
  order?: 'asc' | 'desc';
  /** Keyset position: the last row's sort key (see customerSortKey) and id. */
  after?: [string, string];
  limit: number;
}

/** Escapes LIKE wildcards so user input matches literally. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const SORT_COLUMN = { createdAt: 'created_at', name: 'sort_name', number: 'customer_number' } as const;
const NATURAL_ORDER = { createdAt: 'desc', name: 'asc', number: 'asc' } as const;

/** The value a keyset cursor carries for `sort` (with the row's id): what the next page starts after. */
export function customerSortKey(
  row: { created_at: Date; sort_name: string; customer_number: string },
  sort: CustomerListSort,
) {
  if (sort === 'createdAt') return row.created_at.toISOString();
  return sort === 'name' ? row.sort_name : row.customer_number;
}

/** One page (limit + 1 rows) in keyset order; never OFFSET, never a count. */
export function listCustomers(db: Kysely<Database>, q: CustomerListQuery) {
  if (!hasFilters(q)) return unfilteredPage(db, q);
  return customerListQuery(db, q).execute();
}

function hasFilters(q: CustomerFilterQuery): boolean {
  return Boolean(
    q.status?.length ||
      q.kycStatus?.length ||
      q.type?.length ||
      q.riskLevel ||
      q.country?.length ||
      q.createdSince ||
      q.kycExpiresBetween ||
      q.search,
  );
}

type PageRunner = (db: Kysely<Database>, take: number, ...after: string[]) => Promise<Selectable<CustomersTable>[]>;
/** The unfiltered list (the console's default view and its next pages), one compiled query per shape. */
const unfilteredPages = new Map<string, PageRunner>();

/** Exactly the query customerListQuery builds for these inputs, compiled once per sort, order, cursor presence. */
function unfilteredPage(db: Kysely<Database>, q: CustomerListQuery) {
  const order = q.order ?? NATURAL_ORDER[q.sort];
  // A customer number alone is its keyset (see page): the cursor's id is not part of that query.
  const after = q.after ? (q.sort === 'number' ? [q.after[0]] : q.after) : [];
  const key = `${q.sort}:${order}:${after.length}:${q.includeDeleted}`;
  let run = unfilteredPages.get(key);
  if (!run) {
    const { sort, includeDeleted } = q;
    run = prepared((db, take: number, ...keyset: string[]) =>
      page(
        filtered(db, { includeDeleted }),
        { sort, after: keyset.length ? [keyset[0]!, keyset[1] ?? ''] : undefined },
        order,
        take,
      ),
    ) as PageRunner;
    unfilteredPages.set(key, run);
  }
  return run(db, q.limit + 1, ...after);
}

function filtered(db: Kysely<Database>, q: CustomerFilterQuery) {
  let query = db.selectFrom('customers');
  if (!q.includeDeleted) query = query.where('deleted_at', 'is', null);
  if (q.status?.length) query = query.where('status', 'in', q.status as never[]);
  if (q.kycStatus?.length) query = query.where('kyc_status', 'in', q.kycStatus as never[]);
  if (q.type?.length) query = query.where('type', 'in', q.type as never[]);
  if (q.riskLevel?.length) query = query.where('risk_level', 'in', q.riskLevel as never[]);
  if (q.country?.length) query = query.where('country', 'in', q.country as string[]);
  if (q.createdSince) query = query.where('created_at', '>=', q.createdSince);
  if (q.kycExpiresBetween) {
    const { from, to } = q.kycExpiresBetween;
    // The same documents the dashboard's expiring count sums (kyc_expiry_days), read through the
    // partial expiry index: a customer with several such documents is listed once.
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('kyc_documents')
        .select('customer_id')
        .where('deleted_at', 'is', null)
        .where('status', '<>', 'rejected')
        .where('expires_at', '>=', from)
        .where('expires_at', '<=', to),
    );
  }
  if (q.search) {
    const search = q.search;
    // Trigrams need three characters; shorter terms match the start of the name (an index range).
    if (search.length < 3) {
      query = query.where('sort_name', 'like', `${likeLiteral(search.toLowerCase())}%`);
    } else {
      // Folded by the same SQL function as the stored text: case and accents do not matter.
      const folded = sql<string>`'%' || search_fold(${likeLiteral(search)}) || '%'`;
      const digits = phoneSearchDigits(search);
      query = query.where((eb) =>
        digits
          ? eb.or([eb('search_text', 'like', folded), eb('search_text', 'like', `%${digits}%`)])
          : eb('search_text', 'like', folded),
      );
    }
  }
  return query;
}

/**
 * A term of three or more letters (no digits, spaces or punctuation) can only occur inside one word
 * of the folded search text (see migration 0022's `search_words`): such terms are searched word by word.
 */
const WORD_TERM = /^\p{L}{3,}$/u;

/**
 * The ids of the first `limit + 1` customers matching a letters-only term, in keyset order by
 * creation: for each matching word of the vocabulary, its first `limit + 1` customers that pass every
 * other filter and the cursor (an index range each), then the first `limit + 1` of their union.
 * Any customer on the page is among its word's first `limit + 1`, so this is exactly the page the
 * substring filter gives, read without touching the rest of the table.
 */
function wordMatchIds(db: Kysely<Database>, q: CustomerListQuery, order: 'asc' | 'desc', pattern: RawBuilder<string>) {
  const dir = sql.raw(order);
  const n = q.limit + 1;
  const conditions = [sql`w.word = v.word`];
  if (!q.includeDeleted) conditions.push(sql`w.live`);
  if (q.after) {
    conditions.push(
      sql`(w.created_at, w.customer_id) ${sql.raw(order === 'asc' ? '>' : '<')} (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`,
    );
  }
  const others: CustomerFilterQuery = { ...q, search: undefined, includeDeleted: true };
  if (
    others.status?.length ||
    others.kycStatus?.length ||
    others.type?.length ||
    others.riskLevel?.length ||
    others.country?.length
  ) {
    const match = filtered(db, others).select(sql`1`.as('one')).where(sql<boolean>`id = w.customer_id`);
    conditions.push(sql`EXISTS (${match})`);
  }
  return sql`(
    SELECT m.customer_id FROM customer_search_vocab v CROSS JOIN LATERAL (
      SELECT w.customer_id, w.created_at FROM customer_search_words w
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY w.created_at ${dir}, w.customer_id ${dir} LIMIT ${n}
    ) m
    WHERE v.word LIKE ${pattern}
    GROUP BY m.customer_id, m.created_at
    ORDER BY m.created_at ${dir}, m.customer_id ${dir} LIMIT ${n})`;
}

/** Keyset position, order and page size (`take` rows) on top of a filtered query. */
function page(
  query: ReturnType<typeof filtered>,
  q: Pick<CustomerListQuery, 'sort' | 'after'>,
  order: 'asc' | 'desc',
  take: number,
) {
  let paged = query.selectAll().limit(take);
  const cmp = order === 'asc' ? '>' : '<';
  const column = sql.ref(SORT_COLUMN[q.sort]);
  if (q.sort === 'number') {
    // Customer numbers are unique: the number alone is the keyset (its unique index serves both directions).
    if (q.after) paged = paged.where('customer_number', cmp, q.after[0]);
    return paged.orderBy('customer_number', order);
  }
  if (q.after) {
    // Row comparison on (key, id): the id breaks ties, so equal keys never repeat or skip a row.
    const key = q.sort === 'createdAt' ? sql`${q.after[0]}::timestamptz` : sql`${q.after[0]}`;
    paged = paged.where(sql`(${column}, id)`, cmp, sql`(${key}, ${q.after[1]}::uuid)`);
  }
  return paged.orderBy(SORT_COLUMN[q.sort], order).orderBy('id', order);
}

/**
 * Above this many matching words the term is common (e.g. "son": hundreds of words at any size) and
 * walking the creation index with the substring filter stops after a few hundred rows, cheaper than
 * one index range per word.
 */
const MAX_WORDS = 32;

/** The list query itself, so tests can EXPLAIN exactly what the API runs. */
export function customerListQuery(db: Kysely<Database>, q: CustomerListQuery): CustomerPageQuery {
  const order = q.order ?? NATURAL_ORDER[q.sort];
  if (!(q.sort === 'createdAt' && q.search !== undefined && WORD_TERM.test(q.search))) {
    return page(filtered(db, q), q, order, q.limit + 1);
  }
  // Both plans in one statement; a one-time filter on the number of matching words runs exactly one.
  const pattern = sql<string>`'%' || search_fold(${likeLiteral(q.search)}) || '%'`;
  const fewWords = sql<boolean>`(SELECT count(*) <= ${MAX_WORDS} FROM (
    SELECT 1 FROM customer_search_vocab WHERE word LIKE ${pattern} LIMIT ${MAX_WORDS + 1}) AS matching)`;
  const byWord = page(
    filtered(db, { ...q, search: undefined })
      .where(sql<boolean>`id IN ${wordMatchIds(db, q, order, pattern)}`)
      .where(fewWords),
    q,
    order,
    q.limit + 1,
  );
  const bySubstring = page(filtered(db, q).where(sql<boolean>`NOT ${fewWords}`), q, order, q.limit + 1);
  const either = db
    .selectFrom(sql<Selectable<CustomersTable>>`((${byWord}) UNION ALL (${bySubstring}))`.as('customers'))
    .selectAll()
    .orderBy('created_at', order)
    .orderBy('id', order);
  // Same rows and columns as a query on the table itself (only the FROM differs).
  return either as unknown as CustomerPageQuery;
}

export type CustomerPageQuery = ReturnType<typeof page>;

/**
 * How many customers match, counting at most `cap + 1` rows: the exact number up to `cap`, beyond
 * that only that there are more (a count over a large table must not scan all of it).
 */
export async function countCustomers(db: Kysely<Database>, q: CustomerFilterQuery, cap: number) {
  const row = await db
    .selectFrom(
      filtered(db, q)
        .select(sql`1`.as('one'))
        .limit(cap + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, cap), exact: n <= cap };
}
