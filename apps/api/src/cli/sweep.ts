import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';
import { sweepExpiredKyc, sweepOrphanFiles } from '../services/sweeps';
import { storageFromEnv } from '../storage/from-env';

/** Runs the KYC expiry sweep and the orphan-file sweep once. */
const env = loadEnv();
const handle = await openDatabase(env);
const deps = { db: handle.db, now: () => new Date(), storage: storageFromEnv(env) };
try {
  const expiry = await sweepExpiredKyc(deps);
  const orphans = await sweepOrphanFiles(deps);
  console.log(
    expiry.ran ? `KYC expiry: ${expiry.changed} customer(s) updated.` : 'KYC expiry: another instance is running it.',
  );
  console.log(
    orphans.ran ? `Orphan files: ${orphans.changed} removed.` : 'Orphan files: another instance is running it.',
  );
} finally {
  await handle.close();
}
