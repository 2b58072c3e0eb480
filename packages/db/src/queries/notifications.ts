import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, NotificationOutboxTable } from '../schema';

/** Someone a notification goes to. */
export interface NotificationRecipient {
  id: string;
  email: string;
  name: string;
}

/**
 * Writes one message to the outbox (in the caller's transaction). A message whose dedupe key is
 * already there is skipped; returns whether it was written.
 */
export async function insertOutboxMessage(db: Kysely<Database>, values: Insertable<NotificationOutboxTable>) {
  const row = await db
    .insertInto('notification_outbox')
    .values(values)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a one-off event; true the first time only, so it is announced once whoever races for it. */
export async function claimNotificationEvent(db: Kysely<Database>, key: string, at: Date) {
  const row = await db
    .insertInto('notification_events')
    .values({ key, created_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Messages due to be sent, oldest due first. */
export function dueOutboxMessages(db: Kysely<Database>, now: Date, limit: number) {
  return db
    .selectFrom('notification_outbox')
    .selectAll()
    .where('next_attempt_at', 'is not', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks a message sent; true when it was still unsent. */
export async function markOutboxSent(db: Kysely<Database>, id: string, at: Date) {
  const res = await db
    .updateTable('notification_outbox')
    .set((eb) => ({ sent_at: at, next_attempt_at: null, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Records a failed attempt: the next one at `nextAttemptAt`, or none (given up) when null. */
export async function markOutboxFailed(
  db: Kysely<Database>,
  id: string,
  failure: { attempts: number; nextAttemptAt: Date | null; error: string },
) {
  await db
    .updateTable('notification_outbox')
    .set({ attempts: failure.attempts, next_attempt_at: failure.nextAttemptAt, last_error: failure.error })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

export type OutboxStatusFilter = 'pending' | 'sent' | 'failed';

/** The outbox, newest first, keyset-paged on (created_at, id); `limit + 1` rows. */
export function listOutbox(
  db: Kysely<Database>,
  q: { status?: OutboxStatusFilter; after?: readonly [string, string]; limit: number },
) {
  let query = db
    .selectFrom('notification_outbox')
    .select([
      'id',
      'kind',
      'recipient_user_id',
      'recipient_email',
      'subject',
      'attempts',
      'created_at',
      'next_attempt_at',
      'sent_at',
      'last_error',
    ]);
  if (q.status === 'sent') query = query.where('sent_at', 'is not', null);
  if (q.status === 'pending') query = query.where('next_attempt_at', 'is not', null);
  if (q.status === 'failed') query = query.where('sent_at', 'is', null).where('next_attempt_at', 'is', null);
  if (q.after) {
    const [createdAt, id] = q.after;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}

export function findOutboxMessage(db: Kysely<Database>, id: string) {
  return db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The kinds a user turned off (none stored: none). */
export async function disabledNotificationKinds(db: Kysely<Database>, userId: string): Promise<string[]> {
  const row = await db
    .selectFrom('notification_preferences')
    .select('disabled_kinds')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.disabled_kinds ?? [];
}

export async function saveNotificationPreferences(
  db: Kysely<Database>,
  userId: string,
  disabledKinds: readonly string[],
  at: Date,
) {
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, disabled_kinds: [...disabledKinds], updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ disabled_kinds: [...disabledKinds], updated_at: at }))
    .execute();
}

/** A customer's active client users: who hears about their tickets and documents. */
export function clientRecipients(db: Kysely<Database>, customerId: string): Promise<NotificationRecipient[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('customer_id', '=', customerId)
    .where('role', '=', 'client')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Of these users, the active staff who have not turned `kind` off. */
export async function staffRecipients(
  db: Kysely<Database>,
  userIds: readonly string[],
  kind: string,
): Promise<NotificationRecipient[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users as u')
    .leftJoin('notification_preferences as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('u.id', 'in', [...userIds])
    .where('u.role', '!=', 'client')
    .where('u.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('p.disabled_kinds', 'is', null), sql<boolean>`NOT (${kind} = ANY(p.disabled_kinds))`]))
    .orderBy('u.id')
    .execute();
}

/**
 * Open, running tickets whose running target turned "due soon" and has not been announced yet
 * (the event key is `ticket.due_soon:<ticketId>:<target>`); breached ones are left to the breach
 * notice.
 */
export function ticketsDueSoonUnannounced(db: Kysely<Database>, now: Date, limit: number) {
  const target = sql<'first_response' | 'resolution'>`CASE WHEN t.first_responded_at IS NULL
    THEN 'first_response' ELSE 'resolution' END`;
  return db
    .selectFrom('tickets as t')
    .select(['t.id', target.as('target')])
    .where('t.deleted_at', 'is', null)
    .where('t.status', 'in', ['new', 'open', 'on_hold'])
    .where('t.due_soon_at', '<=', now)
    .where('t.next_due_at', '>', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification_events as e')
            .select('e.key')
            .where(sql<boolean>`e.key = 'ticket.due_soon:' || t.id::text || ':' || ${target}`),
        ),
      ),
    )
    .orderBy('t.due_soon_at')
    .limit(limit)
    .execute();
}

/**
 * Verified KYC documents expiring within `days[0]` days after `today` (YYYY-MM-DD), with the notice
 * due for each (the tightest of `days` reached), unless that notice was already announced (event
 * key `kyc.expiring:<documentId>:<days>`) or a newer verified document of the same type replaces it.
 */
export function kycDocumentsNearingExpiry(db: Kysely<Database>, today: string, days: readonly number[], limit: number) {
  const sorted = [...days].sort((a, b) => a - b);
  const cases = sql.join(
    sorted.map((d) => sql`WHEN d.expires_at <= ${today}::date + ${d}::integer THEN ${d}::integer`),
    sql` `,
  );
  const notice = sql<number>`(CASE ${cases} END)`;
  return db
    .selectFrom('kyc_documents as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .select(['d.id', 'd.customer_id', 'd.document_type', 'd.expires_at', notice.as('notice_days')])
    .where('d.status', '=', 'verified')
    .where('d.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null)
    .where(sql<boolean>`d.expires_at > ${today}::date`)
    .where(sql<boolean>`d.expires_at <= ${today}::date + ${sorted.at(-1)!}::integer`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('kyc_documents as n')
            .select('n.id')
            .whereRef('n.customer_id', '=', 'd.customer_id')
            .whereRef('n.document_type', '=', 'd.document_type')
            .where('n.status', '=', 'verified')
            .where('n.deleted_at', 'is', null)
            .where(sql<boolean>`(n.expires_at IS NULL OR n.expires_at > d.expires_at)`),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification_events as e')
            .select('e.key')
            .where(sql<boolean>`e.key = 'kyc.expiring:' || d.id::text || ':' || ${notice}::text`),
        ),
      ),
    )
    .orderBy('d.expires_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** What a ticket notification says about its ticket: number, subject, customer and queue names. */
export function ticketNotificationFacts(db: Kysely<Database>, ticketId: string) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('ticket_groups as g', 'g.id', 't.group_id')
    .select([
      't.id',
      't.ticket_number',
      't.subject',
      't.priority',
      't.customer_id',
      't.group_id',
      't.assignee_id',
      't.first_response_due_at',
      't.resolution_due_at',
      'c.type as customer_type',
      'c.first_name',
      'c.last_name',
      'c.company_name',
      'g.name as group_name',
    ])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
}
