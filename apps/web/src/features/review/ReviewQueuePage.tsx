import { KYC_DOCUMENT_TYPE_LABELS, KYC_DOCUMENT_TYPES, type KycDocumentType } from '@cm/domain';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { ClipboardCheck } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlClass, Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { cn } from '../../lib/cn';
import { countryOptions } from '../../lib/countries';
import { apiError } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { type ReviewItem, ReviewPanel } from './ReviewPanel';

/**
 * The KYC review queue: every pending document across customers, oldest first, filtered by type
 * and the customer's country. The open document sits beside the list; after a decision the next
 * one opens.
 */
export function ReviewQueuePage() {
  useDocumentTitle('KYC review');
  const me = useSessionUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const documentType = (params.get('type') as KycDocumentType | null) ?? undefined;
  const country = params.get('country') ?? undefined;
  const openId = params.get('doc');
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const queue = useInfiniteQuery(
    trpc.kyc.reviewQueue.infiniteQueryOptions(
      { documentType, country, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  // A decided document leaves the list at once, before the refetch confirms it.
  const items = useMemo(
    () => (queue.data?.pages.flatMap((p) => p.items) ?? []).filter((d) => !decided.has(d.id)),
    [queue.data, decided],
  );
  const total = Math.max(0, (queue.data?.pages[0]?.total ?? 0) - decided.size);
  const openIndex = items.findIndex((d) => d.id === openId);
  const open: ReviewItem | undefined = items[openIndex];

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== 'doc') next.delete('doc');
        return next;
      },
      { replace: key === 'doc' },
    );
  const openDoc = (id: string | undefined) => setParam('doc', id);
  /** The next document after the open one (or the first), skipping `skip`. */
  const nextAfter = (skip?: string) => {
    const rest = items.filter((d) => d.id !== skip);
    const from = openIndex < 0 ? 0 : openIndex + (skip ? 0 : 1);
    return rest[from] ?? rest[0];
  };

  const afterDecision = async (id: string, message: string) => {
    toast.success(message);
    setDecided((s) => new Set(s).add(id));
    openDoc(nextAfter(id)?.id);
    await queryClient.invalidateQueries({ queryKey: trpc.kyc.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  };
  const verify = useMutation(
    trpc.kyc.verify.mutationOptions({
      onSuccess: (d) => afterDecision(d.id, `${KYC_DOCUMENT_TYPE_LABELS[d.documentType]} verified`),
      onError: (err) => toast.error('Not verified', apiError(err).message),
    }),
  );
  const reject = useMutation(
    trpc.kyc.reject.mutationOptions({
      onSuccess: (d) => afterDecision(d.id, `${KYC_DOCUMENT_TYPE_LABELS[d.documentType]} rejected`),
    }),
  );

  return (
    <>
      <PageHeader
        title="KYC review"
        description={
          queue.data
            ? `${formatNumber(total)} document${total === 1 ? '' : 's'} waiting for review, oldest first.`
            : 'Pending KYC documents, oldest first.'
        }
      />
      <div className="grid gap-6 *:min-w-0 xl:grid-cols-[20rem_minmax(0,1fr)]">
        <Card>
          <form
            className="grid grid-cols-2 gap-3 border-b border-slate-100 p-4"
            aria-label="Filter the queue"
            onSubmit={(e) => e.preventDefault()}
          >
            <Field id="queue-type" label="Document type">
              {(control) => (
                <select
                  {...control}
                  className={`${controlClass} h-9 py-1`}
                  value={documentType ?? ''}
                  onChange={(e) => setParam('type', e.target.value || undefined)}
                >
                  <option value="">All types</option>
                  {KYC_DOCUMENT_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {KYC_DOCUMENT_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="queue-country" label="Customer country">
              {(control) => (
                <select
                  {...control}
                  className={`${controlClass} h-9 py-1`}
                  value={country ?? ''}
                  onChange={(e) => setParam('country', e.target.value || undefined)}
                >
                  <option value="">All countries</option>
                  {countryOptions().map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </form>
          {queue.isPending ? (
            <LoadingBlock label="Loading the queue…" lines={6} />
          ) : queue.isError ? (
            <ErrorState
              error={queue.error}
              onRetry={() => void queue.refetch()}
              title="The queue could not be loaded"
            />
          ) : items.length === 0 ? (
            <EmptyState icon={<ClipboardCheck className="size-6" />} title="Nothing to review">
              {documentType || country
                ? 'No pending documents match these filters.'
                : 'Every document has been decided.'}
            </EmptyState>
          ) : (
            <ul className="max-h-[70vh] divide-y divide-slate-100 overflow-y-auto" aria-label="Pending documents">
              {items.map((d) => (
                <li key={d.id}>
                  <button
                    type="button"
                    onClick={() => openDoc(d.id)}
                    aria-current={d.id === openId ? 'true' : undefined}
                    data-testid="queue-item"
                    className={cn(
                      'block w-full px-4 py-3 text-left text-sm hover:bg-slate-50',
                      d.id === openId && 'bg-indigo-50 hover:bg-indigo-50',
                    )}
                  >
                    <span className="flex items-center justify-between gap-2">
                      <span className="font-medium text-slate-900">{KYC_DOCUMENT_TYPE_LABELS[d.documentType]}</span>
                      {d.uploadedBy === me.id && <Badge tone="amber">You uploaded this</Badge>}
                    </span>
                    <span className="block truncate text-slate-600">
                      {d.customerName} · {d.customerNumber}
                    </span>
                    <span className="block text-xs text-slate-600">Uploaded {formatDateTime(d.uploadedAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {queue.hasNextPage && (
            <div className="flex justify-center border-t border-slate-100 p-3">
              <Button size="sm" onClick={() => void queue.fetchNextPage()} busy={queue.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
        </Card>
        {open ? (
          <ReviewPanel
            key={open.id}
            item={open}
            mine={open.uploadedBy === me.id}
            busy={verify.isPending || reject.isPending}
            onVerify={() => verify.mutate({ customerId: open.customerId, documentId: open.id })}
            onReject={(reason, done) =>
              reject.mutate({ customerId: open.customerId, documentId: open.id, reason }, { onSettled: done })
            }
            rejectError={reject.error ? apiError(reject.error).message : undefined}
            onNext={() => openDoc(nextAfter()?.id)}
          />
        ) : (
          <Card className="hidden p-10 text-center text-sm text-slate-600 xl:block">
            {items.length ? (
              <Button variant="primary" onClick={() => openDoc(items[0]?.id)}>
                Start with the oldest document
              </Button>
            ) : (
              'When documents are uploaded, they appear here.'
            )}
          </Card>
        )}
      </div>
    </>
  );
}
