import { phoneSearchDigits } from '@cm/domain';
import { type Kysely, sql, type Updateable } from 'kysely';
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
  riskLevel?: string;
  country?: readonly string[];
  search?: string;
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
  return customerListQuery(db, q).execute();
}

function filtered(db: Kysely<Database>, q: CustomerFilterQuery) {
  let query = db.selectFrom('customers');
  if (!q.includeDeleted) query = query.where('deleted_at', 'is', null);
  if (q.status?.length) query = query.where('status', 'in', q.status as never[]);
  if (q.kycStatus?.length) query = query.where('kyc_status', 'in', q.kycStatus as never[]);
  if (q.type?.length) query = query.where('type', 'in', q.type as never[]);
  if (q.riskLevel) query = query.where('risk_level', '=', q.riskLevel as never);
  if (q.country?.length) query = query.where('country', 'in', q.country as string[]);
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

/** The list query itself, so tests can EXPLAIN exactly what the API runs. */
export function customerListQuery(db: Kysely<Database>, q: CustomerListQuery) {
  let query = filtered(db, q)
    .selectAll()
    .limit(q.limit + 1);
  const order = q.order ?? NATURAL_ORDER[q.sort];
  const cmp = order === 'asc' ? '>' : '<';
  const column = sql.ref(SORT_COLUMN[q.sort]);
  if (q.sort === 'number') {
    // Customer numbers are unique: the number alone is the keyset (its unique index serves both directions).
    if (q.after) query = query.where('customer_number', cmp, q.after[0]);
    return query.orderBy('customer_number', order);
  }
  if (q.after) {
    // Row comparison on (key, id): the id breaks ties, so equal keys never repeat or skip a row.
    const key = q.sort === 'createdAt' ? sql`${q.after[0]}::timestamptz` : sql`${q.after[0]}`;
    query = query.where(sql`(${column}, id)`, cmp, sql`(${key}, ${q.after[1]}::uuid)`);
  }
  return query.orderBy(SORT_COLUMN[q.sort], order).orderBy('id', order);
}

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
