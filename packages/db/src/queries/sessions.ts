import type { Kysely } from 'kysely';
import { prepared } from '../prepared';
import type { Database } from '../schema';

export function insertSession(
  db: Kysely<Database>,
  s: {
    tokenHash: string;
    userId: string;
    expiresAt: Date;
    now: Date;
    clientIp: string | null;
    userAgent: string | null;
  },
) {
  return db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      expires_at: s.expiresAt,
      created_at: s.now,
      last_seen_at: s.now,
      client_ip: s.clientIp,
      user_agent: s.userAgent,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** The live session for a token hash, with its user; expiry is judged by the caller's clock. */
const sessionWithUser = prepared((db, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.customer_id',
      'u.disabled_at',
      'u.must_change_password',
    ])
    .where('s.token_hash', '=', tokenHash),
);

/** Every request with a session cookie asks this first, so it is compiled once (see prepared.ts). */
export async function findSessionWithUser(db: Kysely<Database>, tokenHash: string) {
  return (await sessionWithUser(db, tokenHash))[0];
}

export async function touchSession(db: Kysely<Database>, sessionId: string, now: Date) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function revokeSession(db: Kysely<Database>, sessionId: string, now: Date) {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of a user, optionally keeping one (the one changing the password). */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: Date, exceptSessionId?: string) {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

/** Removes sessions that can never be valid again: past their absolute lifetime, or revoked. */
export async function pruneDeadSessions(db: Kysely<Database>, now: Date, batch: number): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('sessions')
        .select('id')
        .where((w) => w.or([w('expires_at', '<=', now), w('revoked_at', 'is not', null)]))
        .limit(batch),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
