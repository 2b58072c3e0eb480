import { randomUUID } from 'node:crypto';
import { THROTTLE } from '@cm/auth';
import {
  appendAudit,
  customersToRecheckForExpiry,
  listKycDocumentsOfCustomers,
  pruneDeadSessions,
  pruneIdempotencyKeys,
  pruneLoginAttempts,
  pruneRateLimitHits,
  referencedStorageKeys,
  releaseLease,
  tryTakeLease,
} from '@cm/db';
import { deriveKycStatus, isoDate } from '@cm/domain';
import type { FileStorage } from '../storage/file-storage';
import type { ServiceDeps } from './customers';
import { refreshKycStatus, toKycDocument } from './kyc';

export type SweepResult = { ran: false } | { ran: true; changed: number };

/** How long a sweep's lease lasts without renewal. */
export const SWEEP_LEASE_MS = 15 * 60_000;

/** The expiry sweep also says how many customers it read and how many it locked to re-derive. */
export type KycSweepResult = { ran: false } | { ran: true; changed: number; checked: number; locked: number };

/** Customers whose documents are read together when the sweep judges who needs a change. */
const RECHECK_BATCH = 500;

/**
 * Keeps stored KYC statuses true as time passes: customers with a document that expired since
 * their status was derived are re-derived. One runner at a time across all instances (a lease).
 *
 * Most candidates need no change (their status already reflects the lapse, e.g. pending stays
 * pending), so they are judged first without a lock — their documents read a batch at a time and
 * the domain rule applied — and only those whose derived status differs get a transaction, which
 * locks the customer and derives again (the documents may have changed meanwhile). One short
 * transaction per customer, so the sweep never holds many customers' locks at once.
 */
export async function sweepExpiredKyc(deps: ServiceDeps): Promise<KycSweepResult> {
  const lease = 'sweep:kyc-expiry';
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, lease, holder, SWEEP_LEASE_MS))) return { ran: false };
  try {
    const now = deps.now();
    const candidates = await customersToRecheckForExpiry(deps.db, isoDate(now));
    let changed = 0;
    let locked = 0;
    for (let i = 0; i < candidates.length; i += RECHECK_BATCH) {
      const batch = candidates.slice(i, i + RECHECK_BATCH);
      const docs = new Map<string, ReturnType<typeof toKycDocument>[]>();
      for (const d of await listKycDocumentsOfCustomers(
        deps.db,
        batch.map((c) => c.id),
      )) {
        const list = docs.get(d.customer_id) ?? [];
        list.push(toKycDocument(d, now));
        docs.set(d.customer_id, list);
      }
      for (const c of batch) {
        const mine = docs.get(c.id) ?? [];
        if (deriveKycStatus(c.type, mine, now) === c.kyc_status) continue;
        locked += 1;
        if (await rederive(deps, c.id, now)) changed += 1;
      }
    }
    return { ran: true, changed, checked: candidates.length, locked };
  } finally {
    await releaseLease(deps.db, lease, holder);
  }
}

function rederive(deps: ServiceDeps, customerId: string, now: Date) {
  return deps.db.transaction().execute(async (trx) => {
    const status = await refreshKycStatus(trx, customerId, now);
    if (!status) return false;
    await appendAudit(trx, {
      actorUserId: null,
      actorRole: null,
      requestId: null,
      clientIp: null,
      action: 'customer.kyc_status_changed',
      entityType: 'customer',
      entityId: customerId,
      customerId,
      changes: { kycStatus: status, reason: 'document expired' },
    });
    return true;
  });
}

export const ORPHAN_GRACE_MS = 60 * 60_000;
/** How long the orphan sweep's lease lasts without renewal; it is renewed before every batch. */
export const ORPHAN_SWEEP_LEASE_MS = SWEEP_LEASE_MS;
const BATCH = 500;

