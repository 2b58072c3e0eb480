import {
  DEFAULT_DOCUMENT_MAX_FILE_MB,
  DOCUMENT_CATEGORIES,
  DOCUMENT_CATEGORY_LABELS,
  type DocumentCategory,
  documentExtensionOf,
  documentUploadMetadataInput,
  maxFileBytes,
} from '@cm/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Tone } from '../../components/Badge';
import type { FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';

export const documentUploadUrl = (customerId: string) => `/api/customers/${encodeURIComponent(customerId)}/documents`;
export const documentDownloadUrl = (customerId: string, documentId: string) =>
  `/api/customers/${encodeURIComponent(customerId)}/documents/${encodeURIComponent(documentId)}/download`;

export const CATEGORY_OPTIONS = DOCUMENT_CATEGORIES.map((c) => ({ value: c, label: DOCUMENT_CATEGORY_LABELS[c] }));

export const CATEGORY_TONE: Record<DocumentCategory, Tone> = {
  contract: 'indigo',
  invoice: 'green',
  proposal: 'sky',
  agreement: 'indigo',
  correspondence: 'slate',
  report: 'amber',
  other: 'slate',
};

export interface DocumentUploadMeta {
  category: DocumentCategory | '';
  title: string;
}

/** The file itself: an accepted extension (domain rule) and within the server's size limit. */
export function checkDocumentFile(file: File, maxMb: number = DEFAULT_DOCUMENT_MAX_FILE_MB): string | undefined {
  try {
    documentExtensionOf(file.name);
  } catch (err) {
    return err instanceof Error ? err.message : 'This kind of file is not accepted.';
  }
  if (file.size === 0) return 'The file is empty.';
  if (file.size > maxFileBytes(maxMb)) return `The file is larger than the ${maxMb} MB limit.`;
  return undefined;
}

/** The API's own metadata schema; a blank title falls back to the file name on the server. */
export function validateDocumentMeta(meta: DocumentUploadMeta): FieldErrors {
  const parsed = documentUploadMetadataInput.safeParse(meta);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'category');
    errors[field] = [...(errors[field] ?? []), issue.message];
  }
  return errors;
}

/** Documents lists (every filter) and the timeline. */
export function useDocumentsRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.documents.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]),
    [queryClient],
  );
}
