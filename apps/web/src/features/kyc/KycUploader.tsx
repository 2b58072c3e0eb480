import {
  type CustomerType,
  DEFAULT_KYC_MAX_FILE_MB,
  KYC_ALLOWED_EXTENSIONS,
  KYC_DOCUMENT_TYPE_LABELS,
  KYC_DOCUMENT_TYPES,
  type KycDocument,
  type KycDocumentType,
  kycDocumentTypesFor,
  requiresExpiry,
} from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { type Ref, useImperativeHandle, useRef } from 'react';
import { Field, TextInput } from '../../components/Field';
import { type Option, SelectControl } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { countryOptions } from '../../lib/countries';
import { trpc } from '../../lib/trpc';
import { DropZone } from '../uploads/DropZone';
import { listExtensions } from '../uploads/fileKinds';
import { revealLastRow, UploadQueueList } from '../uploads/UploadQueueList';
import { type QueuedFile, useUploadQueue } from '../uploads/useUploadQueue';
import { uploadWithProgress } from '../uploads/xhrUpload';
import {
  checkKycFile,
  emptyKycMeta,
  type KycUploadMeta,
  kycUploadUrl,
  todayIso,
  tomorrowIso,
  useKycRefresh,
  validateKycMeta,
} from './kycModel';

export interface KycUploaderHandle {
  /** Opens the file picker; files picked get this document type when exactly one is given. */
  pick: (types?: readonly KycDocumentType[]) => void;
}

const typeOptions = (types: readonly KycDocumentType[]): Option[] =>
  types.map((t) => ({ value: t, label: KYC_DOCUMENT_TYPE_LABELS[t] }));
const NO_COUNTRY = '__none__';
// Three short fields then two longer ones on a medium card; one row of five on a wide one.
const SHORT = '@2xl:col-span-2 @4xl:col-span-1';
const LONG = '@2xl:col-span-3 @4xl:col-span-1';
let issuingCountries: Option[] | undefined;
const issuingCountryOptions = () => {
  issuingCountries ??= [{ value: NO_COUNTRY, label: 'Not given' }, ...countryOptions()];
  return issuingCountries;
};

