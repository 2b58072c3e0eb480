import {
  can,
  canReject,
  canVerify,
  isExpiringWithin,
  KYC_DOCUMENT_TYPE_LABELS,
  KYC_EXPIRING_SOON_DAYS,
  type KycDocument,
  type Role,
  reviewStatusOf,
} from '@cm/domain';
import { useMutation } from '@tanstack/react-query';
import { AlertTriangle, CheckCircle2, Download, Eye, Pencil, Trash2, XCircle } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button, buttonClass } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/Toast';
import { countryName } from '../../lib/countries';
import { apiError } from '../../lib/errors';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { FilePreviewDialog, type PreviewFile } from '../uploads/FilePreviewDialog';
import { FileTypeIcon, formatBytes } from '../uploads/fileKinds';
import { EditKycDialog } from './EditKycDialog';
import { DOC_STATUS_LABEL, DOC_STATUS_TONE, daysUntil, expiresInText, kycDownloadUrl, useKycRefresh } from './kycModel';
import { RejectDialog } from './RejectDialog';

type Dialog = { kind: 'verify' | 'reject' | 'delete'; doc: KycDocument } | null;

/**
 * The document changed or is gone, so the dialog's action no longer applies: it closes with a toast.
 * Any other error (invalid reason, rate limit, outage) keeps the dialog open, with what was typed, to try again.
 */
const OUTDATED = new Set(['CONFLICT', 'PRECONDITION_FAILED', 'NOT_FOUND']);

/** The message an open dialog shows for its failed action; outdated ones were toasted instead. */
function dialogError(error: unknown, field?: string): string | undefined {
  if (!error) return undefined;
  const info = apiError(error);
  if (OUTDATED.has(info.code)) return undefined;
  return (field && info.fieldErrors[field]?.[0]) || info.message;
}

function DialogError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {message}
    </p>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

/** " by you", " by Jane Doe", or nothing when the person is unknown (e.g. a removed account). */
function byWhom(isMe: boolean, name: string | null) {
  if (isMe) return ' by you';
  return name ? ` by ${name}` : '';
}

/**
 * KYC documents, newest first, with status, dates and an expiry warning. Staff with `kyc:verify`
 * review them (not their own uploads: four eyes), admins delete; everyone here can preview and download.
 */
