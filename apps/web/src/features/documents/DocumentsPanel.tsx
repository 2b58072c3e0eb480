import { type Customer, type CustomerDocument, can, DOCUMENT_CATEGORIES, DOCUMENT_CATEGORY_LABELS } from '@cm/domain';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Download, Eye, FolderOpen, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button, buttonClass } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useSearchParamChoice } from '../../lib/useSearchParamChoice';
import { useSessionUser } from '../auth/session';
import { FilePreviewDialog, type PreviewFile } from '../uploads/FilePreviewDialog';
import { FileTypeIcon, formatBytes, previewKindOf } from '../uploads/fileKinds';
import { FilterChips, RelativeTime } from '../uploads/ui';
import { DocumentUploader } from './DocumentUploader';
import { CATEGORY_OPTIONS, CATEGORY_TONE, documentDownloadUrl, useDocumentsRefresh } from './documentModel';
import { EditDocumentDialog } from './EditDocumentDialog';

const PAGE = 25;

/** The Documents tab: uploads, category filter, preview, download, edit details, delete for admins. */
export function DocumentsPanel({ customer }: { customer: Customer }) {
  const user = useSessionUser();
  const toast = useToast();
  const refresh = useDocumentsRefresh();
  const [category, setCategory] = useSearchParamChoice('category', DOCUMENT_CATEGORIES);
  const [preview, setPreview] = useState<PreviewFile | null>(null);
  const [editing, setEditing] = useState<CustomerDocument | null>(null);
  const [deleting, setDeleting] = useState<CustomerDocument | null>(null);
  const documents = useInfiniteQuery(
    trpc.documents.list.infiniteQueryOptions(
      { customerId: customer.id, limit: PAGE, ...(category ? { category } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = documents.data?.pages.flatMap((p) => p.items) ?? [];
  const mayUpload = can(user.role, 'documents:upload');
  const mayEdit = can(user.role, 'documents:edit');
  const mayDelete = can(user.role, 'documents:delete');
  const mayDownload = can(user.role, 'documents:download');

  const remove = useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Document deleted', deleting?.title);
        setDeleting(null);
        await refresh();
      },
      onError: (err) => {
        toast.error('Not deleted', apiError(err).message);
        setDeleting(null);
      },
    }),
  );

  return (
    <div className="space-y-6">
      {mayUpload && (
        <Card>
          <CardHeader
            title="Upload documents"
            description="Contracts, invoices, correspondence and other files for this customer."
          />
          <div className="p-5">
            <DocumentUploader customerId={customer.id} />
          </div>
        </Card>
      )}

      <Card>
        <CardHeader title="Documents" description="Newest first." />
        <div className="border-b border-slate-100 px-5 py-3">
          <FilterChips
            label="Filter documents by category"
            options={CATEGORY_OPTIONS}
            value={category}
            onChange={setCategory}
            allLabel="All categories"
          />
        </div>
        {documents.isPending ? (
          <LoadingBlock label="Loading documents…" />
        ) : documents.isError ? (
          <ErrorState
            error={documents.error}
            onRetry={() => void documents.refetch()}
            title="Documents could not be loaded"
          />
        ) : items.length === 0 ? (
          category ? (
            <EmptyState
              icon={<FolderOpen className="size-6" />}
              title={`No ${DOCUMENT_CATEGORY_LABELS[category].toLowerCase()} documents`}
              action={<Button onClick={() => setCategory(null)}>Show all documents</Button>}
            />
          ) : (
            <EmptyState icon={<FolderOpen className="size-6" />} title="No documents yet">
              {mayUpload
                ? 'Drop files above to file them for this customer.'
                : `Nothing has been filed for ${customer.displayName}.`}
            </EmptyState>
          )
        ) : (
          <>
            <ul
              className="divide-y divide-slate-100"
              aria-label="Documents"
              aria-busy={documents.isFetching || undefined}
            >
              {items.map((doc) => (
                <li
                  key={doc.id}
                  data-testid="document"
                  aria-label={doc.title}
                  className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-start"
                >
                  <div className="flex min-w-0 flex-1 gap-3">
                    <FileTypeIcon fileName={doc.fileName} />
                    <div className="min-w-0 flex-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <h3 className="truncate text-sm font-semibold text-slate-900" title={doc.title}>
                          {doc.title}
                        </h3>
                        <Badge tone={CATEGORY_TONE[doc.category]}>{DOCUMENT_CATEGORY_LABELS[doc.category]}</Badge>
                      </div>
                      <p className="mt-0.5 truncate text-xs text-slate-500" title={doc.fileName}>
                        {doc.fileName} · {formatBytes(doc.sizeBytes)} · {doc.createdByName ?? 'Unknown user'},{' '}
                        <RelativeTime iso={doc.createdAt} />
                      </p>
                      {doc.description && <p className="mt-1.5 text-sm text-slate-700">{doc.description}</p>}
                    </div>
                  </div>
                  <div className="flex shrink-0 flex-wrap items-center gap-1.5">
                    {mayDownload && previewKindOf(doc.mimeType) && (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Preview ${doc.title}`}
                        onClick={() =>
                          setPreview({
                            fileName: doc.fileName,
                            mimeType: doc.mimeType,
                            sizeBytes: doc.sizeBytes,
                            downloadUrl: documentDownloadUrl(customer.id, doc.id),
                            subtitle: `${doc.title} · ${DOCUMENT_CATEGORY_LABELS[doc.category]}`,
                          })
                        }
                      >
                        <Eye className="size-4" aria-hidden="true" /> Preview
                      </Button>
                    )}
                    {mayDownload && (
                      <a
                        href={documentDownloadUrl(customer.id, doc.id)}
                        download
                        className={buttonClass('ghost', 'sm')}
                        aria-label={`Download ${doc.title}`}
                      >
                        <Download className="size-4" aria-hidden="true" /> Download
                      </a>
                    )}
                    {mayEdit && (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Edit details of ${doc.title}`}
                        onClick={() => setEditing(doc)}
                      >
                        <Pencil className="size-4" aria-hidden="true" /> Edit
                      </Button>
                    )}
                    {mayDelete && (
                      <button
                        type="button"
                        onClick={() => setDeleting(doc)}
                        className="rounded-md p-1.5 text-slate-400 hover:bg-rose-50 hover:text-rose-700"
                        aria-label={`Delete ${doc.title}`}
                        title="Delete"
                      >
                        <Trash2 className="size-4" aria-hidden="true" />
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
            {documents.hasNextPage && (
              <div className="flex justify-center border-t border-slate-100 px-5 py-4">
                <Button onClick={() => void documents.fetchNextPage()} busy={documents.isFetchingNextPage}>
                  Load more
                </Button>
              </div>
            )}
          </>
        )}
      </Card>

      <FilePreviewDialog file={preview} onClose={() => setPreview(null)} />
      <EditDocumentDialog document={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={deleting ? `Delete “${deleting.title}”?` : 'Delete document?'}
        description="The document disappears from this customer's files. The deletion is recorded in the activity timeline."
        confirmLabel="Delete document"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ customerId: customer.id, documentId: deleting.id })}
      />
    </div>
  );
}
