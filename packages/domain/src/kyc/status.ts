import type { CustomerType, KycStatus } from '../customers/enums';
import type { KycDocumentType, KycEffectiveStatus } from './document-types';
import { isExpired } from './expiry';
import { type KycRequirement, kycRequirementsFor } from './requirements';

/** The facts of a document that the KYC status depends on. Deleted documents are ignored. */
export type KycStatusDocument = {
  documentType: KycDocumentType;
  status: KycEffectiveStatus;
  expiresAt: string | null;
  uploadedAt: string | Date;
  deletedAt?: string | Date | null;
};

export const KYC_REQUIREMENT_STATES = ['verified', 'pending', 'rejected', 'expired', 'missing'] as const;
export type KycRequirementState = (typeof KYC_REQUIREMENT_STATES)[number];
export type KycUnmetReason = Exclude<KycRequirementState, 'verified'>;

export type KycRequirementEvaluation = KycRequirement & { state: KycRequirementState };
export type KycUnmetRequirement = {
  key: KycRequirement['key'];
  label: string;
  documentTypes: KycDocumentType[];
  reason: KycUnmetReason;
};

const time = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(v));
const live = (docs: readonly KycStatusDocument[]) => docs.filter((d) => !d.deletedAt);
const lapsed = (d: KycStatusDocument, now: Date) => d.status === 'expired' || isExpired(d, now);

/**
 * One requirement, first match wins:
 * `verified` — a verified, unexpired document of an accepted type;
 * `pending` — else an unexpired pending one (it may still be verified, so it replaces older rejections);
 * `rejected` — else the most recently uploaded accepted document is rejected (ties: the later in `docs`);
 * `expired` — else it has documents that are not rejected, all of them now expired (verified ones
 *   that lapsed, or pending ones that lapsed before review: either way a current one is needed);
 * `missing` — else, i.e. the customer has no document of an accepted type.
 */
function requirementState(req: KycRequirement, docs: readonly KycStatusDocument[], now: Date): KycRequirementState {
  const mine = docs.filter((d) => req.documentTypes.includes(d.documentType));
  if (mine.some((d) => d.status === 'verified' && !lapsed(d, now))) return 'verified';
  if (mine.some((d) => d.status === 'pending' && !lapsed(d, now))) return 'pending';
  let latest: KycStatusDocument | undefined;
  for (const d of mine) if (!latest || time(d.uploadedAt) >= time(latest.uploadedAt)) latest = d;
  if (latest?.status === 'rejected') return 'rejected';
  if (mine.some((d) => d.status !== 'rejected')) return 'expired';
  return 'missing';
}

/** Every requirement of the customer type with its current state: the customer's KYC checklist. */
export function evaluateRequirements(
  customerType: CustomerType,
  docs: readonly KycStatusDocument[],
  now: Date,
): KycRequirementEvaluation[] {
  const current = live(docs);
  return kycRequirementsFor(customerType).map((req) => ({ ...req, state: requirementState(req, current, now) }));
}

/**
 * The customer's `kycStatus`, derived from its non-deleted documents (SPEC §3). Precedence:
 * 1. `not_started` — no documents at all;
 * 2. `verified` — every requirement is verified;
 * 3. `rejected` — any requirement is rejected (the customer must act, so it outranks the rest);
 * 4. `expired` — else any requirement is expired (the customer must act too);
 * 5. `pending` — else: the remaining requirements are pending or missing. A customer who has
 *    uploaded something but not everything is `pending`, never `verified`.
 */
export function deriveKycStatus(customerType: CustomerType, docs: readonly KycStatusDocument[], now: Date): KycStatus {
  if (live(docs).length === 0) return 'not_started';
  const states = evaluateRequirements(customerType, docs, now).map((r) => r.state);
  if (states.every((s) => s === 'verified')) return 'verified';
  if (states.includes('rejected')) return 'rejected';
  if (states.includes('expired')) return 'expired';
  return 'pending';
}

/** The requirements not yet met by a verified, unexpired document, with why (SPEC §3 "missing documents"). */
export function missingRequirements(
  customerType: CustomerType,
  docs: readonly KycStatusDocument[],
  now: Date,
): KycUnmetRequirement[] {
  const unmet: KycUnmetRequirement[] = [];
  for (const r of evaluateRequirements(customerType, docs, now)) {
    if (r.state === 'verified') continue;
    unmet.push({ key: r.key, label: r.label, documentTypes: [...r.documentTypes], reason: r.state });
  }
  return unmet;
}
