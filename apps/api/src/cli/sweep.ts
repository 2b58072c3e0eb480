import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';
import { runAllSweeps } from '../services/all-sweeps';
import { storageFromEnv } from '../storage/from-env';

/** Runs every sweep once: KYC expiry, orphan files, stale rows, ticket breaches and auto-close. */
const env = loadEnv();
const handle = await openDatabase(env);
const deps = { db: handle.db, now: () => new Date(), storage: await storageFromEnv(env) };
try {
  const o = await runAllSweeps(deps);
  const line = (label: string, outcome: { ran?: boolean; failed?: unknown }, done: () => string) => {
    if ('failed' in outcome)
      console.log(`${label}: failed (${String((outcome.failed as Error)?.message ?? outcome.failed)}).`);
    else console.log(outcome.ran ? `${label}: ${done()}` : `${label}: another instance is running it.`);
  };
  line('KYC expiry', o.kycExpiry, () => `${'changed' in o.kycExpiry ? o.kycExpiry.changed : 0} customer(s) updated.`);
  line('Orphan files', o.orphanFiles, () => `${'changed' in o.orphanFiles ? o.orphanFiles.changed : 0} removed.`);
  line('Stale rows', o.staleRows, () =>
    'sessions' in o.staleRows
      ? `${o.staleRows.sessions} session(s), ${o.staleRows.loginAttempts} login attempt(s), ${o.staleRows.idempotencyKeys} idempotency key(s), ${o.staleRows.rateLimitHits} rate-limit hit(s) removed.`
      : 'nothing to do.',
  );
  line(
    'Ticket breaches',
    o.ticketBreaches,
    () => `${'changed' in o.ticketBreaches ? o.ticketBreaches.changed : 0} ticket(s) newly breached.`,
  );
  line(
    'Ticket auto-close',
    o.ticketAutoClose,
    () => `${'changed' in o.ticketAutoClose ? o.ticketAutoClose.changed : 0} solved ticket(s) closed.`,
  );
  line(
    'Compliance tickets',
    o.complianceTickets,
    () =>
      `${'changed' in o.complianceTickets ? o.complianceTickets.changed : 0} opened for expiring identity documents.`,
  );
  line(
    'KYC retention',
    o.kycRetention,
    () =>
      `${'changed' in o.kycRetention ? o.kycRetention.changed : 0} erased customer(s) had their KYC records removed.`,
  );
} finally {
  await handle.close();
}
