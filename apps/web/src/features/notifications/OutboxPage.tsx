import { NOTIFICATION_KIND_LABELS, type OutboxItem, type OutboxStatus } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { type Column, DataTable, LoadMore } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/States';
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

function outboxColumns(open: (m: OutboxItem) => void): Column<OutboxItem>[] {
  return [
    {
      header: 'Subject',
      cell: (m) => (
        <button type="button" className="text-left font-medium text-indigo-700 hover:underline" onClick={() => open(m)}>
          {m.subject}
        </button>
      ),
    },
    { header: 'Kind', className: 'text-slate-600', cell: (m) => NOTIFICATION_KIND_LABELS[m.kind] },
    { header: 'Recipient', cardFullWidth: true, className: 'text-slate-600', cell: (m) => m.recipientEmail },
    {
      header: 'Status',
      cell: (m) => <Badge tone={OUTBOX_STATUS_TONE[m.status]}>{outboxStatusLabel(m)}</Badge>,
    },
    { header: 'Created', className: 'whitespace-nowrap text-slate-600', cell: (m) => formatDateTime(m.createdAt) },
    {
      header: 'Sent / last error',
      cardFullWidth: true,
      className: 'text-slate-600',
      cell: (m) =>
        m.sentAt ? (
          <span className="whitespace-nowrap">{formatDateTime(m.sentAt)}</span>
        ) : m.lastError ? (
          <span className="line-clamp-2 text-rose-700" title={m.lastError}>
            {m.lastError}
          </span>
        ) : (
          '—'
        ),
    },
  ];
}

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
  const columns = useMemo(() => outboxColumns(setOpen), []);

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
        <DataTable
          caption="Messages"
          columns={columns}
          rows={items}
          rowKey={(m) => m.id}
          rowTestId="outbox-row"
          query={outbox}
          loadingLabel="Loading the outbox…"
          errorTitle="The outbox could not be loaded"
          empty={
            <EmptyState title="No messages">Replies to clients, assignments and reminders appear here.</EmptyState>
          }
        />
        <LoadMore query={outbox} />
      </Card>
      <OutboxMessageDialog item={open} onClose={() => setOpen(null)} />
    </>
  );
}
