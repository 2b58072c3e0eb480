import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * Records a hit in `bucket` and returns how many hits (this one included) fall in the window,
 * with the oldest of them; hits older than the window are pruned on the way.
 */
export async function recordRateLimitHit(db: Kysely<Database>, bucket: string, now: Date, windowMs: number) {
  const since = new Date(now.getTime() - windowMs);
  await db.deleteFrom('rate_limit_hits').where('bucket', '=', bucket).where('hit_at', '<=', since).execute();
  await db.insertInto('rate_limit_hits').values({ bucket, hit_at: now }).execute();
  const row = await db
    .selectFrom('rate_limit_hits')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('hit_at').as('oldest')])
    .where('bucket', '=', bucket)
    .where('hit_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest as Date };
}

/** Removes hits from before `before` in every bucket, also those no one hits again; returns how many. */
export async function pruneRateLimitHits(db: Kysely<Database>, before: Date, batch: number): Promise<number> {
  const res = await db
    .deleteFrom('rate_limit_hits')
    .where('id', 'in', (eb) => eb.selectFrom('rate_limit_hits').select('id').where('hit_at', '<', before).limit(batch))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
