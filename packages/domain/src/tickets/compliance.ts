import type { KycStatus } from '../customers/enums';

/** Days before an identity document's expiry when a compliance ticket is opened for it. */
export const COMPLIANCE_EXPIRY_NOTICE_DAYS = 30;

/** Why a customer needs compliance follow-up now, or null when nothing calls for it. */
export type ComplianceReason =
  | { kind: 'kyc_rejected' }
  | { kind: 'kyc_expired' }
  | { kind: 'identity_expiring'; expiresAt: string };

export interface ComplianceFacts {
  kycStatus: KycStatus;
  /** Expiry of the customer's current verified identity document expiring within the notice, if any. */
  identityExpiringOn: string | null;
}

/**
 * Issue 11: a customer whose KYC turned rejected or expired, or whose identity document expires within
 * 30 days, needs one open compliance ticket; nothing else does.
 */
export function complianceReason(f: ComplianceFacts): ComplianceReason | null {
  if (f.kycStatus === 'rejected') return { kind: 'kyc_rejected' };
  if (f.kycStatus === 'expired') return { kind: 'kyc_expired' };
  if (f.identityExpiringOn) return { kind: 'identity_expiring', expiresAt: f.identityExpiringOn };
  return null;
}

/**
 * What to do with the customer's system compliance ticket: open one when follow-up is needed and none
 * is open (at most one per customer), solve the open one once KYC is verified again and no
 * identity document is about to expire, otherwise leave things as they are.
 */
export function complianceTicketAction(
  f: ComplianceFacts,
  hasOpenTicket: boolean,
): { action: 'open'; reason: ComplianceReason } | { action: 'solve' } | { action: 'none' } {
  const reason = complianceReason(f);
  if (reason && !hasOpenTicket) return { action: 'open', reason };
  if (!reason && hasOpenTicket && f.kycStatus === 'verified') return { action: 'solve' };
  return { action: 'none' };
}

/** The subject of a compliance ticket, in plain words the client may read. */
export function complianceSubject(reason: ComplianceReason): string {
  switch (reason.kind) {
    case 'kyc_rejected':
      return 'KYC documents need attention: a document was rejected';
    case 'kyc_expired':
      return 'KYC documents need renewal: a document has expired';
    case 'identity_expiring':
      return `Identity document expires on ${reason.expiresAt}: please upload a renewed one`;
  }
}

/** The first message of a compliance ticket: why it was opened and what is missing. */
export function complianceBody(reason: ComplianceReason, missing: readonly { label: string }[]): string {
  const why = {
    kyc_rejected: 'One of your KYC documents was rejected, so your verification is no longer complete.',
    kyc_expired: 'One of your KYC documents has expired, so your verification is no longer complete.',
    identity_expiring: `Your identity document on file expires on ${reason.kind === 'identity_expiring' ? reason.expiresAt : ''}.`,
  }[reason.kind];
  const list = missing.length
    ? `\n\nStill needed:\n${missing.map((m) => `- ${m.label}`).join('\n')}`
    : '\n\nPlease upload a renewed identity document before it expires.';
  return `${why}${list}\n\nThis request closes by itself once your documents are verified.`;
}
