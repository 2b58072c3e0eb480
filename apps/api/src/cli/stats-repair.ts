import { recountStatsCounters } from '@cm/db';
import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';

/** Recounts the statistics counters (customers, KYC expiry days, tickets) in one transaction. */
const env = loadEnv();
const handle = await openDatabase(env);
try {
  const { corrected } = await recountStatsCounters(handle.db);
  console.log(
    corrected === 0
      ? 'Statistics counters recounted: all were correct.'
      : `Statistics counters recounted: ${corrected} counter(s) corrected.`,
  );
} finally {
  await handle.close();
}
