import { TICKET_TYPE_LABELS, type Ticket } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { RefreshCw, SearchX } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock, Skeleton } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { PriorityBadge, TicketStatusBadge } from './TicketBadges';
import { TicketComposer } from './TicketComposer';
import { TicketSidePanel } from './TicketSidePanel';
import { TicketThread } from './TicketThread';
import { useNow } from './useNow';
import { useTicketActions } from './useTicketActions';
import { useTicketChanges } from './useTicketChanges';

function TicketNotFound() {
  return (
    <EmptyState
      icon={<SearchX className="size-6" />}
      title="Ticket not found"
      action={
        <Link to="/tickets" className={buttonClass('secondary')}>
          Back to tickets
        </Link>
      }
    >
      It may have been deleted, or the link is wrong.
    </EmptyState>
  );
}

export function TicketPage() {
  const { id = '' } = useParams();
  const ticket = useQuery(trpc.tickets.byId.queryOptions({ id }));
  // Replies, notes and field changes by others show without a reload (the composer keeps its draft).
  useTicketChanges();
  useDocumentTitle(ticket.data ? `${ticket.data.ticketNumber} ${ticket.data.subject}` : 'Ticket');

  if (ticket.isPending) {
    return (
      <div>
        <Skeleton className="mb-2 h-4 w-32" />
        <Skeleton className="mb-8 h-8 w-96 max-w-full" />
        <LoadingBlock label="Loading ticket…" lines={6} />
      </div>
    );
  }
  // A malformed id in the link is as much "not found" as a deleted ticket.
  const gone = ticket.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(apiError(ticket.error).code);
  if (gone) return <TicketNotFound />;
  // A failed background refresh keeps what was loaded on screen, with anything typed in the composer.
  if (ticket.isError && !ticket.data) {
    return (
      <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} title="The ticket could not be loaded" />
    );
  }
  // Keyed by id: a draft belongs to its ticket only.
  return <TicketDetail key={ticket.data.id} ticket={ticket.data} />;
}

function TicketDetail({ ticket }: { ticket: Ticket }) {
  const now = useNow();
  const actions = useTicketActions(ticket);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/tickets" className="hover:text-slate-900">
            Tickets
          </Link>
        }
        title={<span className="break-words">{ticket.subject}</span>}
        description={
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs text-slate-500">{ticket.ticketNumber}</span>
            <TicketStatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            <span className="text-xs text-slate-500">{TICKET_TYPE_LABELS[ticket.type]}</span>
          </div>
        }
      />
      {actions.conflict && (
        <div
          role="alert"
          className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
        >
          <div>
            <p className="font-semibold">Someone else changed this ticket</p>
            <p className="mt-0.5">Your change was not saved. The latest version is shown; make your change again.</p>
          </div>
          <Button size="sm" onClick={actions.dismissConflict}>
            <RefreshCw className="size-4" aria-hidden="true" /> Got it
          </Button>
        </div>
      )}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <TicketThread ticketId={ticket.id} />
          <TicketComposer ticket={ticket} />
        </div>
        <aside aria-label="Ticket details" className="min-w-0">
          <TicketSidePanel ticket={ticket} actions={actions} now={now} />
        </aside>
      </div>
    </>
  );
}
