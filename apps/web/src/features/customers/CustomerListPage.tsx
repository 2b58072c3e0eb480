import { type Customer, type CustomerSort, can, DEFAULT_SORT_ORDER } from '@cm/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, Plus, SearchX, Upload } from 'lucide-react';
import { Link } from 'react-router';
import { STATIC_PAGE_HEADERS } from '../../app/pageHeaders';
import { Button, buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { CustomerFiltersBar } from './CustomerFiltersBar';
import { CustomerTable } from './CustomerTable';
import { filterInputOf, listInputOf, useCustomerFilters } from './useCustomerFilters';

export function CustomerListPage() {
  useDocumentTitle('Customers');
  const user = useSessionUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { filters, setFilters, nextPage, previousPage, clearFilters, activeFilterCount } = useCustomerFilters();
  const mayShowDeleted = can(user.role, 'customers:delete');
  const list = useQuery(
    trpc.customers.list.queryOptions(listInputOf(filters, mayShowDeleted), { placeholderData: keepPreviousData }),
  );
  // Asked once per set of filters (paging or re-sorting does not change it).
  const count = useQuery(
    trpc.customers.count.queryOptions(filterInputOf(filters, mayShowDeleted), { placeholderData: keepPreviousData }),
  );
  const onSort = (sort: CustomerSort) =>
    setFilters((f) => ({
      sort,
      // The same column again turns the order round; another column starts in its natural order.
      order: sort === f.sort ? (f.order === 'asc' ? 'desc' : 'asc') : DEFAULT_SORT_ORDER[sort],
    }));

  const restore = useMutation(
    trpc.customers.restore.mutationOptions({
      onSuccess: async (c) => {
        toast.success('Customer restored', `${c.displayName} is visible again.`);
        await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
      },
      onError: (err) => toast.error('Could not restore the customer', apiError(err).message),
    }),
  );

  const pageNumber = filters.cursors.length + 1;
  const filtered = activeFilterCount > 0 || Boolean(filters.search);

  return (
    <>
      <PageHeader
        {...STATIC_PAGE_HEADERS['/customers']}
        actions={
          can(user.role, 'customers:create') && (
            <>
              <Link to="/customers/import" className={buttonClass('secondary')}>
                <Upload className="size-4" aria-hidden="true" /> Import CSV
              </Link>
              <Link to="/customers/new" className={buttonClass('primary')}>
                <Plus className="size-4" aria-hidden="true" /> New customer
              </Link>
            </>
          )
        }
      />
      <Card>
        <CustomerFiltersBar
          filters={filters}
          setFilters={setFilters}
          clearFilters={clearFilters}
          activeFilterCount={activeFilterCount}
          canShowDeleted={mayShowDeleted}
        />
        <CustomerTable
          customers={list.data?.items}
          query={list}
          empty={
            <EmptyState
              icon={<SearchX className="size-6" />}
              title={filtered ? 'No customers match' : pageNumber > 1 ? 'No more customers' : 'No customers yet'}
              action={
                filtered ? (
                  <Button onClick={clearFilters}>Clear search and filters</Button>
                ) : can(user.role, 'customers:create') && pageNumber === 1 ? (
                  <Link to="/customers/new" className={buttonClass('primary')}>
                    New customer
                  </Link>
                ) : undefined
              }
            >
              {filtered ? 'Try another search term or remove a filter.' : null}
            </EmptyState>
          }
          sorting={{ sort: filters.sort, order: filters.order, onSort }}
          onRestore={mayShowDeleted ? (c: Customer) => restore.mutate({ id: c.id }) : undefined}
          restoringId={restore.isPending ? restore.variables?.id : undefined}
        />
        <nav
          aria-label="Pagination"
          className="flex items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600"
        >
          <span aria-live="polite">
            Page {pageNumber}
            {list.data ? ` · ${list.data.items.length} shown` : ''}
            {count.data && (
              <>
                {' of '}
                <span data-testid="customer-total">
                  {formatNumber(count.data.total)}
                  {count.data.exact ? '' : '+'}
                </span>
              </>
            )}
          </span>
          <div className="flex gap-2">
            <Button size="sm" onClick={previousPage} disabled={pageNumber === 1}>
              <ChevronLeft className="size-4" aria-hidden="true" /> Previous
            </Button>
            <Button
              size="sm"
              onClick={() => list.data?.nextCursor && nextPage(list.data.nextCursor)}
              disabled={!list.data?.nextCursor || list.isPlaceholderData}
            >
              Next <ChevronRight className="size-4" aria-hidden="true" />
            </Button>
          </div>
        </nav>
      </Card>
    </>
  );
}
