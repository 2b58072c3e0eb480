import type { KycStatusDocument } from '../../src/kyc';

/** Fixed clock for every KYC test: today is 2025-06-15 (UTC). */
export const NOW = new Date('2025-06-15T12:00:00.000Z');
export const TODAY = '2025-06-15';
export const YESTERDAY = '2025-06-14';
export const TOMORROW = '2025-06-16';
export const NEXT_YEAR = '2026-06-15';
export const LAST_YEAR = '2024-06-15';

let clock = 0;
/** A document for the status rules; each call is uploaded one minute after the previous one. */
export function doc(
  documentType: KycStatusDocument['documentType'],
  status: KycStatusDocument['status'],
  extra: Partial<KycStatusDocument> = {},
): KycStatusDocument {
  clock += 1;
  return {
    documentType,
    status,
    expiresAt: null,
    uploadedAt: new Date(Date.UTC(2025, 0, 1, 0, clock)).toISOString(),
    ...extra,
  };
}
