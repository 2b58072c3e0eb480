/**
 * Ticket cases: the list query the API runs (`ticketListQuery`, exactly as `tickets.list` builds
 * it for each console view) and `ticketCounts` (`tickets.stats`), timed warm and EXPLAINed.
 */
import { type Db, insertTicket, sql, type TicketListQuery, ticketCounts, ticketListQuery } from '@cm/db';
import type { CaseSpec } from './queries';
import { COMMON_SUBJECT_WORD, RARE_SUBJECT_WORD } from './ticket-seed';

const OPEN = ['new', 'open', 'pending_customer', 'on_hold'] as const;
const PAGE = 25;
/** The keyset page the "deep" inbox case starts from (capped at half the agent's open tickets). */
const DEEP_PAGES = 20;

function listQuery(q: Partial<TicketListQuery>): TicketListQuery {
  return { sort: 'updated', limit: PAGE, ...q };
}

/** The ticket cases on one database, with keys (agent, queue, customers, cursor) taken from its data. */
export async function ticketCases(db: Db, ctx: { groupIds: string[] }): Promise<CaseSpec[]> {
  // The agent with the most open tickets: the inbox at its fullest.
  const agent = (
    await sql<{ id: string; n: number }>`
      SELECT assignee_id AS id, count(*)::int AS n FROM tickets
      WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold') AND assignee_id IS NOT NULL
      GROUP BY assignee_id ORDER BY n DESC LIMIT 1`.execute(db)
  ).rows[0];
  if (!agent) throw new Error('no assigned open tickets: seed tickets first');
  const inbox = (after?: [string, string]) => listQuery({ assigneeId: agent.id, statuses: OPEN, sort: 'due', after });
  // A row ~20 pages into the inbox: the keyset position a user paging on would send.
  const depth = Math.min(DEEP_PAGES * PAGE, Math.floor(agent.n / 2));
  const deep = await db
    .selectFrom('tickets')
    .select(['id', 'next_due_at'])
    .where('deleted_at', 'is', null)
    .where('status', 'in', OPEN)
    .where('assignee_id', '=', agent.id)
    .orderBy('next_due_at')
    .orderBy('id')
    .offset(depth)
    .limit(1)
    .executeTakeFirstOrThrow();
  // Customers with tickets, a different one each run (as in the floor).
  const customers = (
    await sql<{ id: string }>`
      SELECT DISTINCT customer_id AS id FROM tickets WHERE deleted_at IS NULL
      ORDER BY customer_id LIMIT 200`.execute(db)
  ).rows.map((r) => r.id);
  // A ticket number from the middle of the range (numbers are dense in a fresh database).
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tickets`.execute(db)).rows[0]?.n ?? 0;
  const middle = Math.max(1, Math.floor(total / 2));
  const middleNumber = `T-${middle < 1_000_000 ? String(middle).padStart(6, '0') : middle}`;

  const rows = (r: unknown[]) => `${Math.min(r.length, PAGE)} rows${r.length > PAGE ? ' +more' : ''}`;
  const list = (q: TicketListQuery) => (d: Db) => ticketListQuery(d, q).execute();
  const now = new Date();
  const cases: CaseSpec[] = [];
  const run = <T>(group: CaseSpec['group'], name: string, fn: CaseSpec<T>['fn'], describe: CaseSpec<T>['describe']) => {
    cases.push({ group, name, fn, describe });
  };

  run('tickets', `tickets: inbox, first page (${agent.n.toLocaleString('en')} open)`, list(inbox()), rows);
  run(
    'tickets',
    `tickets: inbox, page at row ${depth} (cursor)`,
    list(inbox([deep.next_due_at.toISOString(), deep.id])),
    rows,
  );
  run('tickets', 'tickets: unassigned view', list(listQuery({ assigneeId: null, statuses: OPEN, sort: 'due' })), rows);
  run(
    'tickets',
    'tickets: queue view (group, open, due)',
    list(listQuery({ groupId: ctx.groupIds[0]!, statuses: OPEN, sort: 'due' })),
    rows,
  );
  run('tickets', 'tickets: all open (due)', list(listQuery({ statuses: OPEN, sort: 'due' })), rows);
  run(
    'tickets',
    'tickets: breached view (open, due)',
    list(listQuery({ statuses: OPEN, sla: { state: 'breached', now }, sort: 'due' })),
    rows,
  );
  run(
    'tickets',
    'tickets: due soon view (open, due)',
    list(listQuery({ statuses: OPEN, sla: { state: 'due_soon', now }, sort: 'due' })),
    rows,
  );
  run(
    'tickets',
    'tickets: solved view (solved+closed, updated)',
    list(listQuery({ statuses: ['solved', 'closed'], sort: 'updated' })),
    rows,
  );
  run(
    'tickets',
    "tickets: a customer's tickets (created)",
    (d, i) =>
      ticketListQuery(d, listQuery({ customerId: customers[i % customers.length]!, sort: 'created' })).execute(),
    rows,
  );
  run('tickets', `tickets: search number "${middleNumber}"`, list(listQuery({ search: middleNumber })), rows);
  run(
    'tickets',
    `tickets: search subject word "${COMMON_SUBJECT_WORD}" (~2.5%)`,
    list(listQuery({ search: COMMON_SUBJECT_WORD })),
    rows,
  );
  run(
    'tickets',
    `tickets: search rare subject word "${RARE_SUBJECT_WORD}"`,
    list(listQuery({ search: RARE_SUBJECT_WORD })),
    rows,
  );
  run(
    'tickets',
    `tickets: search "${COMMON_SUBJECT_WORD}" in all open (due)`,
    list(listQuery({ search: COMMON_SUBJECT_WORD, statuses: OPEN, sort: 'due' })),
    rows,
  );
  run(
    'tickets',
    'tickets: stats (ticketCounts)',
    (d) => ticketCounts(d, new Date(), new Date(Date.now() - 30 * 86400_000)),
    (c) =>
      `${c.breached} breached, ${c.dueSoon} due soon, median ${c.medianFirstResponseMinutes?.toFixed(0) ?? '-'} min`,
  );
  return cases;
}

class RollBack extends Error {}

/**
 * Can a ticket still be created at this size? One insert with every column default (the ticket
 * number comes from its sequence, as tickets.create does), inside a transaction always rolled back.
 */
export async function probeTicketInsert(db: Db, customerId: string): Promise<{ ok: boolean; detail: string }> {
  let detail = '';
  try {
    await db.transaction().execute(async (trx) => {
      const row = await insertTicket(trx, {
        customer_id: customerId,
        subject: 'Probe',
        type: 'question',
        channel: 'console',
      });
      detail = `created ${row.ticket_number} (rolled back)`;
      throw new RollBack();
    });
  } catch (err) {
    if (err instanceof RollBack) return { ok: true, detail };
    const e = err as { message?: string; detail?: string };
    return { ok: false, detail: `${e.message ?? String(err)}${e.detail ? ` — ${e.detail}` : ''}` };
  }
  return { ok: false, detail: 'transaction committed unexpectedly' };
}
