import { PreconditionFailed } from '../errors';

/** Years KYC records are kept after the relationship ends, unless `KYC_RETENTION_YEARS` says otherwise. */
export const DEFAULT_KYC_RETENTION_YEARS = 5;

/** What stands in for an erased personal value: the same text everywhere, so it can be recognised. */
export const ERASED_MARKER = '[erased]';

/** The email an erased customer (or client login) keeps: unique, never deliverable, no personal part. */
export const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

/** What the retention rules need to know about a customer. */
export interface RetentionFacts {
  status: 'pending' | 'active' | 'suspended' | 'closed';
  closedAt: Date | null;
  deletedAt: Date | null;
  erasedAt: Date | null;
  kycErasedAt: Date | null;
}

/** `date` plus whole calendar years, in UTC; 29 February lands on 28 February in a common year. */
export function addYearsUtc(date: Date, years: number): Date {
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  // setUTCFullYear rolls 29 Feb over to 1 Mar; keep it in February.
  if (out.getUTCMonth() !== date.getUTCMonth()) out.setUTCDate(0);
  return out;
}

/**
 * When the relationship ended: the earlier of closing and deleting (a closed customer deleted later
 * ended at the close). Null while the customer is live and not closed.
 */
export function relationshipEndedAt(f: Pick<RetentionFacts, 'closedAt' | 'deletedAt'>): Date | null {
  const dates = [f.closedAt, f.deletedAt].filter((d): d is Date => d !== null);
  if (dates.length === 0) return null;
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

/** Until when KYC records (and the audit trail about them) must be kept; null while the relationship lasts. */
export function retainUntil(f: Pick<RetentionFacts, 'closedAt' | 'deletedAt'>, retentionYears: number): Date | null {
  const ended = relationshipEndedAt(f);
  return ended ? addYearsUtc(ended, retentionYears) : null;
}

/**
 * Why an erasure may not run now, or null when it may. Only a relationship that has ended (closed,
 * or soft-deleted in any status) can be erased; pending, active and suspended customers must be
 * closed first. A legal hold blocks it outright.
 */
export function erasureRefusal(f: Pick<RetentionFacts, 'status' | 'deletedAt' | 'erasedAt'>, onHold: boolean) {
  if (onHold) return 'A legal hold is placed on this customer; lift it before requesting erasure.';
  if (f.erasedAt) return 'This customer has already been erased.';
  if (f.status !== 'closed' && !f.deletedAt) return 'Close the customer before requesting erasure.';
  return null;
}

/** Throws PRECONDITION_FAILED with the reason when the erasure may not run. */
export function assertErasable(f: Pick<RetentionFacts, 'status' | 'deletedAt' | 'erasedAt'>, onHold: boolean): void {
  const reason = erasureRefusal(f, onHold);
  if (reason) throw new PreconditionFailed(reason);
}

/** Whether the retention sweep may erase the customer's KYC records now. */
export function kycErasureDue(f: RetentionFacts, onHold: boolean, retentionYears: number, now: Date): boolean {
  if (onHold || !f.erasedAt || f.kycErasedAt) return false;
  const until = retainUntil(f, retentionYears);
  return until !== null && until.getTime() <= now.getTime();
}
