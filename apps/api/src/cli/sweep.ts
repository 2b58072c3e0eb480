import { join } from 'node:path';
import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';
import { sweepExpiredKyc, sweepOrphanFiles } from '../services/sweeps';
import { localDiskStorage } from '../storage/local-disk';

/** Runs the KYC expiry sweep and the orphan-file sweep once. */
const env = loadEnv();
const handle = await openDatabase(env);
const deps = { db: handle.db, now: () => new Date(), storage: localDiskStorage(join(env.DATA_DIR, 'files')) };
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
