import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  type CustomerRow,
  customersWithKycErasureDue,
  type Db,
  destroyCustomerDataKey,
  eraseCustomerProfile,
  eraseCustomerRecords,
  eraseKycRecords,
  findActiveHold,
  findCustomer,
  insertHold,
  isUniqueViolation,
  liftActiveHold,
  privacyRecordCounts,
  releaseLease,
  tryTakeLease,
} from '@cm/db';
import {
  assertErasable,
  Conflict,
  erasurePlan,
  Invalid,
  PreconditionFailed,
  type PrivacyStatus,
  type RetentionFacts,
} from '@cm/domain';
import type { Logger } from '../logger';
import type { FileStorage } from '../storage/file-storage';
import { type Actor, auditMeta } from './actor';
import { requireCustomer } from './customer-scope';
import type { ServiceDeps } from './service-deps';
import { SWEEP_LEASE_MS, type SweepResult } from './sweeps';

export type PrivacyDeps = ServiceDeps & { storage: FileStorage; logger: Logger; config: { kycRetentionYears: number } };

export const retentionFacts = (c: CustomerRow): RetentionFacts => ({
  status: c.status,
  closedAt: c.closed_at,
  deletedAt: c.deleted_at,
  erasedAt: c.erased_at,
  kycErasedAt: c.kyc_erased_at,
});

/** A customer for privacy work: deleted ones included (they are erasable), through the scope helper. */
const requirePrivacyCustomer = (db: Db, actor: Actor, id: string, lock = false) =>
  requireCustomer(db, actor, id, { includeDeleted: true, lock });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `privacy.status`: the hold in force, retainUntil, and what an erasure would remove now and later. */
export async function privacyStatus(deps: PrivacyDeps, actor: Actor, customerId: string): Promise<PrivacyStatus> {
  const c = await requirePrivacyCustomer(deps.db, actor, customerId);
  const [hold, counts] = await Promise.all([findActiveHold(deps.db, c.id), privacyRecordCounts(deps.db, c)]);
  const years = deps.config.kycRetentionYears;
  const facts = retentionFacts(c);
  const plan = erasurePlan(facts, !!hold, counts, years, deps.now());
  // Once erased, the due date fixed at the erasure is the one the sweep keeps to.
  const retainUntil = c.erased_at ? c.kyc_erase_due : plan.retainUntil;
  return {
    customerId: c.id,
    customerNumber: c.customer_number,
    status: c.status,
    erasedAt: iso(c.erased_at),
    kycErasedAt: iso(c.kyc_erased_at),
    hold: hold
      ? {
          reason: hold.reason,
          placedBy: hold.placed_by,
          placedByName: hold.placed_by_name,
          placedAt: hold.placed_at.toISOString(),
        }
      : null,
    retainUntil: iso(retainUntil),
    retentionYears: years,
    erasure: {
      refusal: plan.refusal,
      erasableNow: plan.erasableNow,
      heldUntil: plan.heldUntil.map((h) => ({
        ...h,
        until: iso(h.reason === 'retention' && c.erased_at ? c.kyc_erase_due : h.until),
      })),
    },
  };
}

/** `privacy.placeHold`: one hold at a time; the reason is kept in the hold, not copied into the audit trail. */
export async function placeHold(deps: PrivacyDeps, actor: Actor, customerId: string, reason: string) {
  const now = deps.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const c = await requirePrivacyCustomer(trx, actor, customerId, true);
      if (await findActiveHold(trx, c.id)) throw new Conflict('A legal hold is already placed on this customer.');
      const hold = await insertHold(trx, { customerId: c.id, reason, by: actor.userId, at: now });
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'privacy.holdPlaced',
        entityType: 'legal_hold',
        entityId: hold.id,
        customerId: c.id,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err, 'legal_holds_active_key'))
      throw new Conflict('A legal hold is already placed on this customer.');
    throw err;
  }
  return privacyStatus(deps, actor, customerId);
}

/** `privacy.liftHold`: the hold stays as history with who lifted it, when and why. */
export async function liftHold(deps: PrivacyDeps, actor: Actor, customerId: string, reason: string) {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const c = await requirePrivacyCustomer(trx, actor, customerId, true);
    const hold = await liftActiveHold(trx, { customerId: c.id, reason, by: actor.userId, at: now });
    if (!hold) throw new PreconditionFailed('No legal hold is placed on this customer.');
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'privacy.holdLifted',
      entityType: 'legal_hold',
      entityId: hold.id,
      customerId: c.id,
    });
  });
  return privacyStatus(deps, actor, customerId);
}

/** Removes files after the rows that named them are gone; one that fails is left to the orphan sweep. */
async function removeFiles(deps: { storage: FileStorage; logger?: Logger }, keys: string[]) {
  let failed = 0;
  for (const key of keys) {
    try {
      await deps.storage.delete(key);
    } catch (err) {
      failed += 1;
      deps.logger?.warn({ err, key }, 'erased file not removed yet; the orphan sweep will retry');
    }
  }
  return failed;
}

