import { ERASED_MARKER, erasedEmail, type RecordCounts } from '@cm/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

/** The hold in force on a customer, with the name of who placed it; undefined when none. */
export function findActiveHold(db: Kysely<Database>, customerId: string) {
  return db
    .selectFrom('legal_holds as h')
    .leftJoin('users as u', 'u.id', 'h.placed_by')
    .selectAll('h')
    .select('u.name as placed_by_name')
    .where('h.customer_id', '=', customerId)
    .where('h.lifted_at', 'is', null)
    .executeTakeFirst();
}

export function insertHold(
  db: Kysely<Database>,
  v: { customerId: string; reason: string; by: string | null; at: Date },
) {
  return db
    .insertInto('legal_holds')
    .values({ customer_id: v.customerId, reason: v.reason, placed_by: v.by, placed_at: v.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Lifts the hold in force; undefined when there was none. The row stays as history. */
export function liftActiveHold(
  db: Kysely<Database>,
  v: { customerId: string; reason: string; by: string | null; at: Date },
) {
  return db
    .updateTable('legal_holds')
    .set({ lifted_by: v.by, lifted_at: v.at, lift_reason: v.reason })
    .where('customer_id', '=', v.customerId)
    .where('lifted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

const countOf = async (q: { executeTakeFirst(): Promise<{ n: string | number | bigint } | undefined> }) =>
  Number((await q.executeTakeFirst())?.n ?? 0);

/** How many records of each kind still hold personal data about the customer (erased ones count 0). */
export async function privacyRecordCounts(
  db: Kysely<Database>,
  customer: { id: string; erased_at: Date | null },
): Promise<RecordCounts> {
  const id = customer.id;
  const erased = customer.erased_at !== null;
  const n = sql<string>`count(*)`.as('n');
  const [notes, documents, ticketMessages, ticketAttachments, clientUsers, kycDocuments, audit] = await Promise.all([
    countOf(
      db.selectFrom('customer_notes').select(n).where('customer_id', '=', id).where('content', '<>', ERASED_MARKER),
    ),
    countOf(db.selectFrom('customer_documents').select(n).where('customer_id', '=', id)),
    countOf(
      db
        .selectFrom('ticket_messages as m')
        .innerJoin('tickets as t', 't.id', 'm.ticket_id')
        .select(n)
        .where('t.customer_id', '=', id)
        .where('m.body', '<>', ERASED_MARKER),
    ),
    countOf(
      db
        .selectFrom('ticket_attachments as a')
        .innerJoin('tickets as t', 't.id', 'a.ticket_id')
        .select(n)
        .where('t.customer_id', '=', id),
    ),
    countOf(
      db
        .selectFrom('users')
        .select(n)
        .where('customer_id', '=', id)
        .where('email', 'not like', 'erased-%@erased.invalid'),
    ),
    countOf(db.selectFrom('kyc_documents').select(n).where('customer_id', '=', id)),
    countOf(db.selectFrom('audit_events').select(n).where('customer_id', '=', id).where('changes', 'is not', null)),
  ]);
  return {
    profile: erased ? 0 : 1,
    notes,
    documents,
    ticketMessages,
    ticketAttachments,
    clientUsers,
    auditPersonalValues: erased ? 0 : audit,
    kycDocuments,
  };
}

/**
 * Replaces the customer's personal fields with the erased marker and records the erasure. The
 * generated search and sort columns follow the fields, so no old value is searchable afterwards.
 * The customer number, type, country and statuses stay, so records still reconcile.
 */
export function eraseCustomerProfile(
  db: Kysely<Database>,
  id: string,
  v: { at: Date; by: string | null; kycEraseDue: Date | null },
) {
  return db
    .updateTable('customers')
    .set({
      first_name: sql`CASE WHEN type = 'individual' THEN ${ERASED_MARKER} END`,
      last_name: sql`CASE WHEN type = 'individual' THEN ${ERASED_MARKER} END`,
      company_name: sql`CASE WHEN type = 'business' THEN ${ERASED_MARKER} END`,
      email: erasedEmail(id),
      phone: null,
      date_of_birth: null,
      address_line1: null,
      address_line2: null,
      city: null,
      state: null,
      postal_code: null,
      status_reason: null,
      erasure_requested_at: v.at,
      erasure_requested_by: v.by,
      erased_at: v.at,
      kyc_erase_due: v.kycEraseDue,
      updated_at: v.at,
      updated_by: v.by,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ErasedRecords {
  notes: number;
  documents: number;
  ticketMessages: number;
  ticketAttachments: number;
  clientUsers: number;
  /** Files to remove from storage once the transaction has committed. */
  storageKeys: string[];
}

/**
 * Erases everything about the customer that no retention rule keeps: note titles and content,
 * customer documents (rows; their files are returned for removal), ticket subjects and messages,
 * ticket attachments, the customer's client logins (disabled, name and email replaced, sessions and
 * login attempts gone), stored idempotent responses and queued or sent notifications about it.
 */
export async function eraseCustomerRecords(
  db: Kysely<Database>,
  customer: { id: string; emails: string[]; names: string[] },
  at: Date,
): Promise<ErasedRecords> {
  const id = customer.id;
  const notes = await db
    .updateTable('customer_notes')
    .set({ title: null, content: ERASED_MARKER })
    .where('customer_id', '=', id)
    .where('content', '<>', ERASED_MARKER)
    .returning('id')
    .execute();
  const documents = await db
    .deleteFrom('customer_documents')
    .where('customer_id', '=', id)
    .returning('storage_key')
    .execute();
  const ticketIds = db.selectFrom('tickets').select('id').where('customer_id', '=', id);
  const attachments = await db
    .deleteFrom('ticket_attachments')
    .where('ticket_id', 'in', ticketIds)
    .returning('storage_key')
    .execute();
  const messages = await db
    .updateTable('ticket_messages')
    .set({ body: ERASED_MARKER })
    .where('ticket_id', 'in', ticketIds)
    .where('body', '<>', ERASED_MARKER)
    .returning('id')
    .execute();
  const tickets = await db
    .updateTable('tickets')
    .set({ subject: ERASED_MARKER })
    .where('customer_id', '=', id)
    .returning('ticket_number')
    .execute();

  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('customer_id', '=', id)
    .where('email', 'not like', 'erased-%@erased.invalid')
    .execute();
  for (const u of users) {
    await db
      .updateTable('users')
      .set({
        name: ERASED_MARKER,
        email: erasedEmail(u.id),
        disabled_at: sql`coalesce(disabled_at, ${at})`,
        version: sql`version + 1`,
      })
      .where('id', '=', u.id)
      .execute();
  }
  const userIds = users.map((u) => u.id);
  const emails = [...customer.emails, ...users.map((u) => u.email)].map((e) => e.toLowerCase());
  if (userIds.length) await db.deleteFrom('sessions').where('user_id', 'in', userIds).execute();
  if (emails.length) await db.deleteFrom('login_attempts').where(sql`lower(email)`, 'in', emails).execute();
  await db.deleteFrom('idempotency_keys').where(sql`response_body::text`, 'like', `%${id}%`).execute();

  // Notifications name the customer and its tickets: scrub (and stop) every one that mentions them.
  const needles = [...emails, ...customer.names, ...tickets.map((t) => t.ticket_number)].filter((s) => s.length >= 3);
  await db
    .updateTable('notification_outbox')
    .set({
      subject: ERASED_MARKER,
      text: ERASED_MARKER,
      html: ERASED_MARKER,
      recipient_email: sql`CASE WHEN recipient_user_id = ANY(${userIds}::uuid[]) OR lower(recipient_email) = ANY(${emails}::text[]) THEN 'erased@erased.invalid' ELSE recipient_email END`,
      next_attempt_at: null,
      last_error: sql`CASE WHEN sent_at IS NULL THEN 'not sent: the person was erased' ELSE last_error END`,
    })
    .where((eb) =>
      eb.or([
        ...(userIds.length ? [eb('recipient_user_id', 'in', userIds)] : []),
        ...(emails.length ? [eb(sql`lower(recipient_email)`, 'in', emails)] : []),
        ...needles.flatMap((s) => {
          const like = `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          return [eb('subject', 'ilike', like), eb('text', 'ilike', like), eb('html', 'ilike', like)];
        }),
      ]),
    )
    .execute();

  return {
    notes: notes.length,
    documents: documents.length,
    ticketMessages: messages.length,
    ticketAttachments: attachments.length,
    clientUsers: users.length,
    storageKeys: [...documents, ...attachments].map((r) => r.storage_key),
  };
}

/** Removes the customer's KYC document rows once retention has run out; their files are returned for removal. */
export async function eraseKycRecords(db: Kysely<Database>, customerId: string, at: Date) {
  const rows = await db
    .deleteFrom('kyc_documents')
    .where('customer_id', '=', customerId)
    .returning('storage_key')
    .execute();
  await db.updateTable('customers').set({ kyc_erased_at: at }).where('id', '=', customerId).execute();
  return rows.map((r) => r.storage_key);
}

/** Erased customers whose KYC records are due (retention over), not yet erased, and under no hold. */
export async function customersWithKycErasureDue(db: Kysely<Database>, now: Date, limit: number) {
  const rows = await db
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.kyc_erase_due', '<=', now)
    .where('c.kyc_erased_at', 'is', null)
    .where('c.erased_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('legal_holds as h')
            .select('h.id')
            .whereRef('h.customer_id', '=', 'c.id')
            .where('h.lifted_at', 'is', null),
        ),
      ),
    )
    .orderBy('c.kyc_erase_due')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
