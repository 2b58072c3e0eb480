import { KYC_DOCUMENT_TYPE_LABELS } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ChevronRight, MessageSquarePlus, MessagesSquare } from 'lucide-react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { RelativeTime } from '../uploads/ui';
import { ClientStatusBadge } from './PortalTicketParts';
import { useTicketChanges } from './useTicketChanges';

const newRequestLink = (
  <Link to="/portal/requests/new" className={buttonClass('primary')}>
    <MessageSquarePlus className="size-4" aria-hidden="true" /> Open a request
  </Link>
);

/** The client's requests, most recently updated first. */
export function PortalRequestsPage() {
  useDocumentTitle('My requests');
  useTicketChanges();
  const list = useInfiniteQuery(
    trpc.tickets.list.infiniteQueryOptions(
      { sort: 'updated', limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 0 },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="My requests"
        description="Questions and requests you have sent us, and our answers."
        actions={items.length > 0 ? newRequestLink : undefined}
      />
      <Card>
        {list.isPending ? (
          <LoadingBlock label="Loading your requests…" lines={4} />
        ) : list.isError ? (
          <ErrorState
            error={list.error}
            onRetry={() => void list.refetch()}
            title="Your requests could not be loaded"
          />
        ) : items.length === 0 ? (
          <EmptyState icon={<MessagesSquare className="size-6" />} title="No requests yet" action={newRequestLink}>
            Have a question, need something changed, or is something not working? Open a request and we will answer
            here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Your requests">
            {items.map((t) => (
              <li key={t.id} data-testid="portal-request-row">
                <Link
                  to={`/portal/requests/${t.id}`}
                  className="flex items-center gap-3 px-4 py-4 hover:bg-slate-50 focus-visible:bg-slate-50 sm:px-5"
                >
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="text-xs font-medium text-slate-500 tabular-nums">{t.ticketNumber}</span>
                      <ClientStatusBadge status={t.status} />
                    </div>
                    <p className="mt-1 truncate text-sm font-medium text-slate-900">{t.subject}</p>
                    {t.awaiting?.kind === 'kyc_document' && t.status === 'pending_customer' && (
                      <p className="mt-0.5 text-sm text-amber-800">
                        We need your {KYC_DOCUMENT_TYPE_LABELS[t.awaiting.documentType]}
                      </p>
                    )}
                    <p className="mt-0.5 text-xs text-slate-500">
                      Last update <RelativeTime iso={t.updatedAt} />
                    </p>
                  </div>
                  <ChevronRight className="size-4 shrink-0 text-slate-400" aria-hidden="true" />
                </Link>
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="flex justify-center border-t border-slate-200 p-3">
            <Button size="sm" onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>
              Show more
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
