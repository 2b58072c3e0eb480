import { z } from 'zod';
import { cursorSchema, limitSchema, optionalText, page, text, uuid } from '../common';

export const DOCUMENT_CATEGORIES = [
  'contract',
  'invoice',
  'proposal',
  'agreement',
  'correspondence',
  'report',
  'other',
] as const;
export const documentCategory = z.enum(DOCUMENT_CATEGORIES, { message: 'Choose a category.' });
export type DocumentCategory = z.infer<typeof documentCategory>;

export const DOCUMENT_CATEGORY_LABELS: Readonly<Record<DocumentCategory, string>> = {
  contract: 'Contract',
  invoice: 'Invoice',
  proposal: 'Proposal',
  agreement: 'Agreement',
  correspondence: 'Correspondence',
  report: 'Report',
  other: 'Other',
};

const title = text().min(1, 'Give the document a title.').max(200, 'At most 200 characters.');

/** Multipart form fields of an upload; a missing title falls back to the file name. */
export const documentUploadMetadataInput = z.object({
  category: documentCategory,
  title: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), title.optional()),
  description: optionalText(2000, { multiline: true }),
});
export type DocumentUploadMetadata = z.output<typeof documentUploadMetadataInput>;

export const documentByIdInput = z.object({ customerId: uuid, documentId: uuid });

/** Metadata only: the file of a document never changes. */
export const documentUpdateInput = documentByIdInput.extend({
  version: z.number().int().min(1),
  title: title.optional(),
  description: optionalText(2000, { multiline: true }),
  category: documentCategory.optional(),
});
export type DocumentUpdateInput = z.input<typeof documentUpdateInput>;

export const documentListInput = z.object({
  customerId: uuid,
  category: documentCategory.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
  /** Admins only: include soft-deleted documents. */
  includeDeleted: z.boolean().default(false),
});

export const documentOutput = z.object({
  id: z.string(),
  customerId: z.string(),
  category: documentCategory,
  title: z.string(),
  description: z.string().nullable(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  deletedAt: z.string().nullable(),
  deletedBy: z.string().nullable(),
  version: z.number().int(),
});
export type CustomerDocument = z.infer<typeof documentOutput>;
export const documentPage = page(documentOutput);
