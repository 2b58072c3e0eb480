import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { prepared } from '../prepared';
import type { Database, KycDocumentsTable } from '../schema';

export function insertKycDocument(db: Kysely<Database>, values: Insertable<KycDocumentsTable>) {
  return db.insertInto('kyc_documents').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Documents with who uploaded and who verified them, by name (joined: users can be renamed). */
const withPeople = (db: Kysely<Database>) =>
  db
    .selectFrom('kyc_documents as d')
    .leftJoin('users as up', 'up.id', 'd.uploaded_by')
    .leftJoin('users as rv', 'rv.id', 'd.verified_by')
    .selectAll('d')
    .select(['up.name as uploaded_by_name', 'rv.name as verified_by_name']);

/** A customer's documents, newest first; the customer id is always part of the lookup. */
const customerDocuments = (db: Kysely<Database>, customerId: string) =>
  withPeople(db).where('d.customer_id', '=', customerId).orderBy('d.uploaded_at', 'desc').orderBy('d.id', 'desc');
/** Compiled once (see prepared.ts): KYC status, the customer page and every review read these. */
const documentsOf = {
  live: prepared((db, customerId: string) => customerDocuments(db, customerId).where('d.deleted_at', 'is', null)),
  all: prepared((db, customerId: string) => customerDocuments(db, customerId)),
};

export function listKycDocuments(db: Kysely<Database>, customerId: string, opts: { includeDeleted?: boolean } = {}) {
  return (opts.includeDeleted ? documentsOf.all : documentsOf.live)(db, customerId);
}

export function findKycDocument(
  db: Kysely<Database>,
  customerId: string,
  documentId: string,
  opts: { forUpdate?: boolean } = {},
) {
  let q = withPeople(db)
    .where('d.id', '=', documentId)
    .where('d.customer_id', '=', customerId)
    .where('d.deleted_at', 'is', null);
  // Only the document row is locked; the joined users are read, not locked.
  if (opts.forUpdate) q = q.forUpdate('d');
  return q.executeTakeFirst();
}

/** Applies the patch only when `version` still matches; undefined means stale or gone. */
export function updateKycDocument(
  db: Kysely<Database>,
  id: string,
  version: number,
  patch: Updateable<KycDocumentsTable>,
) {
  return db
    .updateTable('kyc_documents')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Keyset-paged by (expires_at, id); `limit + 1` rows so the caller can tell if more exist. */
export function listExpiringKycDocuments(
  db: Kysely<Database>,
  from: string,
  to: string,
  limit: number,
  after?: [string, string],
) {
  let q = withPeople(db)
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .select(['c.customer_number', 'c.type as customer_type', 'c.first_name', 'c.last_name', 'c.company_name'])
    .where('d.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null)
    .where('d.status', '<>', 'rejected')
    .where('d.expires_at', '>=', from)
    .where('d.expires_at', '<=', to)
    .orderBy('d.expires_at')
    .orderBy('d.id')
    .limit(limit + 1);
  if (after) q = q.where(sql`(d.expires_at, d.id)`, '>', sql`(${after[0]}::date, ${after[1]}::uuid)`);
  return q.execute();
}

/**
 * Live documents of several customers, each customer's newest first (the order listKycDocuments
 * gives, which the status rules' tie-break depends on).
 */
export function listKycDocumentsOfCustomers(db: Kysely<Database>, customerIds: readonly string[]) {
  if (customerIds.length === 0) return Promise.resolve([]);
  return withPeople(db)
    .where('d.customer_id', 'in', customerIds)
    .where('d.deleted_at', 'is', null)
    .orderBy('d.customer_id')
    .orderBy('d.uploaded_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
}

export interface ReviewQueueFilter {
  documentType?: KycDocumentsTable['document_type'];
  /** The customer's country (ISO alpha-2). */
  country?: string;
}

const pendingForReview = (db: Kysely<Database>, f: ReviewQueueFilter) => {
  let q = db
    .selectFrom('kyc_documents as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .where('d.status', '=', 'pending')
    .where('d.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null);
  if (f.documentType) q = q.where('d.document_type', '=', f.documentType);
  if (f.country) q = q.where('c.country', '=', f.country);
  return q;
};

/**
 * The KYC review queue: pending documents of live customers, oldest upload first, keyset-paged by
 * (uploaded_at, id) over a partial index; `limit + 1` rows so the caller can tell if more exist.
 */
export function listReviewQueue(db: Kysely<Database>, f: ReviewQueueFilter, limit: number, after?: [string, string]) {
  let q = pendingForReview(db, f)
    .leftJoin('users as up', 'up.id', 'd.uploaded_by')
    .leftJoin('users as rv', 'rv.id', 'd.verified_by')
    .selectAll('d')
    .select(['up.name as uploaded_by_name', 'rv.name as verified_by_name'])
    .select([
      'c.customer_number',
      'c.type as customer_type',
      'c.first_name',
      'c.last_name',
      'c.company_name',
      'c.country as customer_country',
    ])
    .orderBy('d.uploaded_at')
    .orderBy('d.id')
    .limit(limit + 1);
  if (after) q = q.where(sql`(d.uploaded_at, d.id)`, '>', sql`(${after[0]}::timestamptz, ${after[1]}::uuid)`);
  return q.execute();
}

export async function countReviewQueue(db: Kysely<Database>, f: ReviewQueueFilter) {
  const row = await pendingForReview(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Customers whose stored KYC status may be out of date because a document expired before `today`. */
export async function customersWithNewlyExpiredDocuments(db: Kysely<Database>, today: string) {
  return (await customersToRecheckForExpiry(db, today)).map((r) => r.id);
}

/** As customersWithNewlyExpiredDocuments, with the type and stored status the sweep judges by. */
export function customersToRecheckForExpiry(db: Kysely<Database>, today: string) {
  return (
    db
      .selectFrom('kyc_documents as d')
      .innerJoin('customers as c', 'c.id', 'd.customer_id')
      .select(['c.id', 'c.type', 'c.kyc_status'])
      .distinct()
      .where('d.deleted_at', 'is', null)
      .where('c.deleted_at', 'is', null)
      .where('d.status', '<>', 'rejected')
      .where('d.expires_at', '<', today)
      .where('c.kyc_status', 'in', ['verified', 'pending'])
      // A verified, unexpired renewal of the same type makes the old one irrelevant to the status, so
      // customers who renewed are not re-derived on every run. (A renewal still pending review does
      // not: the lapse can turn a verified customer pending.)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('kyc_documents as n')
              .select('n.id')
              .whereRef('n.customer_id', '=', 'd.customer_id')
              .whereRef('n.document_type', '=', 'd.document_type')
              .where('n.deleted_at', 'is', null)
              .where('n.status', '=', 'verified')
              .where((eb) => eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>=', today)])),
          ),
        ),
      )
      .orderBy('c.id')
      .execute()
  );
}

/** Which of these storage keys a KYC document, customer document or ticket attachment row (live or deleted) still refers to. */
export async function referencedStorageKeys(db: Kysely<Database>, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('kyc_documents')
    .select('storage_key')
    .where('storage_key', 'in', keys)
    .union(db.selectFrom('customer_documents').select('storage_key').where('storage_key', 'in', keys))
    .union(db.selectFrom('ticket_attachments').select('storage_key').where('storage_key', 'in', keys))
    .execute();
  return new Set(rows.map((r) => r.storage_key));
}
