/**
 * Bulk tickets for the benchmark, generated inside the database like the customers: staff users and
 * queues first, then N tickets with INSERT … SELECT generate_series in batches, spread over the
 * customers already loaded, then (if asked) a short thread of 1–3 messages per ticket.
 *
 * The spread: ~70% solved or closed, ~30% in an open status; priorities mostly normal; five queues
 * and twenty agents (about 15% of tickets unassigned); open tickets due around now (some past due and
 * marked breached, as the breach sweep would have left them, some due soon), the far-future sentinel
 * for tickets whose clock does not run; created over the last two years.
 */
import { type Db, sql } from '@cm/db';
import { withoutSecondaryIndexes } from './seed';

export const STAFF_USERS = 20;
export const TICKET_GROUPS = ['Onboarding', 'Payments', 'Compliance', 'Technical', 'Accounts'];
/** A word in about one subject in 40: the "subject word" of the search cases. */
export const COMMON_SUBJECT_WORD = 'chargeback';
/** A word planted in about one subject in 100,000: the "rare word" of the search cases. */
export const RARE_SUBJECT_WORD = 'zygomorph';
const RARE_EVERY = 99_991;

const SUBJECTS = [
  'Cannot log in to the portal',
  'Question about my last invoice',
  'Card payment declined',
  'Update of registered address',
  'Request for account statement',
  'Unexpected fee on statement',
  'Transfer not received',
  'Please close my account',
  'Passport renewal for KYC',
  'Proof of address rejected',
  'Two-factor code not arriving',
  'Change of company director',
  'Complaint about response time',
  'Tax residency self-certification',
  'Source of funds request',
  'API key rotation',
  'Webhook deliveries failing',
  'Duplicate direct debit',
  'Refund for cancelled order',
  'Limit increase request',
  'Disputed transaction',
  'Sanctions screening hit review',
  'Beneficial owner update',
  'Export of transactions as CSV',
  'Password reset link expired',
  'Statement shows wrong name',
  'Currency conversion rate query',
  'Account frozen after login attempts',
  'Chargeback on card payment',
  'Document upload keeps failing',
  'Questions about interest rates',
  'New user for our team',
  'Mobile app crashes on start',
  'Standing order not executed',
  'IBAN confirmation letter',
  'Data access request (GDPR)',
  'Suspicious email received',
  'Merchant category wrong',
  'Late payment reminder in error',
  'Phone number change',
];

/** A SQL array literal from trusted constants (quotes doubled). */
function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

export interface TicketSeedOptions {
  tickets: number;
  batchSize: number;
  /** 1–3 messages per ticket (not measured; the thread index is part of the table's weight). */
  messages: boolean;
  onProgress?: (message: string) => void;
}

export interface TicketSeedResult {
  tickets: number;
  open: number;
  messages: number;
  staffIds: string[];
  groupIds: string[];
  loadSeconds: number;
  indexSeconds: number;
  vacuumSeconds: number;
}

async function staffAndGroups(db: Db) {
  // Password hashes are placeholders: nobody signs in as these agents.
  await sql`
    INSERT INTO users (email, name, role, password_hash)
    SELECT 'agent' || n || '@bench.example', 'Agent ' || n, CASE WHEN n <= 2 THEN 'admin' ELSE 'corporate' END, 'x'
    FROM generate_series(1, ${sql.lit(STAFF_USERS)}) AS n`.execute(db);
  await sql.raw(`INSERT INTO ticket_groups (name) SELECT unnest(${textArray(TICKET_GROUPS)})`).execute(db);
  // Four agents per queue, each agent in one queue.
  await sql`
    INSERT INTO ticket_group_members (group_id, user_id)
    SELECT g.id, u.id
    FROM (SELECT id, row_number() OVER (ORDER BY email) AS k FROM users WHERE email LIKE 'agent%@bench.example') u
    JOIN (SELECT id, row_number() OVER (ORDER BY name) AS k FROM ticket_groups) g
      ON g.k = 1 + (u.k - 1) % ${sql.lit(TICKET_GROUPS.length)}`.execute(db);
  const staff = await sql<{ id: string }>`
    SELECT id FROM users WHERE email LIKE 'agent%@bench.example' ORDER BY email`.execute(db);
  const groups = await sql<{ id: string }>`SELECT id FROM ticket_groups ORDER BY name`.execute(db);
  return { staffIds: staff.rows.map((r) => r.id), groupIds: groups.rows.map((r) => r.id) };
}

