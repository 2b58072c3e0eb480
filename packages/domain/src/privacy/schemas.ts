import { z } from 'zod';
import { requiredText, uuid } from '../common';
import { HELD_REASONS, privacyRecordKind } from './plan';

export const privacyCustomerInput = z.object({ customerId: uuid });

export const holdReason = requiredText(1000, 'A reason', { multiline: true });

export const placeHoldInput = z.object({ customerId: uuid, reason: holdReason });
export const liftHoldInput = z.object({ customerId: uuid, reason: holdReason });

/** `confirm` must be the customer's number, typed by the admin, so nobody erases the wrong person by a slip. */
export const requestErasureInput = z.object({ customerId: uuid, confirm: z.string().trim().max(40) });

export const legalHoldOutput = z.object({
  reason: z.string(),
  placedBy: z.string().nullable(),
  placedByName: z.string().nullable(),
  placedAt: z.string(),
});

export const privacyStatusOutput = z.object({
  customerId: z.string(),
  customerNumber: z.string(),
  status: z.string(),
  erasedAt: z.string().nullable(),
  kycErasedAt: z.string().nullable(),
  hold: legalHoldOutput.nullable(),
  retainUntil: z.string().nullable(),
  retentionYears: z.number().int(),
  erasure: z.object({
    refusal: z.string().nullable(),
    erasableNow: z.array(z.object({ kind: privacyRecordKind, count: z.number().int() })),
    heldUntil: z.array(
      z.object({
        kind: privacyRecordKind,
        count: z.number().int(),
        until: z.string().nullable(),
        reason: z.enum(HELD_REASONS),
      }),
    ),
  }),
});
export type PrivacyStatus = z.infer<typeof privacyStatusOutput>;

export const erasureResultOutput = z.object({
  customerId: z.string(),
  erasedAt: z.string(),
  erased: z.array(z.object({ kind: privacyRecordKind, count: z.number().int() })),
  kycEraseDue: z.string().nullable(),
});
