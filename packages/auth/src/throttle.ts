import { countRecentFailures, type Db, lockLoginAttempts, markLoginAttemptSucceeded, recordLoginAttempt } from '@cm/db';
import { TooManyRequests } from '@cm/domain';

export const THROTTLE = { windowMinutes: 15, maxPerAccount: 10, maxPerIp: 50 } as const;

/**
 * SPEC §9: more than 10 failures for one account, or 50 from one IP, within 15 minutes blocks
 * further attempts (even with the right password) until the oldest failure leaves the window.
 * Counters live in the database so every API instance sees the same numbers.
 */
export async function assertNotThrottled(db: Db, email: string, clientIp: string, now: Date): Promise<void> {
  const windowMs = THROTTLE.windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const f = await countRecentFailures(db, email, clientIp, since);
  const blockedBy =
    f.byEmail.count >= THROTTLE.maxPerAccount
      ? f.byEmail.oldest
      : f.byIp.count >= THROTTLE.maxPerIp
        ? f.byIp.oldest
        : null;
  if (blockedBy) {
    const retryAfter = Math.max(1, Math.ceil((blockedBy.getTime() + windowMs - now.getTime()) / 1000));
    throw new TooManyRequests(
      `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
      retryAfter,
    );
  }
}

export function recordAttempt(db: Db, email: string, clientIp: string, succeeded: boolean, now: Date) {
  return recordLoginAttempt(db, { email, clientIp, succeeded, now });
}

/**
 * Opens a password check for one account from one IP: throws TOO_MANY_REQUESTS when throttled,
 * otherwise records the attempt as a failure straight away and returns its id. The password is then
 * checked outside any transaction (a hash takes tens of milliseconds, and on the embedded database a
 * transaction holds its only connection), and `attemptSucceeded` clears the failure if it was right.
 * Counting first keeps parallel guesses from all passing the check before any is recorded. Run it
 * inside a transaction: the lock serialises the check and the record across instances.
 */
export async function beginPasswordAttempt(db: Db, email: string, clientIp: string, now: Date): Promise<string> {
  await lockLoginAttempts(db, email, clientIp);
  await assertNotThrottled(db, email, clientIp, now);
  return recordLoginAttempt(db, { email, clientIp, succeeded: false, now });
}

export function attemptSucceeded(db: Db, attemptId: string) {
  return markLoginAttemptSucceeded(db, attemptId);
}
