import { can, type Ticket } from '@cm/domain';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { Inbox, Plus, SearchX } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { STATIC_PAGE_HEADERS } from '../../app/pageHeaders';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState } from '../../components/States';
import { cn } from '../../lib/cn';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { NewTicketDialog } from './NewTicketDialog';
import { TicketBulkBar } from './TicketBulkBar';
import { TicketFiltersBar } from './TicketFiltersBar';
import { TicketTable, TicketTableSkeleton } from './TicketTable';
import { useNow } from './useNow';
import { useStaffDirectory } from './useStaffDirectory';
import { useTicketChanges } from './useTicketChanges';
import {
  serializeTicketFilters,
  TICKET_VIEWS,
  type TicketFilters,
  ticketListInputOf,
  useTicketFilters,
  viewOf,
} from './useTicketFilters';

const EMPTY_TEXT: Record<TicketFilters['view'], string> = {
  mine: 'Nothing open is assigned to you.',
  unassigned: 'Every open ticket has someone on it.',
  open: 'There are no open tickets.',
  due_soon: 'No open ticket is close to its due time.',
  breached: 'No open ticket has missed its service level.',
  solved: 'No ticket has been solved yet.',
};

function ViewTabs({ filters }: { filters: TicketFilters }) {
  return (
    <nav aria-label="Inbox views" className="border-b border-slate-200 px-2 pt-2 sm:px-3">
      <ul className="flex flex-wrap gap-x-1">
        {TICKET_VIEWS.map((v) => {
          const active = filters.view === v.value;
          const search = serializeTicketFilters({
            ...filters,
            view: v.value,
            sort: viewOf(v.value).defaultSort,
            cursors: [],
          }).toString();
          return (
            <li key={v.value}>
              <Link
                to={{ search: search ? `?${search}` : '' }}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  '-mb-px block rounded-t-md border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap focus-visible:outline-offset-[-2px]',
                  active
                    ? 'border-indigo-600 text-indigo-700'
                    : 'border-transparent text-slate-600 hover:text-slate-900',
                )}
              >
                {v.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function TicketListPage() {
  useDocumentTitle('Tickets');
  const user = useSessionUser();
  const now = useNow();
  // Changes by others (new tickets, assignments, replies) show without a reload.
  useTicketChanges();
  const { filters, setFilters, loadMore, clearFilters, activeFilterCount } = useTicketFilters();
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  // The first page and every page "Load more" added (their cursors live in the URL).
  const pageCursors = [undefined, ...filters.cursors];
  const pages = useQueries({
    queries: pageCursors.map((cursor, i) =>
      trpc.tickets.list.queryOptions(ticketListInputOf(filters, cursor), {
        placeholderData: i === 0 ? keepPreviousData : undefined,
      }),
    ),
  });
  const first = pages[0];
  const items = useMemo(() => {
    const seen = new Set<string>();
    const all: Ticket[] = [];
    for (const p of pages) {
      for (const t of p.data?.items ?? []) {
        if (!seen.has(t.id)) {
          seen.add(t.id);
          all.push(t);
        }
      }
    }
    return all;
  }, [pages]);
  const last = pages.at(-1);
  const loadingMore = pages.slice(1).some((p) => p.isPending);
  const nextCursor = loadingMore ? undefined : last?.data?.nextCursor;
  const { staff } = useStaffDirectory(items);

  const selectedTickets = items.filter((t) => selected.has(t.id));
  const mayBulk = can(user.role, 'tickets:assign') || can(user.role, 'tickets:edit');
  const selection = mayBulk
    ? {
        selected,
        toggle: (id: string) =>
          setSelected((s) => {
            const next = new Set(s);
            if (next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          }),
        toggleAll: (ids: string[], on: boolean) =>
          setSelected((s) => {
            const next = new Set(s);
            for (const id of ids) {
              if (on) next.add(id);
              else next.delete(id);
            }
            return next;
          }),
      }
    : undefined;

  const filtered = activeFilterCount > 0;
  const mayCreate = can(user.role, 'tickets:create');

  return (
    <>
      <PageHeader
        {...STATIC_PAGE_HEADERS['/tickets']}
        actions={
          mayCreate && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden="true" /> New ticket
            </Button>
          )
        }
      />
      <Card>
        <ViewTabs filters={filters} />
        <TicketFiltersBar
          filters={filters}
          setFilters={setFilters}
          clearFilters={clearFilters}
          activeFilterCount={activeFilterCount}
        />
        {selectedTickets.length > 0 && (
          <TicketBulkBar
            tickets={selectedTickets}
            staff={staff}
            onDone={(changed) =>
              setSelected((s) => {
                const next = new Set(s);
                for (const id of changed) next.delete(id);
                return next;
              })
            }
            onClear={() => setSelected(new Set())}
          />
        )}
        {!first || first.isPending ? (
          <TicketTableSkeleton />
        ) : first.isError && !first.data ? (
          <ErrorState error={first.error} onRetry={() => void first.refetch()} title="Tickets could not be loaded" />
        ) : items.length === 0 ? (
          <EmptyState
            icon={filtered ? <SearchX className="size-6" /> : <Inbox className="size-6" />}
            title={filtered ? 'No tickets match' : `No tickets in “${viewOf(filters.view).label}”`}
            action={
              filtered ? (
                <Button onClick={clearFilters}>Clear search and filters</Button>
              ) : mayCreate && filters.view !== 'solved' ? (
                <Button variant="primary" onClick={() => setCreating(true)}>
                  New ticket
                </Button>
              ) : undefined
            }
          >
            {filtered ? 'Try another search term or remove a filter.' : EMPTY_TEXT[filters.view]}
          </EmptyState>
        ) : (
          <TicketTable tickets={items} now={now} selection={selection} dimmed={first.isPlaceholderData} />
        )}
        {last?.isError && pages.length > 1 && (
          <ErrorState error={last.error} onRetry={() => void last.refetch()} title="More tickets could not be loaded" />
        )}
        {items.length > 0 && (
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
            <span aria-live="polite">
              {items.length} shown{nextCursor || loadingMore ? '' : ' · all loaded'}
            </span>
            {(nextCursor || loadingMore) && (
              <Button
                size="sm"
                onClick={() => nextCursor && loadMore(nextCursor)}
                busy={loadingMore}
                disabled={first?.isPlaceholderData}
              >
                Load more
              </Button>
            )}
          </div>
        )}
      </Card>
      {mayCreate && <NewTicketDialog open={creating} onOpenChange={setCreating} />}
    </>
  );
}
