import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database, TicketAttachmentsTable, TicketMessagesTable, TicketsTable } from '../schema';

const OPEN = ['new', 'open', 'pending_customer', 'on_hold'] as const;

/** Tickets with what every view shows beside them: the customer, the assignee and the queue by name. */
const withNames = (db: Kysely<Database>) =>
  db
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('ticket_groups as g', 'g.id', 't.group_id')
    .selectAll('t')
    .select([
      'c.customer_number',
      'c.type as customer_type',
      'c.first_name as customer_first_name',
      'c.last_name as customer_last_name',
      'c.company_name as customer_company_name',
      'a.name as assignee_name',
      'g.name as group_name',
    ]);

export type TicketWithNames = Selectable<TicketsTable> & {
  customer_number: string;
  customer_type: 'individual' | 'business';
  customer_first_name: string | null;
  customer_last_name: string | null;
  customer_company_name: string | null;
  assignee_name: string | null;
  group_name: string | null;
};

export function insertTicket(db: Kysely<Database>, values: Insertable<TicketsTable>) {
  return db.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A live ticket by id, with names; locked (the ticket row only) when the caller will change it. */
export function findTicket(db: Kysely<Database>, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = withNames(db).where('t.id', '=', id).where('t.deleted_at', 'is', null);
  if (opts.forUpdate) q = q.forUpdate('t');
  return q.executeTakeFirst() as Promise<TicketWithNames | undefined>;
}

/** Applies the patch only when `version` still matches; undefined means stale or gone. */
export function updateTicket(db: Kysely<Database>, id: string, version: number, patch: Updateable<TicketsTable>) {
  return db
    .updateTable('tickets')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Derived SLA fields (due times, state, breach marks): refreshed by the system, not edited by a
 * person, so the version a person's edit is checked against stays as it is.
 */
export function setTicketDerived(
  db: Kysely<Database>,
  id: string,
  patch: Pick<
    Updateable<TicketsTable>,
    | 'first_response_due_at'
    | 'resolution_due_at'
    | 'sla_state'
    | 'next_due_at'
    | 'due_soon_at'
    | 'first_response_breached_at'
    | 'resolution_breached_at'
  >,
) {
  return db.updateTable('tickets').set(patch).where('id', '=', id).execute();
}

export interface TicketListQuery {
  statuses?: readonly string[];
  priority?: string;
  groupId?: string;
  /** A user id, or null for unassigned tickets. */
  assigneeId?: string | null;
  customerId?: string;
  /** Only open, running tickets past due (or marked breached), or turning due soon, at `now`. */
  sla?: { state: 'breached' | 'due_soon' | 'paused' | 'met' | 'on_track'; now: Date };
  search?: string;
  sort: 'due' | 'updated' | 'created';
  /** Keyset position: [sort value (ISO), id]. */
  after?: [string, string];
  limit: number;
}

function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The list query itself (limit + 1 rows in keyset order), so tests can EXPLAIN what the API runs. */
export function ticketListQuery(db: Kysely<Database>, q: TicketListQuery) {
  let query = withNames(db)
    .where('t.deleted_at', 'is', null)
    .limit(q.limit + 1);
  if (q.statuses?.length) query = query.where('t.status', 'in', q.statuses as never);
  if (q.priority) query = query.where('t.priority', '=', q.priority as never);
  if (q.groupId) query = query.where('t.group_id', '=', q.groupId);
  if (q.assigneeId === null) query = query.where('t.assignee_id', 'is', null);
  else if (q.assigneeId) query = query.where('t.assignee_id', '=', q.assigneeId);
  if (q.customerId) query = query.where('t.customer_id', '=', q.customerId);
  if (q.sla) {
    const { state, now } = q.sla;
    const open = sql<boolean>`t.status IN ('new', 'open', 'pending_customer', 'on_hold')`;
    const breached = sql<boolean>`(t.next_due_at <= ${now} OR t.first_response_breached_at IS NOT NULL OR t.resolution_breached_at IS NOT NULL)`;
    if (state === 'breached') {
      query = query.where((eb) =>
        eb.or([
          eb.and([open, breached]),
          eb.and([eb('t.status', 'in', ['solved', 'closed']), eb('t.sla_state', '=', 'breached')]),
        ]),
      );
    } else if (state === 'due_soon') {
      query = query
        .where(open)
        .where('t.status', '<>', 'pending_customer')
        .where('t.due_soon_at', '<', now)
        .where(sql<boolean>`NOT ${breached}`);
    } else if (state === 'paused') {
      query = query.where('t.status', '=', 'pending_customer').where(sql<boolean>`NOT ${breached}`);
    } else if (state === 'met') {
      query = query.where('t.status', 'in', ['solved', 'closed']).where('t.sla_state', '=', 'met');
    } else {
      query = query
        .where(open)
        .where('t.status', '<>', 'pending_customer')
        .where('t.due_soon_at', '>=', now)
        .where(sql<boolean>`NOT ${breached}`);
    }
  }
  if (q.search) {
    const term = q.search.toLowerCase();
    query = query.where('t.search_text', 'like', `%${likeLiteral(term)}%`);
  }
  if (q.sort === 'due') {
    if (q.after)
      query = query.where(sql`(t.next_due_at, t.id)`, '>', sql`(${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`);
    return query.orderBy('t.next_due_at', 'asc').orderBy('t.id', 'asc');
  }
  const col = q.sort === 'created' ? 't.created_at' : 't.updated_at';
  if (q.after)
    query = query.where(sql`(${sql.ref(col)}, t.id)`, '<', sql`(${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`);
  return query.orderBy(col, 'desc').orderBy('t.id', 'desc');
}

export function listTickets(db: Kysely<Database>, q: TicketListQuery) {
  return ticketListQuery(db, q).execute() as Promise<TicketWithNames[]>;
}

export function insertTicketMessage(db: Kysely<Database>, values: Insertable<TicketMessagesTable>) {
  return db.insertInto('ticket_messages').values(values).returningAll().executeTakeFirstOrThrow();
}

export function insertTicketAttachment(db: Kysely<Database>, values: Insertable<TicketAttachmentsTable>) {
  return db.insertInto('ticket_attachments').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A thread page, oldest first; internal messages only when asked for (never for a client). */
export async function listTicketMessages(
  db: Kysely<Database>,
  q: { ticketId: string; includeInternal: boolean; afterSeq?: number; limit: number; messageId?: string },
) {
  let query = db
    .selectFrom('ticket_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .selectAll('m')
    .select('u.name as author_name')
    .where('m.ticket_id', '=', q.ticketId)
    .orderBy('m.seq', 'asc')
    .limit(q.limit + 1);
  if (!q.includeInternal) query = query.where('m.visibility', '=', 'public');
  if (q.messageId) query = query.where('m.id', '=', q.messageId);
  if (q.afterSeq !== undefined) query = query.where('m.seq', '>', q.afterSeq);
  const messages = await query.execute();
  const ids = messages.map((m) => m.id);
  const attachments = ids.length
    ? await db
        .selectFrom('ticket_attachments')
        .selectAll()
        .where('message_id', 'in', ids)
        .orderBy('message_id')
        .orderBy('position')
        .execute()
    : [];
  return messages.map((m) => ({ ...m, attachments: attachments.filter((a) => a.message_id === m.id) }));
}

/** An attachment of a live ticket; internal ones only when asked for. */
export function findTicketAttachment(
  db: Kysely<Database>,
  ticketId: string,
  attachmentId: string,
  opts: { includeInternal: boolean },
) {
  let q = db
    .selectFrom('ticket_attachments as a')
    .innerJoin('ticket_messages as m', 'm.id', 'a.message_id')
    .selectAll('a')
    .select('m.visibility')
    .where('a.id', '=', attachmentId)
    .where('a.ticket_id', '=', ticketId);
  if (!opts.includeInternal) q = q.where('m.visibility', '=', 'public');
  return q.executeTakeFirst();
}

/** A customer's live tickets waiting for an upload of this KYC document type. */
export function findTicketsAwaiting(db: Kysely<Database>, customerId: string, documentType: string) {
  return db
    .selectFrom('tickets')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'pending_customer')
    .where(sql<boolean>`awaiting->>'documentType' = ${documentType}`)
    .orderBy('created_at')
    .execute();
}

export function listTicketPauses(db: Kysely<Database>, ticketId: string) {
  return db.selectFrom('ticket_pauses').selectAll().where('ticket_id', '=', ticketId).orderBy('started_at').execute();
}

export function startTicketPause(db: Kysely<Database>, ticketId: string, at: Date) {
  return db
    .insertInto('ticket_pauses')
    .values({ ticket_id: ticketId, started_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function endTicketPause(db: Kysely<Database>, ticketId: string, at: Date) {
  return db
    .updateTable('ticket_pauses')
    .set({ ended_at: at })
    .where('ticket_id', '=', ticketId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Open, running tickets whose running target's due time has passed unrecorded (the sweep's work). */
export function ticketsPastDue(db: Kysely<Database>, now: Date, limit: number) {
  return db
    .selectFrom('tickets')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('status', 'in', OPEN)
    .where('next_due_at', '<=', now)
    .where(sql<boolean>`CASE WHEN first_responded_at IS NULL THEN first_response_breached_at IS NULL
                        ELSE resolution_breached_at IS NULL END`)
    .orderBy('next_due_at')
    .limit(limit)
    .execute();
}

/** Tickets solved before `cutoff` (the auto-close sweep's work). */
export function ticketsSolvedBefore(db: Kysely<Database>, cutoff: Date, limit: number) {
  return db
    .selectFrom('tickets')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('status', '=', 'solved')
    .where('solved_at', '<', cutoff)
    .orderBy('solved_at')
    .limit(limit)
    .execute();
}

/**
 * Counts for tickets.stats: by status and priority (live tickets), breached and due soon (open ones).
 *
 * Flat in the number of tickets: status, open-by-priority and "open with a recorded breach" are
 * counters kept by a trigger (ticket_counts); what depends on the clock — due soon, and past due
 * but not yet marked by the breach sweep — is counted in tickets_open_at_risk_idx, which holds
 * open tickets without a recorded breach by the first moment they are at risk, so the scan reads
 * only the tickets at risk now. The median first response reads the last 30 days from an index.
 */
export async function ticketCounts(db: Kysely<Database>, now: Date, since: Date) {
  const counters = await db
    .selectFrom('ticket_counts')
    .select(['dimension', 'value', 'n'])
    .where('n', '<>', 0)
    .execute();
  const sla = await sql<{ unmarked_past_due: number; due_soon: number; median: number | null }>`
    SELECT at_risk.unmarked_past_due, at_risk.due_soon,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_responded_at - created_at) / 60)
         FROM tickets WHERE deleted_at IS NULL AND first_responded_at >= ${since}) AS median
    FROM (
      SELECT
        (count(*) FILTER (WHERE next_due_at <= ${now}))::int AS unmarked_past_due,
        (count(*) FILTER (WHERE status <> 'pending_customer' AND due_soon_at < ${now} AND next_due_at > ${now}))::int
          AS due_soon
      FROM tickets
      WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold')
        AND first_response_breached_at IS NULL AND resolution_breached_at IS NULL
        AND least(due_soon_at, next_due_at) <= ${now}
    ) at_risk`.execute(db);
  const row = sla.rows[0]!;
  const of = (dimension: string) =>
    counters.filter((c) => c.dimension === dimension).map((c) => ({ key: c.value, n: Number(c.n) }));
  const marked = of('open_breached').reduce((sum, c) => sum + c.n, 0);
  return {
    byStatus: of('status') as { key: Selectable<TicketsTable>['status']; n: number }[],
    byPriority: of('open_priority') as { key: Selectable<TicketsTable>['priority']; n: number }[],
    // Open with a breach recorded, plus open and past due with none recorded yet.
    breached: marked + Number(row.unmarked_past_due),
    dueSoon: Number(row.due_soon),
    medianFirstResponseMinutes: row.median === null ? null : Number(row.median),
  };
}

// Queues and service levels

export function listTicketGroups(db: Kysely<Database>) {
  return db
    .selectFrom('ticket_groups as g')
    .selectAll('g')
    .select((eb) =>
      eb.fn
        .coalesce(
          eb
            .selectFrom('ticket_group_members as m')
            .select(sql<string[]>`array_agg(m.user_id::text ORDER BY m.user_id)`.as('ids'))
            .whereRef('m.group_id', '=', 'g.id'),
          sql<string[]>`'{}'::text[]`,
        )
        .as('member_ids'),
    )
    .orderBy(sql`lower(g.name)`)
    .execute();
}

export function findTicketGroup(db: Kysely<Database>, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('ticket_groups').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function groupMemberIds(db: Kysely<Database>, groupId: string) {
  return db
    .selectFrom('ticket_group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .orderBy('user_id')
    .execute()
    .then((rows) => rows.map((r) => r.user_id));
}

export async function replaceGroupMembers(db: Kysely<Database>, groupId: string, userIds: readonly string[]) {
  await db.deleteFrom('ticket_group_members').where('group_id', '=', groupId).execute();
  if (userIds.length) {
    await db
      .insertInto('ticket_group_members')
      .values(userIds.map((user_id) => ({ group_id: groupId, user_id })))
      .execute();
  }
}

export function listSlaPolicies(db: Kysely<Database>) {
  return db.selectFrom('sla_policies').selectAll().execute();
}

export function findSlaPolicy(db: Kysely<Database>, priority: string) {
  return db
    .selectFrom('sla_policies')
    .selectAll()
    .where('priority', '=', priority as never)
    .executeTakeFirstOrThrow();
}

export function findBusinessCalendar(db: Kysely<Database>, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('business_calendar').selectAll().where('id', '=', 1);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

/**
 * Announces a ticket change to every instance listening; PostgreSQL delivers it only when the
 * transaction commits. `visibility` says whether a client may hear of it (not of internal notes).
 */
export async function notifyTicketChange(
  db: Kysely<Database>,
  change: { ticketId: string; customerId: string; version: number; visibility: 'public' | 'internal' },
) {
  await sql`SELECT pg_notify('ticket_changes', ${JSON.stringify(change)})`.execute(db);
}

/** The customer's open compliance ticket opened by the system, if any (at most one, see 0014). */
export function findOpenComplianceTicket(db: Kysely<Database>, customerId: string) {
  return db
    .selectFrom('tickets')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('type', '=', 'compliance')
    .where('channel', '=', 'system')
    .where('deleted_at', 'is', null)
    .where('status', 'in', OPEN)
    .executeTakeFirst();
}

/** The queue compliance tickets go to: the one named "Compliance", if an admin made it. */
export function findComplianceGroup(db: Kysely<Database>) {
  return db.selectFrom('ticket_groups').select('id').where(sql`lower(name)`, '=', 'compliance').executeTakeFirst();
}

/**
 * Live customers whose verified identity documents all expire within [today, until] and who have
 * no open compliance ticket from the system yet: the compliance sweep's work.
 */
export function customersWithIdentityExpiring(db: Kysely<Database>, today: string, until: string, limit: number) {
  return db
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.deleted_at', 'is', null)
    .where('c.status', '<>', 'closed')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('kyc_documents as d')
          .select('d.id')
          .whereRef('d.customer_id', '=', 'c.id')
          .where('d.deleted_at', 'is', null)
          .where('d.status', '=', 'verified')
          .where('d.document_type', 'in', ['passport', 'national_id', 'drivers_license'])
          .where('d.expires_at', '>=', today)
          .where('d.expires_at', '<=', until),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('kyc_documents as n')
            .select('n.id')
            .whereRef('n.customer_id', '=', 'c.id')
            .where('n.deleted_at', 'is', null)
            .where('n.status', '=', 'verified')
            .where('n.document_type', 'in', ['passport', 'national_id', 'drivers_license'])
            .where('n.expires_at', '>', until),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('tickets as t')
            .select('t.id')
            .whereRef('t.customer_id', '=', 'c.id')
            .where('t.type', '=', 'compliance')
            .where('t.channel', '=', 'system')
            .where('t.deleted_at', 'is', null)
            .where('t.status', 'in', OPEN),
        ),
      ),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** A customer's tickets opened in [from, until), oldest first, up to `limit` (the service report). */
export function ticketsOpenedBetween(db: Kysely<Database>, customerId: string, from: Date, until: Date, limit: number) {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', until)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
