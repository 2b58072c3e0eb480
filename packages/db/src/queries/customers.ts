import { phoneSearchDigits } from '@cm/domain';
import { type Kysely, sql, type Updateable } from 'kysely';
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
export function findCustomer(
  db: Kysely<Database>,
  id: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
) {
  let q = db.selectFrom('customers').selectAll().where('id', '=', id);
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
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

export interface CustomerListQuery {
  status?: string;
  kycStatus?: string;
  type?: string;
  riskLevel?: string;
  country?: string;
  search?: string;
  sort: 'createdAt' | 'name';
  /** Keyset position: [createdAt ISO, id] or [sortName, id]. */
  after?: [string, string];
  limit: number;
  includeDeleted: boolean;
}

/** Escapes LIKE wildcards so user input matches literally. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page (limit + 1 rows) in keyset order; never OFFSET, never a count. */
export function listCustomers(db: Kysely<Database>, q: CustomerListQuery) {
  return customerListQuery(db, q).execute();
}

/** The list query itself, so tests can EXPLAIN exactly what the API runs. */
export function customerListQuery(db: Kysely<Database>, q: CustomerListQuery) {
  let query = db
    .selectFrom('customers')
    .selectAll()
    .limit(q.limit + 1);
  if (!q.includeDeleted) query = query.where('deleted_at', 'is', null);
  if (q.status) query = query.where('status', '=', q.status as never);
  if (q.kycStatus) query = query.where('kyc_status', '=', q.kycStatus as never);
  if (q.type) query = query.where('type', '=', q.type as never);
  if (q.riskLevel) query = query.where('risk_level', '=', q.riskLevel as never);
  if (q.country) query = query.where('country', '=', q.country);
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
  if (q.sort === 'name') {
    if (q.after) query = query.where(sql`(sort_name, id)`, '>', sql`(${q.after[0]}, ${q.after[1]}::uuid)`);
    return query.orderBy('sort_name', 'asc').orderBy('id', 'asc');
  }
  if (q.after) {
    query = query.where(sql`(created_at, id)`, '<', sql`(${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`);
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc');
}
