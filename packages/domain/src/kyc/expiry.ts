import { isoDate } from '../customers/dates';
import type { KycEffectiveStatus } from './document-types';

/** How far ahead "expiring soon" looks unless the caller asks otherwise. */
export const KYC_EXPIRING_SOON_DAYS = 30;
export const expiringSoonDays = KYC_EXPIRING_SOON_DAYS;

type Dated = { expiresAt: string | null };
type WithStatus = Dated & { status: KycEffectiveStatus };

/** The ISO date (YYYY-MM-DD) `days` calendar days after `date`; negative days go back. */
export function addDaysToIsoDate(date: string, days: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * A document is expired once its expiry date is before today's UTC date: the expiry day itself is
 * still valid (a passport "valid until 2030-05-31" may be used on 31 May). No expiry date never expires.
 */
export function isExpired(doc: Dated, now: Date): boolean {
  return doc.expiresAt !== null && doc.expiresAt.slice(0, 10) < isoDate(now);
}

/**
 * The status a reader sees. A pending or verified document past its expiry date reads `expired`.
 * A rejected document stays `rejected` even after its expiry date: the reviewer's verdict (and its
 * reason) is the more useful fact, and neither state counts towards a requirement.
 */
export function effectiveDocumentStatus(doc: WithStatus, now: Date): KycEffectiveStatus {
  if (doc.status === 'rejected') return 'rejected';
  return isExpired(doc, now) ? 'expired' : doc.status;
}

/**
 * The review status behind an effective one, for clients that only see output: a document that
 * reads `expired` but was never verified is still pending review (it may be rejected).
 */
export function reviewStatusOf(doc: { status: KycEffectiveStatus; verifiedAt: string | null }): KycEffectiveStatus {
  return doc.status === 'expired' && doc.verifiedAt === null ? 'pending' : doc.status;
}

/** The same record with `status` replaced by its effective status, for output. */
export function withEffectiveStatus<T extends WithStatus>(doc: T, now: Date): T & { status: KycEffectiveStatus } {
  return { ...doc, status: effectiveDocumentStatus(doc, now) };
}

/**
 * Inclusive ISO-date window of "expires within `days` days": from today (still valid, expires
 * tomorrow) to today + `days`. Queries use the same window so the database and the rules agree.
 */
export function expiringWindow(now: Date, days: number = KYC_EXPIRING_SOON_DAYS): { from: string; to: string } {
  const from = isoDate(now);
  return { from, to: addDaysToIsoDate(from, days) };
}

/**
 * Whether a document expires within `days` days (today included) and is not yet expired.
 * Rejected and deleted documents never count: nobody needs to renew them.
 */
export function isExpiringWithin(
  doc: Dated & { status?: KycEffectiveStatus; deletedAt?: string | Date | null },
  now: Date,
  days: number = KYC_EXPIRING_SOON_DAYS,
): boolean {
  if (doc.expiresAt === null || doc.deletedAt) return false;
  if (doc.status === 'rejected' || doc.status === 'expired') return false;
  const { from, to } = expiringWindow(now, days);
  const expiresAt = doc.expiresAt.slice(0, 10);
  return expiresAt >= from && expiresAt <= to;
}
