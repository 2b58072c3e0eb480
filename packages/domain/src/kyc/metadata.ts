import { z } from 'zod';
import { optionalText } from '../common';
import { isoDate } from '../customers/dates';
import { countryCode } from '../customers/enums';
import { type FieldErrors, Invalid } from '../errors';
import { type KycDocumentType, kycDocumentType, requiresExpiry } from './document-types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Form fields arrive as strings; a blank one means "no value" (null), a missing one "not given". */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/** An optional ISO date (YYYY-MM-DD); blank is null. */
export const kycOptionalDate = z.preprocess(
  blankToNull,
  z.iso.date({ message: 'Use a date in the form YYYY-MM-DD.' }).nullish(),
);
/** An optional issuing country (ISO 3166-1 alpha-2, any case); blank is null. */
export const kycOptionalCountry = z.preprocess(blankToNull, countryCode.nullish());
/** An optional document number of at most 100 characters; blank is null. */
export const kycOptionalDocumentNumber = optionalText(100);

export type KycDatesInput = {
  documentType: KycDocumentType;
  issuedAt?: string | null;
  expiresAt?: string | null;
};

/**
 * Date rules of SPEC §3 as per-field messages (empty when fine): an identity document needs an
 * expiry date; the expiry date must be after today (UTC); the issue date must not be after today and
 * must be before the expiry date. Without `now` only the rules that do not depend on the date run
 * (used by the form schema); `requireFutureExpiry: false` skips "after today" for an edit that
 * leaves the expiry date as it was.
 */
export function kycDateProblems(
  input: KycDatesInput,
  now?: Date,
  options: { requireFutureExpiry?: boolean } = {},
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  const { issuedAt, expiresAt, documentType } = input;
  const issued = issuedAt && ISO_DATE.test(issuedAt) ? issuedAt : null;
  const expires = expiresAt && ISO_DATE.test(expiresAt) ? expiresAt : null;
  if (issuedAt && !issued) add('issuedAt', 'Use a date in the form YYYY-MM-DD.');
  if (expiresAt && !expires) add('expiresAt', 'Use a date in the form YYYY-MM-DD.');

  if (!expiresAt && requiresExpiry(documentType)) {
    add('expiresAt', 'An expiry date is required for identity documents.');
  }
  if (now) {
    const today = isoDate(now);
    if (expires && expires <= today && options.requireFutureExpiry !== false) {
      add('expiresAt', 'The expiry date must be in the future.');
    }
    if (issued && issued > today) add('issuedAt', 'The issue date cannot be in the future.');
  }
  if (issued && expires && issued >= expires) add('issuedAt', 'The issue date must be before the expiry date.');
  return errors;
}

/** Throws `Invalid` with the per-field messages of `kycDateProblems` when any rule is broken. */
export function checkKycDates(input: KycDatesInput, now: Date, options: { requireFutureExpiry?: boolean } = {}): void {
  const errors = kycDateProblems(input, now, options);
  const first = Object.values(errors)[0]?.[0];
  if (first) throw new Invalid(first, errors);
}

/**
 * The metadata fields of a KYC upload (multipart form fields, so all strings; blank means absent).
 * Output: absent optional fields are `null`. Date rules that need today's date are `checkKycDates`.
 */
export const kycUploadMetadataInput = z
  .object({
    documentType: kycDocumentType,
    documentNumber: kycOptionalDocumentNumber.transform((v) => v ?? null),
    issuingCountry: kycOptionalCountry.transform((v) => v ?? null),
    issuedAt: kycOptionalDate.transform((v) => v ?? null),
    expiresAt: kycOptionalDate.transform((v) => v ?? null),
  })
  .superRefine((m, ctx) => {
    for (const [field, messages] of Object.entries(kycDateProblems(m))) {
      for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  });
export type KycUploadMetadataInput = z.input<typeof kycUploadMetadataInput>;
export type KycUploadMetadata = z.output<typeof kycUploadMetadataInput>;
