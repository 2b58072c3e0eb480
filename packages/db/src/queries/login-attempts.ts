import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

/** Records an attempt and returns its id (a pending check is recorded as a failure until it succeeds). */
export async function recordLoginAttempt(
  db: Kysely<Database>,
  a: { email: string; clientIp: string; succeeded: boolean; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('login_attempts')
    .values({ email: a.email, client_ip: a.clientIp, succeeded: a.succeeded, attempted_at: a.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markLoginAttemptSucceeded(db: Kysely<Database>, id: string) {
  await db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', id).execute();
}

/** Failed attempts since `since` for one account and for one IP, with the oldest of each (for Retry-After). */
export async function countRecentFailures(db: Kysely<Database>, email: string, clientIp: string, since: Date) {
  // One statement: a sign-in holds its transaction (on the embedded database, the only connection)
  // for as few round trips as possible.
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('email', '=', email).as('by_email'),
      eb.fn.min('attempted_at').filterWhere('email', '=', email).as('oldest_by_email'),
      eb.fn.countAll<number>().filterWhere('client_ip', '=', clientIp).as('by_ip'),
      eb.fn.min('attempted_at').filterWhere('client_ip', '=', clientIp).as('oldest_by_ip'),
    ])
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email), eb('client_ip', '=', clientIp)]))
    .executeTakeFirstOrThrow();
  return {
    byEmail: { count: Number(row.by_email), oldest: row.oldest_by_email as Date | null },
    byIp: { count: Number(row.by_ip), oldest: row.oldest_by_ip as Date | null },
  };
}

/**
 * Serialises sign-in attempts for one account and one IP until the transaction ends (account
 * first, then IP, always in that order so two attempts never wait on each other crosswise).
 */
export async function lockLoginAttempts(db: Kysely<Database>, email: string, clientIp: string) {
  // One round trip; PostgreSQL evaluates a select list left to right, so the order holds.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`login:account:${email}`})),
    pg_advisory_xact_lock(hashtext(${`login:ip:${clientIp}`}))`.execute(db);
}

/** Removes attempts from before `before` (they no longer count toward any limit); returns how many. */
export async function pruneLoginAttempts(db: Kysely<Database>, before: Date, batch: number): Promise<number> {
  const res = await db
    .deleteFrom('login_attempts')
    .where('id', 'in', (eb) =>
      eb.selectFrom('login_attempts').select('id').where('attempted_at', '<', before).limit(batch),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
