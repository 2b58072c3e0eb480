import {
  type CustomerDocument,
  DEFAULT_DOCUMENT_MAX_FILE_MB,
  DOCUMENT_ALLOWED_EXTENSIONS,
  DOCUMENT_CATEGORY_LABELS,
  type DocumentCategory,
} from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Field, TextInput } from '../../components/Field';
import { SelectControl } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { trpc } from '../../lib/trpc';
import { DropZone } from '../uploads/DropZone';
import { baseName, listExtensions } from '../uploads/fileKinds';
import { revealLastRow, UploadQueueList } from '../uploads/UploadQueueList';
import { type QueuedFile, useUploadQueue } from '../uploads/useUploadQueue';
import { uploadWithProgress } from '../uploads/xhrUpload';
import {
  CATEGORY_OPTIONS,
  checkDocumentFile,
  type DocumentUploadMeta,
  documentUploadUrl,
  useDocumentsRefresh,
  validateDocumentMeta,
} from './documentModel';

function DocumentFileFields({
  item,
  onChange,
}: {
  item: QueuedFile<DocumentUploadMeta>;
  onChange: (change: Partial<DocumentUploadMeta>) => void;
}) {
  const { meta, fieldErrors: errors, id } = item;
  return (
    <div className="grid gap-4 sm:grid-cols-[14rem_minmax(0,1fr)]">
      <Field id={`${id}-category`} label="Category" required error={errors.category}>
        {(control) => (
          <SelectControl
            control={control}
            value={meta.category}
            onValueChange={(v) => onChange({ category: v as DocumentCategory })}
            options={CATEGORY_OPTIONS}
            placeholder="Choose a category"
          />
        )}
      </Field>
      <Field id={`${id}-title`} label="Title" error={errors.title} hint="Leave empty to use the file name.">
        {(control) => (
          <TextInput
            {...control}
            value={meta.title}
            maxLength={200}
            placeholder={baseName(item.file.name)}
            onChange={(e) => onChange({ title: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}

/** Several files at once, each with its category and title; progress, cancel, retry (same idempotency key). */
export function DocumentUploader({ customerId }: { customerId: string }) {
  const toast = useToast();
  const refresh = useDocumentsRefresh();
  const listRef = useRef<HTMLUListElement>(null);
  const limits = useQuery(trpc.documents.uploadLimits.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const maxMb = limits.data?.maxFileMb ?? DEFAULT_DOCUMENT_MAX_FILE_MB;
  const queue = useUploadQueue<DocumentUploadMeta, CustomerDocument>({
    initialMeta: () => ({ category: '', title: '' }),
    checkFile: (file) => checkDocumentFile(file, maxMb),
    validate: validateDocumentMeta,
    send: ({ file, meta, idempotencyKey, onProgress, signal }) =>
      uploadWithProgress<CustomerDocument>({
        url: documentUploadUrl(customerId),
        fields: { category: meta.category, title: meta.title },
        file,
        idempotencyKey,
        onProgress,
        signal,
      }),
    onUploaded: () => void refresh(),
    onBatchUploaded: (docs) => {
      const [doc] = docs;
      if (docs.length === 1 && doc)
        toast.success('Document uploaded', `${doc.title} · ${DOCUMENT_CATEGORY_LABELS[doc.category]}`);
      else toast.success(`${docs.length} files uploaded`);
    },
  });

  return (
    <div className="space-y-4">
      <DropZone
        extensions={DOCUMENT_ALLOWED_EXTENSIONS}
        onFiles={(files) => {
          if (queue.add(files) > 0) revealLastRow(listRef);
        }}
        hint={`${listExtensions(DOCUMENT_ALLOWED_EXTENSIONS)}, up to ${maxMb} MB each. You can add several at once.`}
        compact={queue.items.length > 0}
        testId="document-file-input"
      />
      <UploadQueueList
        queue={queue}
        listRef={listRef}
        renderFields={(item, onChange) => <DocumentFileFields item={item} onChange={onChange} />}
      />
    </div>
  );
}