/**
 * `privacy.requestErasure` (SPEC §14): refused under a hold, on a customer whose relationship has
 * not ended, or unless `confirm` is the customer number. Erases at once everything no retention rule
 * keeps, in one transaction with its audit row (counts only, no personal value); KYC records stay
 * until retainUntil unless that has passed already. Files go after the commit, so a failed
 * transaction never loses a file; rows are gone by then, so any file left is an orphan the sweep removes.
 */
export async function requestErasure(deps: PrivacyDeps, actor: Actor, customerId: string, confirm: string) {
  const now = deps.now();
  const years = deps.config.kycRetentionYears;
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const c = await requirePrivacyCustomer(trx, actor, customerId, true);
    if (confirm.trim().toUpperCase() !== c.customer_number)
      throw new Invalid('Type the customer number to confirm the erasure.', {
        confirm: [`Type ${c.customer_number} to confirm.`],
      });
    const hold = await findActiveHold(trx, c.id);
    assertErasable(retentionFacts(c), !!hold);
    const counts = await privacyRecordCounts(trx, c);
    const plan = erasurePlan(retentionFacts(c), false, counts, years, now);
    const kycNow = plan.erasableNow.some((e) => e.kind === 'kycDocuments');
    const names = [[c.first_name, c.last_name].filter(Boolean).join(' '), c.company_name ?? ''].filter(
      (n) => n.trim().length > 0,
    );
    const records = await eraseCustomerRecords(trx, { id: c.id, emails: [c.email], names }, now);
    const kycKeys = kycNow ? await eraseKycRecords(trx, c.id, now) : [];
    await eraseCustomerProfile(trx, c.id, { at: now, by: actor.userId, kycEraseDue: plan.retainUntil });
    // The audit rows stay; their personal values read as erased once the customer's data key is gone.
    await destroyCustomerDataKey(trx, c.id);
    const erased = [
      { kind: 'profile' as const, count: 1 },
      { kind: 'notes' as const, count: records.notes },
      { kind: 'documents' as const, count: records.documents },
      { kind: 'ticketMessages' as const, count: records.ticketMessages },
      { kind: 'ticketAttachments' as const, count: records.ticketAttachments },
      { kind: 'clientUsers' as const, count: records.clientUsers },
      { kind: 'auditPersonalValues' as const, count: counts.auditPersonalValues },
      { kind: 'kycDocuments' as const, count: kycKeys.length },
    ];
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'privacy.erased',
      entityType: 'customer',
      entityId: c.id,
      customerId: c.id,
      changes: {
        erased: Object.fromEntries(erased.map((e) => [e.kind, e.count])),
        kycEraseDue: iso(kycNow ? null : plan.retainUntil),
      },
    });
    return { erased, keys: [...records.storageKeys, ...kycKeys], kycEraseDue: kycNow ? null : plan.retainUntil };
  });
  await removeFiles(deps, outcome.keys);
  return {
    customerId,
    erasedAt: now.toISOString(),
    erased: outcome.erased,
    kycEraseDue: iso(outcome.kycEraseDue),
  };
}

/** The sweep works through due customers in batches of this many, one short transaction each. */
const KYC_SWEEP_BATCH = 100;

/**
 * Erases the KYC documents (rows and files) of erased customers once their retention has run out,
 * never under a legal hold. One runner at a time across all instances (the sweep lease), and one
 * transaction per customer, re-checked under its row lock so a hold placed meanwhile wins.
 */
export async function sweepKycRetention(
  deps: ServiceDeps & { storage: FileStorage; logger?: Logger },
): Promise<SweepResult> {
  const lease = 'sweep:kyc-retention';
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, lease, holder, SWEEP_LEASE_MS))) return { ran: false };
  try {
    const now = deps.now();
    let changed = 0;
    for (const id of await customersWithKycErasureDue(deps.db, now, KYC_SWEEP_BATCH)) {
      const keys = await deps.db.transaction().execute(async (trx) => {
        const c = await findCustomer(trx, id, { includeDeleted: true, forUpdate: true });
        if (!c?.erased_at || c.kyc_erased_at || !c.kyc_erase_due || c.kyc_erase_due > now) return null;
        if (await findActiveHold(trx, id)) return null;
        const removed = await eraseKycRecords(trx, id, now);
        await appendAudit(trx, {
          actorUserId: null,
          actorRole: null,
          requestId: null,
          clientIp: null,
          action: 'privacy.kycErased',
          entityType: 'customer',
          entityId: id,
          customerId: id,
          changes: { kycDocuments: removed.length },
        });
        return removed;
      });
      if (!keys) continue;
      await removeFiles(deps, keys);
      changed += 1;
    }
    return { ran: true, changed };
  } finally {
    await releaseLease(deps.db, lease, holder);
  }
}
