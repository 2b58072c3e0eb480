import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';
import { sweepExpiredKyc, sweepOrphanFiles, sweepStaleRows } from '../services/sweeps';
import { storageFromEnv } from '../storage/from-env';

/** Runs the KYC expiry sweep, the orphan-file sweep and the pruning of stale rows once. */
const env = loadEnv();
const handle = await openDatabase(env);
const deps = { db: handle.db, now: () => new Date(), storage: storageFromEnv(env) };
try {
  const expiry = await sweepExpiredKyc(deps);
  const orphans = await sweepOrphanFiles(deps);
  const stale = await sweepStaleRows(deps);
  console.log(
    expiry.ran ? `KYC expiry: ${expiry.changed} customer(s) updated.` : 'KYC expiry: another instance is running it.',
  );
  console.log(
    orphans.ran ? `Orphan files: ${orphans.changed} removed.` : 'Orphan files: another instance is running it.',
  );
  console.log(
    stale.ran
      ? `Stale rows removed: ${stale.sessions} session(s), ${stale.loginAttempts} login attempt(s), ${stale.idempotencyKeys} idempotency key(s), ${stale.rateLimitHits} rate-limit hit(s).`
      : 'Stale rows: another instance is running it.',
  );
} finally {
  await handle.close();
}