export function KycDocumentList({
  customerId,
  documents,
  role,
  userId,
  audience,
}: {
  customerId: string;
  documents: readonly KycDocument[];
  role: Role;
  userId: string;
  audience: 'staff' | 'client';
}) {
  const toast = useToast();
  const refresh = useKycRefresh(customerId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [preview, setPreview] = useState<PreviewFile | null>(null);
  const now = new Date();
  const mayReview = audience === 'staff' && can(role, 'kyc:verify');
  const mayDelete = audience === 'staff' && can(role, 'kyc:delete');
  const mayEdit = audience === 'staff' && can(role, 'kyc:edit');
  const [editing, setEditing] = useState<KycDocument | null>(null);
  const mayDownload = can(role, 'kyc:download');

  const label = (doc: KycDocument) => KYC_DOCUMENT_TYPE_LABELS[doc.documentType];
  const close = () => {
    setDialog(null);
    verify.reset();
    reject.reset();
    remove.reset();
  };

  const verify = useMutation(
    trpc.kyc.verify.mutationOptions({
      onSuccess: async (doc) => {
        toast.success(`${label(doc)} verified`, doc.fileName);
        setDialog(null);
        await refresh();
      },
      onError: (err) => {
        if (!OUTDATED.has(apiError(err).code)) return; // shown in the dialog, which stays open
        toast.error('Not verified', apiError(err).message);
        setDialog(null);
        void refresh();
      },
    }),
  );
  const reject = useMutation(
    trpc.kyc.reject.mutationOptions({
      onSuccess: async (doc) => {
        toast.success(`${label(doc)} rejected`, 'The customer sees the reason and can upload a replacement.');
        setDialog(null);
        await refresh();
      },
      onError: (err) => {
        if (!OUTDATED.has(apiError(err).code)) return; // shown under the reason field, which keeps the text
        toast.error('Not rejected', apiError(err).message);
        setDialog(null);
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.kyc.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Document deleted', dialog ? `${label(dialog.doc)} · ${dialog.doc.fileName}` : undefined);
        setDialog(null);
        await refresh();
      },
      onError: (err) => {
        if (!OUTDATED.has(apiError(err).code)) return; // shown in the dialog, which stays open
        toast.error('Not deleted', apiError(err).message);
        setDialog(null);
        void refresh();
      },
    }),
  );

  return (
    <>
      <ul className="divide-y divide-slate-100" aria-label="KYC documents">
        {documents.map((doc) => {
          const expiring = doc.expiresAt && isExpiringWithin(doc, now, KYC_EXPIRING_SOON_DAYS);
          const mine = doc.uploadedBy === userId;
          const showVerify = mayReview && canVerify(doc, userId, now);
          const showReject = mayReview && canReject({ ...doc, status: reviewStatusOf(doc) }, userId);
          const ownPending = mayReview && doc.status === 'pending' && mine;
          return (
            <li
              key={doc.id}
              data-testid="kyc-document"
              data-status={doc.status}
              aria-label={`${label(doc)}, ${doc.fileName}`}
              className="flex flex-col gap-3 px-5 py-4 lg:flex-row lg:items-start"
            >
              <div className="flex min-w-0 flex-1 gap-3">
                <FileTypeIcon fileName={doc.fileName} />
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="text-sm font-semibold text-slate-900">{label(doc)}</h3>
                    <Badge tone={DOC_STATUS_TONE[doc.status]} dot>
                      {DOC_STATUS_LABEL[doc.status]}
                    </Badge>
                    {expiring && doc.expiresAt && (
                      <Badge tone="amber">
                        <AlertTriangle className="size-3" aria-hidden="true" />
                        {expiresInText(daysUntil(doc.expiresAt, now))}
                      </Badge>
                    )}
                  </div>
                  <p className="mt-0.5 truncate text-xs text-slate-500" title={doc.fileName}>
                    {doc.fileName} · {formatBytes(doc.sizeBytes)}
                  </p>
                  <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-600">
                    {doc.documentNumber && (
                      <div className="flex gap-1">
                        <dt className="text-slate-500">No.</dt>
                        <dd className="font-mono text-slate-800">{doc.documentNumber}</dd>
                      </div>
                    )}
                    {doc.issuingCountry && (
                      <div className="flex gap-1">
                        <dt className="text-slate-500">Issued by</dt>
                        <dd className="text-slate-800">{countryName(doc.issuingCountry)}</dd>
                      </div>
                    )}
                    {doc.issuedAt && (
                      <div className="flex gap-1">
                        <dt className="text-slate-500">Issued</dt>
                        <dd className="text-slate-800">{formatDate(doc.issuedAt)}</dd>
                      </div>
                    )}
                    {doc.expiresAt ? (
                      <div className="flex gap-1">
                        <dt className="text-slate-500">Expires</dt>
                        <dd
                          className={
                            expiring || doc.status === 'expired' ? 'font-medium text-amber-800' : 'text-slate-800'
                          }
                        >
                          {formatDate(doc.expiresAt)}
                        </dd>
                      </div>
                    ) : (
                      <div className="flex gap-1">
                        <dt className="sr-only">Expires</dt>
                        <dd className="text-slate-500">No expiry date</dd>
                      </div>
                    )}
                    <div className="flex gap-1">
                      <dt className="text-slate-500">Uploaded</dt>
                      <dd className="text-slate-800">
                        <When iso={doc.uploadedAt} />
                        {byWhom(mine, doc.uploadedByName)}
                      </dd>
                    </div>
                    {doc.status === 'verified' && doc.verifiedAt && (
                      <div className="flex gap-1">
                        <dt className="text-slate-500">Verified</dt>
                        <dd className="text-slate-800">
                          <When iso={doc.verifiedAt} />
                          {byWhom(doc.verifiedBy === userId, doc.verifiedByName)}
                        </dd>
                      </div>
                    )}
                  </dl>
                  {doc.status === 'rejected' && doc.rejectionReason && (
                    <p className="mt-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200 ring-inset">
                      <span className="font-semibold">Rejected: </span>
                      {doc.rejectionReason}
                    </p>
                  )}
                  {ownPending && (
                    <p className="mt-2 text-xs text-slate-500" data-testid="four-eyes-note">
                      You uploaded this document, so someone else must review it.
                    </p>
                  )}
                </div>
              </div>
              <div className="flex flex-wrap items-center gap-1.5 lg:justify-end">
                {mayDownload && (
                  <>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Preview ${label(doc)}`}
                      onClick={() =>
                        setPreview({
                          fileName: doc.fileName,
                          mimeType: doc.mimeType,
                          sizeBytes: doc.sizeBytes,
                          downloadUrl: kycDownloadUrl(customerId, doc.id),
                          subtitle: label(doc),
                        })
                      }
                    >
                      <Eye className="size-4" aria-hidden="true" /> Preview
                    </Button>
                    <a
                      href={kycDownloadUrl(customerId, doc.id)}
                      download
                      className={buttonClass('ghost', 'sm')}
                      aria-label={`Download ${label(doc)}`}
                    >
                      <Download className="size-4" aria-hidden="true" /> Download
                    </a>
                  </>
                )}
                {showReject && (
                  <Button
                    size="sm"
                    onClick={() => setDialog({ kind: 'reject', doc })}
                    aria-label={`Reject ${label(doc)}`}
                  >
                    <XCircle className="size-4 text-rose-600" aria-hidden="true" /> Reject
                  </Button>
                )}
                {showVerify && (
                  <Button
                    size="sm"
                    variant="primary"
                    onClick={() => setDialog({ kind: 'verify', doc })}
                    aria-label={`Verify ${label(doc)}`}
                  >
                    <CheckCircle2 className="size-4" aria-hidden="true" /> Verify
                  </Button>
                )}
                {mayEdit && doc.status === 'pending' && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setEditing(doc)}
                    aria-label={`Edit ${label(doc)} details`}
                  >
                    <Pencil className="size-4" aria-hidden="true" /> Edit
                  </Button>
                )}
                {mayDelete && (
                  <button
                    type="button"
                    onClick={() => setDialog({ kind: 'delete', doc })}
                    className="rounded-md p-1.5 text-slate-400 hover:bg-rose-50 hover:text-rose-700"
                    aria-label={`Delete ${label(doc)}`}
                    title="Delete"
                  >
                    <Trash2 className="size-4" aria-hidden="true" />
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>

      <ConfirmDialog
        open={dialog?.kind === 'verify'}
        onOpenChange={(open) => !open && close()}
        tone="primary"
        title={dialog ? `Verify ${label(dialog.doc)}?` : 'Verify'}
        description="Confirm that you checked the document against the customer's details. Verification counts towards their KYC and is recorded in the activity timeline."
        confirmLabel="Verify document"
        busy={verify.isPending}
        onConfirm={() => dialog && verify.mutate({ customerId, documentId: dialog.doc.id })}
      >
        <DialogError message={dialogError(verify.error)} />
      </ConfirmDialog>
      <RejectDialog
        open={dialog?.kind === 'reject'}
        onOpenChange={(open) => !open && close()}
        documentLabel={dialog ? label(dialog.doc) : 'document'}
        busy={reject.isPending}
        serverError={dialogError(reject.error, 'reason')}
        onSubmit={(reason) => dialog && reject.mutate({ customerId, documentId: dialog.doc.id, reason })}
      />
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        onOpenChange={(open) => !open && close()}
        title={dialog ? `Delete ${label(dialog.doc)}?` : 'Delete'}
        description="The document no longer counts towards KYC and disappears from this list. It stays in the records for audit."
        confirmLabel="Delete document"
        busy={remove.isPending}
        onConfirm={() => dialog && remove.mutate({ customerId, documentId: dialog.doc.id })}
      >
        <DialogError message={dialogError(remove.error)} />
      </ConfirmDialog>
      <FilePreviewDialog file={preview} onClose={() => setPreview(null)} />
      <EditKycDialog document={editing} onClose={() => setEditing(null)} />
    </>
  );
}
