import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { CustomerDocumentsTable, Database } from '../schema';

const withAuthor = (db: Kysely<Database>) =>
  db
    .selectFrom('customer_documents as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .selectAll('d')
    .select('u.name as created_by_name');

export function insertDocument(db: Kysely<Database>, values: Insertable<CustomerDocumentsTable>) {
  return db.insertInto('customer_documents').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findDocument(
  db: Kysely<Database>,
  customerId: string,
  documentId: string,
  opts: { forUpdate?: boolean } = {},
) {
  let q = withAuthor(db)
    .where('d.id', '=', documentId)
    .where('d.customer_id', '=', customerId)
    .where('d.deleted_at', 'is', null);
  // Only the document row is locked; the joined user is read, not locked.
  if (opts.forUpdate) q = q.forUpdate('d');
  return q.executeTakeFirst();
}

export function updateDocument(
  db: Kysely<Database>,
  id: string,
  version: number,
  patch: Updateable<CustomerDocumentsTable>,
) {
  return db
    .updateTable('customer_documents')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** Newest first; keyset over (created_at, id). */
export function listDocuments(
  db: Kysely<Database>,
  q: { customerId: string; category?: string; after?: [string, string]; limit: number; includeDeleted?: boolean },
) {
  let query = withAuthor(db)
    .where('d.customer_id', '=', q.customerId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(q.limit + 1);
  if (!q.includeDeleted) query = query.where('d.deleted_at', 'is', null);
  if (q.category) query = query.where('d.category', '=', q.category as never);
  if (q.after)
    query = query.where(sql`(d.created_at, d.id)`, '<', sql`(${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`);
  return query.execute();
}
