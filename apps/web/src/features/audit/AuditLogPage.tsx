import { AUDIT_ACTIONS, type AuditEvent, type AuditFilters } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Download, History } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
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
import { EventDetailsView, eventActor } from '../activity/ActivityTimeline';
import { actionTitle } from '../activity/describeEvent';
import { CustomerName } from '../customers/CustomerName';
import { CustomerPicker, type PickedCustomer } from '../users/CustomerPicker';
import { type PickedUser, UserPicker } from '../users/UserPicker';

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

/** The start of a local calendar day as an instant; `nextDay` gives the (exclusive) end of it. */
function localDayStart(day: string, nextDay = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}

/** The whole audit trail for administrators: filtered, paged, and exported as CSV for the same filters. */
export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const [actor, setActor] = useState<PickedUser | null>(null);
  const [action, setAction] = useState('');
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const rangeError = fromDay && toDay && toDay < fromDay ? 'The end date is before the start date.' : undefined;
  const filters: AuditFilters = useMemo(
    () => ({
      actorUserId: actor?.id,
      action: action || undefined,
      customerId: customer?.id,
      from: fromDay ? localDayStart(fromDay) : undefined,
      to: toDay && !rangeError ? localDayStart(toDay, true) : undefined,
    }),
    [actor, action, customer, fromDay, toDay, rangeError],
  );
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const exportHref = `/api/audit/export.csv?${new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])),
  )}`;
  const activeCount = Object.values(filters).filter(Boolean).length;
  const filtered = activeCount > 0;
  const fold = useFilterFold('grid');

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, sign-in and download, newest first."
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
            {(control) => <UserPicker control={control} value={actor} onChange={setActor} />}
          </Field>
          <Field id="audit-action" label="What">
            {(control) => (
              <select
                {...control}
                className={`${controlClass} h-9 py-1`}
                value={action}
                onChange={(e) => setAction(e.target.value)}
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
            {(control) => <CustomerPicker control={control} value={customer} onChange={setCustomer} />}
          </Field>
          <Field id="audit-from" label="From">
            {(control) => (
              <TextInput {...control} type="date" value={fromDay} onChange={(e) => setFromDay(e.target.value)} />
            )}
          </Field>
          <Field id="audit-to" label="To" error={rangeError}>
            {(control) => (
              <TextInput {...control} type="date" value={toDay} onChange={(e) => setToDay(e.target.value)} />
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
