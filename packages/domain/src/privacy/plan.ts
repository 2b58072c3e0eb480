import { z } from 'zod';
import { erasureRefusal, kycErasureDue, type RetentionFacts, retainUntil } from './retention';

/**
 * Every kind of record held about a customer, as the erasure treats it. `kycDocuments` (and their
 * files) are kept until `retainUntil` for anti-money-laundering rules; everything else goes at once.
 */
export const PRIVACY_RECORD_KINDS = [
  'profile',
  'notes',
  'documents',
  'ticketMessages',
  'ticketAttachments',
  'clientUsers',
  'auditPersonalValues',
  'kycDocuments',
] as const;
export const privacyRecordKind = z.enum(PRIVACY_RECORD_KINDS);
export type PrivacyRecordKind = z.infer<typeof privacyRecordKind>;

export const PRIVACY_RECORD_LABELS: Readonly<Record<PrivacyRecordKind, string>> = {
  profile: 'Personal fields (name, email, phone, address, date of birth)',
  notes: 'Note titles and content',
  documents: 'Customer documents and their files',
  ticketMessages: 'Ticket subjects and messages (public and internal)',
  ticketAttachments: 'Ticket attachments and their files',
  clientUsers: 'Client portal logins (disabled, name and email removed)',
  auditPersonalValues: 'Personal values in the audit trail',
  kycDocuments: 'KYC documents and their files',
};

/** Kinds kept after an erasure until the retention period ends. */
const RETAINED: ReadonlySet<PrivacyRecordKind> = new Set(['kycDocuments']);

/** Why something is not erasable now: the retention period, a legal hold, or a relationship not yet ended. */
export const HELD_REASONS = ['retention', 'hold', 'relationship'] as const;
export type HeldReason = (typeof HELD_REASONS)[number];

export type RecordCounts = Readonly<Record<PrivacyRecordKind, number>>;

export interface ErasurePlan {
  /** Why an erasure request would be refused now; null when it would run. */
  refusal: string | null;
  retainUntil: Date | null;
  erasableNow: { kind: PrivacyRecordKind; count: number }[];
  heldUntil: { kind: PrivacyRecordKind; count: number; until: Date | null; reason: HeldReason }[];
}

/**
 * What an erasure would remove now and what stays until when, from the customer's state, whether a
 * hold is placed, and how many records of each kind are still held (erased ones count 0).
 * Pure: the clock and the retention period are parameters.
 */
export function erasurePlan(
  facts: RetentionFacts,
  onHold: boolean,
  counts: RecordCounts,
  retentionYears: number,
  now: Date,
): ErasurePlan {
  const until = retainUntil(facts, retentionYears);
  const refusal = erasureRefusal(facts, onHold);
  const present = PRIVACY_RECORD_KINDS.filter((k) => counts[k] > 0);
  const plan: ErasurePlan = { refusal, retainUntil: until, erasableNow: [], heldUntil: [] };
  for (const kind of present) {
    const count = counts[kind];
    if (onHold) plan.heldUntil.push({ kind, count, until: null, reason: 'hold' });
    else if (RETAINED.has(kind)) {
      const due = until !== null && until.getTime() <= now.getTime();
      const erasableNow = due && (facts.erasedAt ? kycErasureDue(facts, onHold, retentionYears, now) : !refusal);
      if (erasableNow) plan.erasableNow.push({ kind, count });
      else plan.heldUntil.push({ kind, count, until, reason: until ? 'retention' : 'relationship' });
    } else if (refusal) plan.heldUntil.push({ kind, count, until: null, reason: 'relationship' });
    else plan.erasableNow.push({ kind, count });
  }
  return plan;
}
