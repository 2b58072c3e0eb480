import { AUDIT_ACTIONS, type AuditAction, type AuditEvent } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Download, History } from 'lucide-react';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { STATIC_PAGE_HEADERS } from '../../app/pageHeaders';
import { buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { type Column, DataTable, LoadMore } from '../../components/DataTable';
import { controlClass, Field, TextInput } from '../../components/Field';
import { FilterFoldButton, useFilterFold } from '../../components/FilterFold';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/States';
import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useLatestSearchParams } from '../../lib/useLatestSearchParams';
import { EventDetailsView, eventActor } from '../activity/ActivityTimeline';
import { actionTitle } from '../activity/describeEvent';
import { CustomerName } from '../customers/CustomerName';
import { CustomerPicker } from '../users/CustomerPicker';
import { UserPicker } from '../users/UserPicker';
import {
  type AuditSearch,
  auditExportHref,
  auditFiltersOf,
  parseAuditSearch,
  serializeAuditSearch,
} from './auditSearch';
import { useAddressCustomer, useAddressUser } from './useAddressPicks';

const ACTION_OPTIONS = [...AUDIT_ACTIONS]
  .map((a) => ({ value: a, label: actionTitle(a) }))
  .sort((a, b) => a.label.localeCompare(b.label));

const COLUMNS: Column<AuditEvent>[] = [
  {
    header: 'When',
    className: 'align-top whitespace-nowrap text-slate-600',
    cell: (e) => (
      <time dateTime={e.occurredAt} title={formatDateTime(e.occurredAt)}>
        {formatRelative(e.occurredAt)}
        <span className="block text-xs text-slate-500">{formatDateTime(e.occurredAt)}</span>
      </time>
    ),
  },
  { header: 'Who', className: 'align-top text-slate-700', cell: eventActor },
  {
    header: 'What',
    primary: true,
    className: 'align-top',
    cell: (e) => (
      <span className="font-medium text-slate-900" data-action={e.action}>
        {actionTitle(e.action)}
      </span>
    ),
  },
  {
    header: 'Customer',
    className: 'align-top',
    cell: (e) =>
      e.customerId ? (
        <Link to={`/customers/${e.customerId}?tab=activity`} className="text-indigo-700 hover:underline">
          <CustomerName id={e.customerId} />
        </Link>
      ) : (
        '—'
      ),
  },
  {
    header: 'Details',
    cardFullWidth: true,
    className: 'align-top *:first:mt-0',
    cell: (e) => <EventDetailsView event={e} />,
  },
];

/**
 * The audit log's filters, kept in the address so a reload, the back button or a shared link shows
 * the same view. Each change builds on the latest one asked for, like the customer list's.
 */
function useAuditSearch() {
  const [params, update] = useLatestSearchParams();
  const search = useMemo(() => parseAuditSearch(params), [params]);
  const setSearch = useCallback(
    (patch: AuditSearch, opts?: { replace?: boolean }) =>
      update((latest) => serializeAuditSearch({ ...parseAuditSearch(latest), ...patch }), opts),
    [update],
  );
  return [search, setSearch] as const;
}

/** The whole audit trail for administrators: filtered, paged, and exported as CSV for the same filters. */
export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const [search, setSearch] = useAuditSearch();
  const [actor, setPickedActor] = useAddressUser(search.actor);
  const [customer, setPickedCustomer] = useAddressCustomer(search.customer);
  const { filters, rangeError } = useMemo(() => auditFiltersOf(search), [search]);
  // The filters are the query's key: any change starts the paging again from the newest event.
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const exportHref = auditExportHref(filters);
  const activeCount = Object.values(filters).filter(Boolean).length;
  const filtered = activeCount > 0;
  const fold = useFilterFold('grid');

  return (
    <>
      <PageHeader
        {...STATIC_PAGE_HEADERS['/audit']}
        actions={
          <a href={exportHref} download className={buttonClass('secondary')} data-testid="audit-export">
            <Download className="size-4" aria-hidden="true" /> Export CSV
          </a>
        }
      />
      <Card className="mb-6 p-4">
        <FilterFoldButton fold={fold} activeCount={activeCount} />
        <form
          id={fold.panelId}
          className={cn('gap-4 max-sm:mt-4 sm:grid-cols-2 lg:grid-cols-5', fold.panelClass)}
          aria-label="Filter the audit log"
          onSubmit={(e) => e.preventDefault()}
        >
          <Field id="audit-actor" label="Who">
            {/* Any user who ever acted, staff or client: searched, not a list cut at some length. */}
            {(control) => (
              <UserPicker
                control={control}
                value={actor}
                onChange={(user) => {
                  setPickedActor(user);
                  setSearch({ actor: user?.id });
                }}
              />
            )}
          </Field>
          <Field id="audit-action" label="What">
            {(control) => (
              <select
                {...control}
                className={`${controlClass} h-9 py-1`}
                value={search.action ?? ''}
                onChange={(e) => setSearch({ action: (e.target.value || undefined) as AuditAction | undefined })}
              >
                <option value="">Any action</option>
                {ACTION_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="audit-customer" label="Customer">
            {(control) => (
              <CustomerPicker
                control={control}
                value={customer}
                onChange={(picked) => {
                  setPickedCustomer(picked);
                  setSearch({ customer: picked?.id });
                }}
              />
            )}
          </Field>
          <Field id="audit-from" label="From">
            {(control) => (
              <TextInput
                {...control}
                type="date"
                value={search.from ?? ''}
                onChange={(e) => setSearch({ from: e.target.value || undefined }, { replace: true })}
              />
            )}
          </Field>
          <Field id="audit-to" label="To" error={rangeError}>
            {(control) => (
              <TextInput
                {...control}
                type="date"
                value={search.to ?? ''}
                onChange={(e) => setSearch({ to: e.target.value || undefined }, { replace: true })}
              />
            )}
          </Field>
        </form>
      </Card>
      <Card>
        <DataTable
          caption="Audit events"
          columns={COLUMNS}
          rows={items}
          rowKey={(e) => e.id}
          rowTestId="audit-event"
          query={events}
          loadingLabel="Loading the audit log…"
          skeletonRows={8}
          errorTitle="The audit log could not be loaded"
          empty={
            <EmptyState
              icon={<History className="size-6" />}
              title={filtered ? 'No events match these filters' : 'No events yet'}
            />
          }
        />
        <LoadMore query={events} />
      </Card>
    </>
  );
}
