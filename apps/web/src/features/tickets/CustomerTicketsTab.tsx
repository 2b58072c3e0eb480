import { type Customer, can } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Inbox, Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { EmptyState, ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';
import { NewTicketDialog } from './NewTicketDialog';
import { ServiceReportCard } from './ServiceReportCard';
import { TicketTable, TicketTableSkeleton } from './TicketTable';
import { useNow } from './useNow';

/** The customer page's Tickets tab: their tickets, newest activity first, and "New ticket" for them. */
export function CustomerTicketsTab({ customer }: { customer: Customer }) {
  const user = useSessionUser();
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const tickets = useInfiniteQuery(
    trpc.tickets.list.infiniteQueryOptions(
      { customerId: customer.id, sort: 'updated', limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? [];
  const mayCreate = can(user.role, 'tickets:create') && !customer.deletedAt;
  const picked = {
    id: customer.id,
    displayName: customer.displayName,
    customerNumber: customer.customerNumber,
    email: customer.email,
  };

  return (
    <>
      <Card>
        <CardHeader
          title="Tickets"
          description="Requests, incidents and compliance work about this customer."
          actions={
            mayCreate && (
              <Button variant="primary" size="sm" onClick={() => setCreating(true)}>
                <Plus className="size-4" aria-hidden="true" /> New ticket
              </Button>
            )
          }
        />
        {tickets.isPending ? (
          <TicketTableSkeleton rows={3} />
        ) : tickets.isError && !tickets.data ? (
          <ErrorState
            error={tickets.error}
            onRetry={() => void tickets.refetch()}
            title="Tickets could not be loaded"
          />
        ) : items.length === 0 ? (
          <EmptyState icon={<Inbox className="size-6" />} title="No tickets yet">
            Tickets about {customer.displayName} will appear here.
          </EmptyState>
        ) : (
          <>
            <TicketTable tickets={items} now={now} showCustomer={false} />
            {tickets.hasNextPage && (
              <div className="flex justify-center border-t border-slate-100 px-5 py-4">
                <Button onClick={() => void tickets.fetchNextPage()} busy={tickets.isFetchingNextPage}>
                  Load more
                </Button>
              </div>
            )}
          </>
        )}
        {mayCreate && <NewTicketDialog open={creating} onOpenChange={setCreating} customer={picked} />}
      </Card>
      <ServiceReportCard customerId={customer.id} />
    </>
  );
}
