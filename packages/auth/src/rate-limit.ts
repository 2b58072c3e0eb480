import { type Db, recordRateLimitHit } from '@cm/db';
import { TooManyRequests } from '@cm/domain';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Counts one use of `bucket` (e.g. uploads by one user) in a sliding window kept in the database,
 * so the limit holds across API instances; over the limit is TOO_MANY_REQUESTS with Retry-After.
 */
export async function consumeRateLimit(
  db: Db,
  bucket: string,
  rule: RateLimit,
  now: Date,
  what: string,
): Promise<void> {
  const { count, oldest } = await recordRateLimitHit(db, bucket, now, rule.windowMs);
  if (count <= rule.limit) return;
  const retryAfter = Math.max(1, Math.ceil((oldest.getTime() + rule.windowMs - now.getTime()) / 1000));
  throw new TooManyRequests(`Too many ${what}. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, retryAfter);
}