function ticketBatch(db: Db, from: number, to: number, total: number, customers: number) {
  const spanSeconds = 2 * 365 * 86400;
  return sql`
    INSERT INTO tickets (ticket_number, customer_id, subject, type, priority, status, group_id, assignee_id, channel,
      tags, first_response_due_at, resolution_due_at, first_responded_at, solved_at, closed_at, sla_state,
      next_due_at, due_soon_at, first_response_breached_at, resolution_breached_at, paused_since,
      created_at, updated_at)
    SELECT
      -- Explicit numbers from the real sequence, past T-999999 too (the column default is lpad(…, 6)).
      'T-' || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END,
      customer_id, subject, type, priority, status, group_id, assignee_id, channel, tags,
      created_at + make_interval(mins => fr_minutes),
      created_at + make_interval(mins => res_minutes),
      first_responded_at, solved_at,
      CASE WHEN status = 'closed' THEN least(now(), solved_at + interval '7 days') END,
      CASE
        WHEN status IN ('solved', 'closed') THEN CASE WHEN r_breach < 0.15 THEN 'breached' ELSE 'met' END
        WHEN status = 'pending_customer' THEN 'paused'
        WHEN next_due <= now() OR fr_breached THEN 'breached'
        WHEN next_due - due_soon_lead <= now() THEN 'due_soon'
        ELSE 'on_track'
      END,
      CASE WHEN running THEN next_due ELSE timestamptz '9999-12-31T00:00:00Z' END,
      CASE WHEN running THEN next_due - due_soon_lead ELSE timestamptz '9999-12-31T00:00:00Z' END,
      -- Marks as the breach sweep leaves them: first response missed (before or after the reply came),
      -- or the running resolution target missed.
      CASE
        WHEN running AND first_responded_at IS NULL AND next_due <= now() THEN least(now(), next_due + interval '1 minute')
        WHEN fr_breached OR (status IN ('solved', 'closed') AND r_breach < 0.08) THEN first_responded_at
      END,
      CASE
        WHEN running AND first_responded_at IS NOT NULL AND next_due <= now() THEN least(now(), next_due + interval '1 minute')
        WHEN status IN ('solved', 'closed') AND r_breach >= 0.08 AND r_breach < 0.15 THEN solved_at
      END,
      CASE WHEN status = 'pending_customer' THEN now() - make_interval(mins => floor(r_due * 7200)::int) END,
      created_at,
      CASE WHEN status = 'closed' THEN least(now(), solved_at + interval '7 days')
           WHEN status = 'solved' THEN solved_at
           ELSE created_at + r_upd * (now() - created_at) END
    FROM (
      SELECT *, nextval('ticket_number_seq') AS seq,
        status IN ('new', 'open', 'on_hold') AS running,
        first_responded_at IS NOT NULL AND r_breach < 0.05 AND status IN ('open', 'on_hold') AS fr_breached,
        -- Open clocks due from two days ago to eight days ahead: ~20% past due, some due soon.
        date_trunc('milliseconds', now() + make_interval(secs => (r_due * 10 - 2) * 86400)) AS next_due,
        make_interval(mins => CASE priority WHEN 'urgent' THEN 120 WHEN 'high' THEN 360
                                            WHEN 'normal' THEN 720 ELSE 1800 END) AS due_soon_lead,
        CASE priority WHEN 'urgent' THEN 60 WHEN 'high' THEN 240 WHEN 'normal' THEN 480 ELSE 1440 END AS fr_minutes,
        CASE priority WHEN 'urgent' THEN 480 WHEN 'high' THEN 1440 WHEN 'normal' THEN 2880 ELSE 7200 END AS res_minutes,
        CASE WHEN status IN ('solved', 'closed')
          THEN date_trunc('milliseconds', least(now(), created_at + make_interval(mins => 30 + floor(r_upd * 7200)::int))) END
          AS solved_at
      FROM (
        SELECT *,
          CASE WHEN status = 'new' OR r_fr >= 0.9 THEN NULL
            ELSE date_trunc('milliseconds', least(now(), created_at + make_interval(mins => 2 + floor(r_fr * r_fr * 1500)::int))) END
            AS first_responded_at
        FROM (
          SELECT g AS i, ck.id AS customer_id, bg.id AS group_id, bs.id AS assignee_id,
            CASE WHEN g % ${sql.lit(RARE_EVERY)} = 23 THEN ${sql.lit(`Question about ${RARE_SUBJECT_WORD} clause`)}
                 WHEN r_subj < 0.025 THEN ${sql.lit(`Card ${COMMON_SUBJECT_WORD} dispute`)}
                 ELSE (${sql.raw(textArray(SUBJECTS))})[1 + floor(r_subj * ${sql.lit(SUBJECTS.length)})::int] END AS subject,
            CASE WHEN r_type < 0.45 THEN 'question' WHEN r_type < 0.65 THEN 'request' WHEN r_type < 0.82 THEN 'incident'
                 WHEN r_type < 0.92 THEN 'complaint' ELSE 'compliance' END AS type,
            CASE WHEN r_prio < 0.12 THEN 'low' WHEN r_prio < 0.80 THEN 'normal' WHEN r_prio < 0.95 THEN 'high'
                 ELSE 'urgent' END AS priority,
            CASE WHEN r_status < 0.62 THEN 'closed' WHEN r_status < 0.70 THEN 'solved' WHEN r_status < 0.76 THEN 'new'
                 WHEN r_status < 0.89 THEN 'open' WHEN r_status < 0.95 THEN 'pending_customer' ELSE 'on_hold' END AS status,
            -- 'system' only for incidents: a system compliance ticket is one per customer (a unique index).
            CASE WHEN r_chan < 0.40 THEN 'portal' WHEN r_chan < 0.75 THEN 'console'
                 WHEN r_chan < 0.95 OR r_type < 0.65 OR r_type >= 0.82 THEN 'api' ELSE 'system' END AS channel,
            CASE WHEN r_chan < 0.05 THEN ARRAY['vip'] WHEN r_chan > 0.97 THEN ARRAY['escalated', 'legal'] ELSE '{}' END
              AS tags,
            -- Created in ticket-number order over the last two years (as a live system fills up).
            date_trunc('milliseconds', now() - make_interval(secs => ${sql.lit(spanSeconds)})
              + make_interval(secs => (g::float8 / ${sql.lit(total)}) * ${sql.lit(spanSeconds)} - r_upd * 3600))
              AS created_at,
            r_due, r_upd, r_fr, r_breach
          FROM (
            SELECT g, random() AS r_subj, random() AS r_type, random() AS r_prio, random() AS r_status,
              random() AS r_chan, random() AS r_due, random() AS r_upd, random() AS r_fr, random() AS r_breach,
              1 + floor(random() * ${sql.lit(customers)})::int AS customer_k,
              CASE WHEN random() >= 0.05 THEN 1 + floor(random() * ${sql.lit(TICKET_GROUPS.length)})::int END AS group_k,
              CASE WHEN random() >= 0.15 THEN 1 + floor(random() * ${sql.lit(STAFF_USERS)})::int END AS staff_k
            FROM generate_series(${sql.lit(from)}::int, ${sql.lit(to)}::int) AS g
          ) draws
          JOIN bench_customer_keys ck ON ck.k = draws.customer_k
          LEFT JOIN bench_groups bg ON bg.k = draws.group_k
          LEFT JOIN bench_staff bs ON bs.k = draws.staff_k
        ) base
      ) responded
    ) t`.execute(db);
}