function KycFileFields({
  item,
  types,
  onChange,
}: {
  item: QueuedFile<KycUploadMeta>;
  types: readonly KycDocumentType[];
  onChange: (change: Partial<KycUploadMeta>) => void;
}) {
  const { meta, fieldErrors: errors } = item;
  const id = item.id;
  const expiryRequired = meta.documentType ? requiresExpiry(meta.documentType) : false;
  return (
    // Sized by the card, not the window: the portal's column is narrower than the staff page's.
    <div className="@container">
      <div className="grid gap-4 @lg:grid-cols-2 @2xl:grid-cols-6 @4xl:grid-cols-5">
        <Field id={`${id}-type`} label="Document type" required error={errors.documentType} className={SHORT}>
          {(control) => (
            <SelectControl
              control={control}
              value={meta.documentType}
              onValueChange={(v) => onChange({ documentType: v as KycDocumentType })}
              options={typeOptions(types)}
              placeholder="Choose a type"
            />
          )}
        </Field>
        <Field
          id={`${id}-expires`}
          label="Expires on"
          required={expiryRequired}
          error={errors.expiresAt}
          className={SHORT}
        >
          {(control) => (
            <TextInput
              {...control}
              type="date"
              min={tomorrowIso()}
              value={meta.expiresAt}
              onChange={(e) => onChange({ expiresAt: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-issued`} label="Issued on" error={errors.issuedAt} className={SHORT}>
          {(control) => (
            <TextInput
              {...control}
              type="date"
              max={todayIso()}
              value={meta.issuedAt}
              onChange={(e) => onChange({ issuedAt: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-number`} label="Document number" error={errors.documentNumber} className={LONG}>
          {(control) => (
            <TextInput
              {...control}
              value={meta.documentNumber}
              maxLength={100}
              autoComplete="off"
              onChange={(e) => onChange({ documentNumber: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-country`} label="Issuing country" error={errors.issuingCountry} className={LONG}>
          {(control) => (
            <SelectControl
              control={control}
              value={meta.issuingCountry}
              onValueChange={(v) => onChange({ issuingCountry: v === NO_COUNTRY ? '' : v })}
              options={issuingCountryOptions()}
              placeholder="Not given"
            />
          )}
        </Field>
      </div>
    </div>
  );
}

/**
 * Several KYC files at once, each with its own type, dates, number and country, checked with the
 * domain rules before sending; real progress, cancel, and retry with the same idempotency key.
 */
export function KycUploader({
  customerId,
  customerType,
  ref,
  title = 'Drag and drop identity or address documents here',
}: {
  customerId: string;
  /** Offers only the types that make sense for this customer (no business registration for a person). */
  customerType?: CustomerType;
  ref?: Ref<KycUploaderHandle>;
  title?: string;
}) {
  const toast = useToast();
  const types = customerType ? kycDocumentTypesFor(customerType) : KYC_DOCUMENT_TYPES;
  const refresh = useKycRefresh(customerId);
  const inputRef = useRef<HTMLInputElement>(null);
  const preset = useRef<KycDocumentType | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const limits = useQuery(trpc.kyc.uploadLimits.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const maxMb = limits.data?.maxFileMb ?? DEFAULT_KYC_MAX_FILE_MB;

  const queue = useUploadQueue<KycUploadMeta, KycDocument>({
    initialMeta: emptyKycMeta,
    checkFile: (file) => checkKycFile(file, maxMb),
    validate: (meta) => validateKycMeta(meta),
    send: ({ file, meta, idempotencyKey, onProgress, signal }) =>
      uploadWithProgress<KycDocument>({
        url: kycUploadUrl(customerId),
        fields: {
          documentType: meta.documentType,
          documentNumber: meta.documentNumber,
          issuingCountry: meta.issuingCountry,
          issuedAt: meta.issuedAt,
          expiresAt: meta.expiresAt,
        },
        file,
        idempotencyKey,
        onProgress,
        signal,
      }),
    onUploaded: () => void refresh(),
    onBatchUploaded: (docs) => {
      const [doc] = docs;
      if (docs.length === 1 && doc)
        toast.success(
          `${KYC_DOCUMENT_TYPE_LABELS[doc.documentType]} uploaded`,
          `${doc.fileName} is waiting for review.`,
        );
      else toast.success(`${docs.length} files uploaded`, 'They are waiting for review.');
    },
  });

  useImperativeHandle(ref, () => ({
    pick: (types) => {
      preset.current = types?.length === 1 ? (types[0] ?? null) : null;
      inputRef.current?.click();
    },
  }));

  const addFiles = (files: File[], source: 'picker' | 'drop') => {
    // The type chosen by a checklist's "Upload" applies to the files picked right after it, not to drops.
    const type = source === 'picker' ? preset.current : null;
    preset.current = null;
    if (queue.add(files, type ? { documentType: type } : undefined) > 0) revealLastRow(listRef);
  };

  const hint = `${listExtensions(KYC_ALLOWED_EXTENSIONS)}, up to ${maxMb} MB each. You can add several at once.`;

  return (
    <div className="space-y-4">
      <DropZone
        extensions={KYC_ALLOWED_EXTENSIONS}
        onFiles={addFiles}
        onBrowse={() => {
          preset.current = null;
        }}
        inputRef={inputRef}
        title={title}
        hint={hint}
        compact={queue.items.length > 0}
        testId="kyc-file-input"
      />
      <UploadQueueList
        queue={queue}
        listRef={listRef}
        renderFields={(item, onChange) => <KycFileFields item={item} types={types} onChange={onChange} />}
      />
    </div>
  );
}
