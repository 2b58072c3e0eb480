import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export function insertApiToken(
  db: Kysely<Database>,
  t: {
    name: string;
    permissions: readonly string[];
    tokenHash: string;
    createdBy: string;
    now: Date;
    expiresAt: Date | null;
  },
) {
  return db
    .insertInto('api_tokens')
    .values({
      name: t.name,
      permissions: [...t.permissions],
      token_hash: t.tokenHash,
      created_by: t.createdBy,
      created_at: t.now,
      expires_at: t.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const listed = [
  't.id',
  't.name',
  't.permissions',
  't.created_by',
  't.created_at',
  't.expires_at',
  't.last_used_at',
  't.revoked_at',
  't.revoked_by',
  'u.name as created_by_name',
] as const;

/** Newest first, `limit + 1` rows after the keyset `(created_at, id)`; never the hash. */
export function listApiTokens(db: Kysely<Database>, after: { createdAt: Date; id: string } | null, limit: number) {
  let q = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(listed)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit + 1);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('t.created_at', '<', after.createdAt),
        eb.and([eb('t.created_at', '=', after.createdAt), eb('t.id', '<', after.id)]),
      ]),
    );
  }
  return q.execute();
}

export function findApiToken(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(listed)
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** Revokes once: null when the token is unknown or was already revoked. */
export function revokeApiToken(db: Kysely<Database>, id: string, by: string, now: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

/** The token for a secret's hash with its creator, as one read on every bearer request. */
export function findApiTokenByHash(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.name',
      't.permissions',
      't.expires_at',
      't.last_used_at',
      't.revoked_at',
      'u.id as user_id',
      'u.role',
      'u.disabled_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The same facts by id, for a long-lived stream re-checking its token. */
export function findApiTokenState(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(['t.expires_at', 't.revoked_at', 'u.role', 'u.disabled_at'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/**
 * Records use at most once per `intervalMs`: the condition makes a busy token cost one write a
 * minute, and concurrent requests (on any instance) write it once.
 */
export async function touchApiToken(db: Kysely<Database>, id: string, now: Date, intervalMs: number) {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', new Date(now.getTime() - intervalMs))]),
    )
    .execute();
}