function ticketMessages(db: Db) {
  // The opening message from the client or an agent, then up to two more (a reply and a note).
  return sql`
    INSERT INTO ticket_messages (ticket_id, visibility, author_id, author_kind, body, created_at)
    SELECT t.id,
      CASE WHEN n = 3 THEN 'internal' ELSE 'public' END,
      CASE WHEN n = 1 AND t.channel = 'portal' THEN NULL ELSE t.assignee_id END,
      CASE WHEN n = 1 AND t.channel = 'portal' THEN 'client' WHEN n = 1 AND t.channel = 'system' THEN 'system'
           ELSE 'staff' END,
      CASE n WHEN 1 THEN 'Hello, ' || lower(t.subject) || '. Could you please look into this? Thank you.'
             WHEN 2 THEN 'Thank you for getting in touch. We are looking into it and will update you shortly.'
             ELSE 'Checked the account history; nothing unusual so far.' END,
      CASE WHEN n = 1 THEN t.created_at ELSE coalesce(t.first_responded_at, t.created_at) + make_interval(mins => n) END
    FROM tickets t, generate_series(1, 1 + (hashtext(t.id::text) & 3) % 3) AS n`.execute(db);
}

/** Loads the tickets (secondary indexes rebuilt after), then VACUUM ANALYZE the ticket tables. */
export async function seedTickets(db: Db, kind: 'postgres' | 'pglite', opts: TicketSeedOptions) {
  const log = opts.onProgress ?? (() => {});
  await sql`SELECT setseed(0.2424)`.execute(db);
  if (kind === 'postgres') {
    await sql`SET maintenance_work_mem = '256MB'`.execute(db);
    await sql`SET synchronous_commit = off`.execute(db);
  }
  const { staffIds, groupIds } = await staffAndGroups(db);
  // Dense keys to draw customers, agents and queues by number (one connection: temp tables stick).
  await sql`
    CREATE TEMP TABLE bench_customer_keys AS
    SELECT row_number() OVER (ORDER BY id) AS k, id FROM customers WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX ON bench_customer_keys (k)`.execute(db);
  await sql`ANALYZE bench_customer_keys`.execute(db);
  const customers =
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_customer_keys`.execute(db)).rows[0]?.n ?? 0;
  if (customers === 0) throw new Error('tickets need customers: load them first');
  await sql`
    CREATE TEMP TABLE bench_staff AS
    SELECT row_number() OVER (ORDER BY email) AS k, id FROM users WHERE email LIKE 'agent%@bench.example'`.execute(db);
  await sql`CREATE TEMP TABLE bench_groups AS SELECT row_number() OVER (ORDER BY name) AS k, id FROM ticket_groups`.execute(
    db,
  );

  const t0 = performance.now();
  let tLoaded = t0;
  await withoutSecondaryIndexes(db, ['tickets', 'ticket_messages'], async () => {
    for (let from = 1; from <= opts.tickets; from += opts.batchSize) {
      const to = Math.min(opts.tickets, from + opts.batchSize - 1);
      await ticketBatch(db, from, to, opts.tickets, customers);
      log(`tickets ${to.toLocaleString('en')} / ${opts.tickets.toLocaleString('en')}`);
    }
    if (opts.messages) {
      await ticketMessages(db);
      log('ticket messages inserted');
    }
    tLoaded = performance.now();
    log('rebuilding ticket indexes');
  });
  const tIndexed = performance.now();
  await sql`DROP TABLE bench_customer_keys, bench_staff, bench_groups`.execute(db);
  log('vacuum analyze tickets');
  await sql`VACUUM ANALYZE tickets`.execute(db);
  await sql`VACUUM ANALYZE ticket_messages`.execute(db);
  const tDone = performance.now();
  const counts = await sql<{ t: number; o: number; m: number }>`
    SELECT (SELECT count(*) FROM tickets)::int AS t,
      (SELECT count(*) FROM tickets WHERE status IN ('new', 'open', 'pending_customer', 'on_hold'))::int AS o,
      (SELECT count(*) FROM ticket_messages)::int AS m`.execute(db);
  const row = counts.rows[0];
  return {
    tickets: row?.t ?? 0,
    open: row?.o ?? 0,
    messages: row?.m ?? 0,
    staffIds,
    groupIds,
    loadSeconds: (tLoaded - t0) / 1000,
    indexSeconds: (tIndexed - tLoaded) / 1000,
    vacuumSeconds: (tDone - tIndexed) / 1000,
  } satisfies TicketSeedResult;
}
