import type { TicketMessage } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Bot, Download, Lock, MessageSquare, User } from 'lucide-react';
import { Button } from '../../components/Button';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { cn } from '../../lib/cn';
import { trpc } from '../../lib/trpc';
import { FileTypeIcon, formatBytes } from '../uploads/fileKinds';
import { RelativeTime } from '../uploads/ui';
import { ticketAttachmentUrl } from './ticketModel';

const PAGE = 50;

function authorOf(m: TicketMessage): string {
  if (m.authorKind === 'system') return 'System';
  return m.authorName ?? (m.authorKind === 'client' ? 'Customer' : 'Staff');
}

function MessageItem({ message: m, ticketId }: { message: TicketMessage; ticketId: string }) {
  const internal = m.visibility === 'internal';
  const AuthorIcon = m.authorKind === 'system' ? Bot : m.authorKind === 'client' ? User : MessageSquare;
  return (
    <li
      data-testid="ticket-message"
      data-visibility={m.visibility}
      aria-label={`${internal ? 'Internal note' : m.authorKind === 'client' ? 'Customer message' : 'Public reply'} by ${authorOf(m)}`}
      className={cn(
        'rounded-xl border p-4',
        internal
          ? 'border-dashed border-amber-400 bg-amber-50'
          : m.authorKind === 'client'
            ? 'border-slate-200 bg-slate-50'
            : 'border-slate-200 bg-white',
      )}
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span
          className={cn(
            'grid size-7 shrink-0 place-items-center rounded-full',
            internal
              ? 'bg-amber-200 text-amber-900'
              : m.authorKind === 'client'
                ? 'bg-sky-100 text-sky-800'
                : 'bg-indigo-100 text-indigo-800',
          )}
          aria-hidden="true"
        >
          {internal ? <Lock className="size-3.5" /> : <AuthorIcon className="size-3.5" />}
        </span>
        <span className="font-medium text-slate-900">{authorOf(m)}</span>
        {internal ? (
          <span className="inline-flex items-center gap-1 rounded-full bg-amber-200 px-2 py-0.5 text-xs font-semibold text-amber-900">
            <Lock className="size-3" aria-hidden="true" /> Internal note · staff only
          </span>
        ) : (
          <span className="text-xs text-slate-500">{m.authorKind === 'client' ? 'Customer' : 'Public reply'}</span>
        )}
        <RelativeTime iso={m.createdAt} className="ml-auto text-xs text-slate-500" />
      </div>
      {/* Plain text as typed: React escapes it, and pre-wrap keeps the line breaks. */}
      <div className="mt-2.5 text-sm break-words whitespace-pre-wrap text-slate-800">{m.body}</div>
      {m.attachments.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-2" aria-label="Attachments">
          {m.attachments.map((a) => (
            <li key={a.id} className="min-w-0 max-w-full">
              <a
                href={ticketAttachmentUrl(ticketId, a.id)}
                download={a.fileName}
                className="flex min-w-0 items-center gap-2 rounded-lg border border-slate-200 bg-white py-1.5 pr-3 pl-1.5 text-sm hover:border-indigo-300 hover:bg-indigo-50/40"
              >
                <FileTypeIcon fileName={a.fileName} className="size-8" />
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-800">{a.fileName}</span>
                  <span className="block text-xs text-slate-500">{formatBytes(a.sizeBytes)}</span>
                </span>
                <Download className="size-4 shrink-0 text-slate-400" aria-hidden="true" />
                <span className="sr-only">(download)</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The conversation, oldest first; internal notes stand apart so they are never mistaken for replies. */
export function TicketThread({ ticketId }: { ticketId: string }) {
  const thread = useInfiniteQuery(
    trpc.tickets.messages.infiniteQueryOptions(
      { id: ticketId, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const messages = thread.data?.pages.flatMap((p) => p.items) ?? [];

  if (thread.isPending) return <LoadingBlock label="Loading the conversation…" />;
  if (thread.isError && !thread.data) {
    return (
      <ErrorState
        error={thread.error}
        onRetry={() => void thread.refetch()}
        title="The conversation could not be loaded"
      />
    );
  }
  if (messages.length === 0) {
    return <EmptyState icon={<MessageSquare className="size-6" />} title="No messages yet" />;
  }
  return (
    <section aria-label="Conversation">
      <ol className="space-y-3" aria-busy={thread.isFetching || undefined}>
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} ticketId={ticketId} />
        ))}
      </ol>
      {thread.hasNextPage && (
        <div className="mt-3 flex justify-center">
          <Button onClick={() => void thread.fetchNextPage()} busy={thread.isFetchingNextPage}>
            Load newer messages
          </Button>
        </div>
      )}
    </section>
  );
}
