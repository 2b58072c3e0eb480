import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

export async function recordLoginAttempt(
  db: Kysely<Database>,
  a: { email: string; clientIp: string; succeeded: boolean; now: Date },
) {
  await db
    .insertInto('login_attempts')
    .values({ email: a.email, client_ip: a.clientIp, succeeded: a.succeeded, attempted_at: a.now })
    .execute();
}

/** Failed attempts since `since` for one account and for one IP, with the oldest of each (for Retry-After). */
export async function countRecentFailures(db: Kysely<Database>, email: string, clientIp: string, since: Date) {
  const [byEmail, byIp] = await Promise.all([
    db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('attempted_at').as('oldest')])
      .where('email', '=', email)
      .where('succeeded', '=', false)
      .where('attempted_at', '>', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('attempted_at').as('oldest')])
      .where('client_ip', '=', clientIp)
      .where('succeeded', '=', false)
      .where('attempted_at', '>', since)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    byEmail: { count: Number(byEmail.n), oldest: byEmail.oldest as Date | null },
    byIp: { count: Number(byIp.n), oldest: byIp.oldest as Date | null },
  };
}

/**
 * Serialises sign-in attempts for one account and one IP until the transaction ends (account
 * first, then IP, always in that order so two attempts never wait on each other crosswise).
 */
export async function lockLoginAttempts(db: Kysely<Database>, email: string, clientIp: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`login:account:${email}`}))`.execute(db);
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`login:ip:${clientIp}`}))`.execute(db);
}
