import { NOTIFICATION_KIND_LABELS, type OutboxItem } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../components/Badge';
import { Modal } from '../../components/Modal';
import { LoadingBlock } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { OUTBOX_STATUS_TONE, outboxStatusLabel } from './outboxStatus';

/** One message as its recipient reads it: the plain text (the HTML part is the same text). */
export function OutboxMessageDialog({ item, onClose }: { item: OutboxItem | null; onClose: () => void }) {
  const message = useQuery(
    trpc.notifications.outboxMessage.queryOptions({ id: item?.id ?? '' }, { enabled: item !== null }),
  );
  return (
    <Modal
      open={item !== null}
      onOpenChange={(o) => !o && onClose()}
      title={item?.subject ?? 'Message'}
      description={item ? `${NOTIFICATION_KIND_LABELS[item.kind]} to ${item.recipientEmail}` : undefined}
      size="lg"
    >
      {message.isPending ? (
        <LoadingBlock label="Loading the message…" lines={6} />
      ) : message.isError ? (
        <ErrorState error={message.error} onRetry={() => void message.refetch()} />
      ) : (
        <div className="space-y-4">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Status</dt>
            <dd>
              <Badge tone={OUTBOX_STATUS_TONE[message.data.status]}>{outboxStatusLabel(message.data)}</Badge>
              <span className="ml-2 text-slate-500">
                {message.data.attempts} attempt{message.data.attempts === 1 ? '' : 's'}
              </span>
            </dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{formatDateTime(message.data.createdAt)}</dd>
            <dt className="text-slate-500">Sent</dt>
            <dd>{message.data.sentAt ? formatDateTime(message.data.sentAt) : '—'}</dd>
            {message.data.nextAttemptAt && !message.data.sentAt && (
              <>
                <dt className="text-slate-500">Next attempt</dt>
                <dd>{formatDateTime(message.data.nextAttemptAt)}</dd>
              </>
            )}
            {message.data.lastError && (
              <>
                <dt className="text-slate-500">Last error</dt>
                <dd className="text-rose-700">{message.data.lastError}</dd>
              </>
            )}
            <dt className="text-slate-500">Message-ID</dt>
            <dd className="font-mono text-xs break-all">{message.data.messageId}</dd>
          </dl>
          <pre
            className="max-h-96 overflow-auto rounded-md bg-slate-50 p-4 font-sans text-sm whitespace-pre-wrap text-slate-800"
            data-testid="outbox-text"
          >
            {message.data.text}
          </pre>
        </div>
      )}
    </Modal>
  );
}
