import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

export function findIdempotentResponse(db: Kysely<Database>, userId: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['route', 'fingerprint', 'response_status', 'response_body'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Records the response of a key; returns false when another request stored it first. */
export async function saveIdempotentResponse(
  db: Kysely<Database>,
  r: { userId: string; key: string; route: string; fingerprint: string | null; status: number; body: unknown },
): Promise<boolean> {
  const res = await db
    .insertInto('idempotency_keys')
    .values({
      user_id: r.userId,
      key: r.key,
      route: r.route,
      fingerprint: r.fingerprint,
      response_status: r.status,
      response_body: JSON.stringify(r.body),
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Removes stored responses older than `maxAgeMs`: a client retries within minutes, not days. Judged
 * by the database clock, which wrote `created_at`.
 */
export async function pruneIdempotencyKeys(db: Kysely<Database>, maxAgeMs: number, batch: number): Promise<number> {
  const res = await db
    .deleteFrom('idempotency_keys')
    .where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('user_id', 'key'),
        'in',
        selectFrom('idempotency_keys')
          .select(['user_id', 'key'])
          .where('created_at', '<', sql<Date>`now() - ${maxAgeMs}::integer * interval '1 millisecond'`)
          .limit(batch)
          .$asTuple('user_id', 'key'),
      ),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
