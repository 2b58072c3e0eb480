import { appendAudit, customersWithNewlyExpiredDocuments, referencedStorageKeys, tryTransactionLock } from '@cm/db';
import { isoDate } from '@cm/domain';
import type { FileStorage } from '../storage/file-storage';
import type { ServiceDeps } from './customers';
import { refreshKycStatus } from './kyc';

export type SweepResult = { ran: false } | { ran: true; changed: number };

/**
 * Keeps stored KYC statuses true as time passes: customers with a document that expired since
 * their status was derived are re-derived. One runner at a time across all instances.
 */
export function sweepExpiredKyc(deps: ServiceDeps): Promise<SweepResult> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await tryTransactionLock(trx, 'sweep:kyc-expiry'))) return { ran: false };
    let changed = 0;
    for (const customerId of await customersWithNewlyExpiredDocuments(trx, isoDate(now))) {
      const status = await refreshKycStatus(trx, customerId, now);
      if (!status) continue;
      changed += 1;
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
    }
    return { ran: true, changed };
  });
}

export const ORPHAN_GRACE_MS = 60 * 60_000;

/**
 * Removes stored files that no document row refers to, once they are older than the grace period
 * (so an upload between "file stored" and "row committed" is never touched), and abandoned
 * partial writes. One runner at a time across all instances.
 */
export function sweepOrphanFiles(
  deps: ServiceDeps & { storage: FileStorage },
  graceMs = ORPHAN_GRACE_MS,
): Promise<SweepResult> {
  const cutoff = deps.now().getTime() - graceMs;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await tryTransactionLock(trx, 'sweep:orphan-files'))) return { ran: false };
    const old: string[] = [];
    for await (const obj of deps.storage.list()) if (obj.modifiedAt.getTime() < cutoff) old.push(obj.key);
    let changed = 0;
    for (let i = 0; i < old.length; i += 500) {
      const batch = old.slice(i, i + 500);
      const kept = await referencedStorageKeys(
        trx,
        batch.filter((k) => !k.startsWith('tmp/')),
      );
      for (const key of batch) {
        if (kept.has(key)) continue;
        await deps.storage.delete(key);
        changed += 1;
      }
    }
    return { ran: true, changed };
  });
}