/**
 * Removes stored files that no document row refers to, once they are older than the grace period
 * (so an upload between "file stored" and "row committed" is never touched), and abandoned
 * partial writes. One runner at a time across all instances.
 *
 * No transaction is held across storage I/O: listing a large bucket can take minutes, which on
 * PGlite (one connection) would block every request and on PostgreSQL could run into
 * `idle_in_transaction_session_timeout`. So the single runner is a lease row in `sweep_leases`
 * (renewed before each batch; a crashed runner's lease runs out), the storage is listed outside any
 * transaction, and each batch of keys is checked with one short query before its files go. That
 * check needs no lock: a key older than the grace period can no longer get a new row, and rows
 * (live or soft-deleted) are never removed, so a key found referenced stays referenced.
 */
export async function sweepOrphanFiles(
  deps: ServiceDeps & { storage: FileStorage },
  graceMs = ORPHAN_GRACE_MS,
): Promise<SweepResult> {
  const lease = 'sweep:orphan-files';
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, lease, holder, ORPHAN_SWEEP_LEASE_MS))) return { ran: false };
  try {
    const cutoff = deps.now().getTime() - graceMs;
    const old: string[] = [];
    for await (const obj of deps.storage.list()) if (obj.modifiedAt.getTime() < cutoff) old.push(obj.key);
    let changed = 0;
    for (let i = 0; i < old.length; i += BATCH) {
      // Lost the lease (it ran out and another instance took over): leave the rest to that one.
      if (!(await tryTakeLease(deps.db, lease, holder, ORPHAN_SWEEP_LEASE_MS))) break;
      const batch = old.slice(i, i + BATCH);
      const kept = await referencedStorageKeys(
        deps.db,
        batch.filter((k) => !k.startsWith('tmp/')),
      );
      for (const key of batch) {
        if (kept.has(key)) continue;
        await deps.storage.delete(key);
        changed += 1;
      }
    }
    return { ran: true, changed };
  } finally {
    await releaseLease(deps.db, lease, holder);
  }
}

/** How long a stored upload response answers a retry with the same Idempotency-Key. */
export const IDEMPOTENCY_KEEP_MS = 24 * 3600_000;
/** Longer than any rate-limit window (uploads count over 10 minutes). */
export const RATE_LIMIT_HITS_KEEP_MS = 24 * 3600_000;
const PRUNE_BATCH = 1000;

export type PruneResult =
  | { ran: false }
  | { ran: true; sessions: number; loginAttempts: number; idempotencyKeys: number; rateLimitHits: number };

/**
 * Keeps the tables that every sign-in, request and upload adds to from growing without end: sessions
 * that can never be valid again (past their absolute lifetime, or revoked), login attempts older
 * than the throttle window (they no longer count), stored idempotent responses older than a day,
 * and rate-limit hits in buckets no one uses any more. One runner at a time across all instances
 * (a lease, renewed before every batch), and small batches, each its own statement, so no long
 * transaction holds the embedded database's only connection.
 */
export async function sweepStaleRows(deps: ServiceDeps): Promise<PruneResult> {
  const lease = 'sweep:stale-rows';
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, lease, holder, SWEEP_LEASE_MS))) return { ran: false };
  try {
    const now = deps.now();
    const drain = async (prune: () => Promise<number>) => {
      let total = 0;
      for (;;) {
        // Lost the lease (it ran out and another instance took over): leave the rest to that one.
        if (!(await tryTakeLease(deps.db, lease, holder, SWEEP_LEASE_MS))) return total;
        const n = await prune();
        total += n;
        if (n < PRUNE_BATCH) return total;
      }
    };
    const loginCutoff = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
    const hitsCutoff = new Date(now.getTime() - RATE_LIMIT_HITS_KEEP_MS);
    return {
      ran: true,
      sessions: await drain(() => pruneDeadSessions(deps.db, now, PRUNE_BATCH)),
      loginAttempts: await drain(() => pruneLoginAttempts(deps.db, loginCutoff, PRUNE_BATCH)),
      idempotencyKeys: await drain(() => pruneIdempotencyKeys(deps.db, IDEMPOTENCY_KEEP_MS, PRUNE_BATCH)),
      rateLimitHits: await drain(() => pruneRateLimitHits(deps.db, hitsCutoff, PRUNE_BATCH)),
    };
  } finally {
    await releaseLease(deps.db, lease, holder);
  }
}
