import { NOTIFICATION_KIND_LABELS, type OutboxItem, type OutboxStatus } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { OutboxMessageDialog } from './OutboxMessageDialog';
import { OUTBOX_STATUS_TONE, outboxStatusLabel } from './outboxStatus';

const FILTERS: { value: OutboxStatus | undefined; label: string }[] = [
  { value: undefined, label: 'All' },
  { value: 'pending', label: 'Waiting' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
];

/** What notification mail was sent, is waiting (always, without SMTP), or could not be delivered. */
export function OutboxPage() {
  useDocumentTitle('Outbox');
  const [status, setStatus] = useState<OutboxStatus | undefined>(undefined);
  const [open, setOpen] = useState<OutboxItem | null>(null);
  const outbox = useInfiniteQuery(
    trpc.notifications.outbox.infiniteQueryOptions(
      { status, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Notification mail, newest first. Without an SMTP server configured (SMTP_URL), messages wait here: this is what would have been sent."
      />
      <fieldset className="mb-4 flex flex-wrap gap-1">
        <legend className="sr-only">Filter by status</legend>
        {FILTERS.map((f) => (
          <button
            key={f.label}
            type="button"
            aria-pressed={status === f.value}
            onClick={() => setStatus(f.value)}
            className={cn(
              'rounded-md px-3 py-1.5 text-sm font-medium',
              status === f.value
                ? 'bg-indigo-600 text-white'
                : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50',
            )}
          >
            {f.label}
          </button>
        ))}
      </fieldset>
      <Card>
        {outbox.isPending ? (
          <LoadingBlock label="Loading the outbox…" lines={6} />
        ) : outbox.isError ? (
          <ErrorState
            error={outbox.error}
            onRetry={() => void outbox.refetch()}
            title="The outbox could not be loaded"
          />
        ) : items.length === 0 ? (
          <EmptyState title="No messages">Replies to clients, assignments and reminders appear here.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">
                    Subject
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Kind
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Recipient
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Created
                  </th>
                  <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">
                    Sent / last error
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((m) => (
                  <tr key={m.id} data-testid="outbox-row">
                    <td className="py-3 pr-3 pl-5">
                      <button
                        type="button"
                        className="text-left font-medium text-indigo-700 hover:underline"
                        onClick={() => setOpen(m)}
                      >
                        {m.subject}
                      </button>
                    </td>
                    <td className="px-3 py-3 text-slate-600">{NOTIFICATION_KIND_LABELS[m.kind]}</td>
                    <td className="px-3 py-3 text-slate-600">{m.recipientEmail}</td>
                    <td className="px-3 py-3">
                      <Badge tone={OUTBOX_STATUS_TONE[m.status]}>{outboxStatusLabel(m)}</Badge>
                    </td>
                    <td className="px-3 py-3 whitespace-nowrap text-slate-600">{formatDateTime(m.createdAt)}</td>
                    <td className="py-3 pr-5 pl-3 text-slate-600">
                      {m.sentAt ? (
                        <span className="whitespace-nowrap">{formatDateTime(m.sentAt)}</span>
                      ) : m.lastError ? (
                        <span className="line-clamp-2 text-rose-700" title={m.lastError}>
                          {m.lastError}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {outbox.hasNextPage && (
          <div className="flex justify-center border-t border-slate-200 p-3">
            <Button size="sm" onClick={() => void outbox.fetchNextPage()} busy={outbox.isFetchingNextPage}>
              Load more
            </Button>
          </div>
        )}
      </Card>
      <OutboxMessageDialog item={open} onClose={() => setOpen(null)} />
    </>
  );
}
