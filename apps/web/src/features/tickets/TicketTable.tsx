import type { Ticket } from '@cm/domain';
import { Link } from 'react-router';
import { Skeleton } from '../../components/Skeleton';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { PriorityBadge, SlaBadge, TicketStatusBadge } from './TicketBadges';
import { formatAgo, ticketPath } from './ticketModel';

const COLUMNS = ['Ticket', 'Customer', 'Priority', 'Status', 'Assignee', 'Queue', 'SLA', 'Updated'] as const;

export interface Selection {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  toggleAll: (ids: string[], on: boolean) => void;
}

const checkboxClass = 'size-4 rounded border-slate-300 accent-indigo-600';

function Ago({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={`Updated ${formatDateTime(iso)}`}>
      {formatAgo(iso, now)}
    </time>
  );
}

function Unassigned() {
  return <span className="text-slate-500 italic">Unassigned</span>;
}

/**
 * Tickets as a table on wide screens and as a list of cards on narrow ones (nothing scrolls
 * sideways); each row's subject is its link, the checkbox selects it for bulk changes.
 */
export function TicketTable({
  tickets,
  now,
  selection,
  dimmed,
  showCustomer = true,
}: {
  tickets: readonly Ticket[];
  now: number;
  selection?: Selection;
  dimmed?: boolean;
  showCustomer?: boolean;
}) {
  const ids = tickets.map((t) => t.id);
  const allOn = selection ? ids.length > 0 && ids.every((id) => selection.selected.has(id)) : false;
  const someOn = selection ? ids.some((id) => selection.selected.has(id)) : false;
  const columns = COLUMNS.filter((c) => showCustomer || c !== 'Customer');
  return (
    <div className={cn('transition-opacity', dimmed && 'opacity-60')} aria-busy={dimmed || undefined}>
      <table className="hidden w-full table-fixed text-sm xl:table" data-testid="ticket-table">
        <caption className="sr-only">Tickets</caption>
        <colgroup>
          {selection && <col className="w-10" />}
          <col />
          {showCustomer && <col className="w-32" />}
          <col className="w-20" />
          <col className="w-40" />
          <col className="w-28" />
          <col className="w-28" />
          <col className="w-36" />
          <col className="w-24" />
        </colgroup>
        <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            {selection && (
              <th scope="col" className="py-2.5 pl-5">
                <input
                  type="checkbox"
                  className={checkboxClass}
                  aria-label="Select all tickets shown"
                  checked={allOn}
                  ref={(el) => {
                    if (el) el.indeterminate = someOn && !allOn;
                  }}
                  onChange={(e) => selection.toggleAll(ids, e.target.checked)}
                />
              </th>
            )}
            {columns.map((c, i) => (
              <th
                key={c}
                scope="col"
                className={cn('py-2.5 font-medium', i === 0 && !selection ? 'pr-3 pl-5' : 'px-3')}
              >
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tickets.map((t) => (
            <tr
              key={t.id}
              data-testid="ticket-row"
              className={cn('hover:bg-slate-50', selection?.selected.has(t.id) && 'bg-indigo-50/50')}
            >
              {selection && (
                <td className="py-3 pl-5 align-top">
                  <input
                    type="checkbox"
                    className={cn(checkboxClass, 'mt-0.5')}
                    aria-label={`Select ${t.ticketNumber}`}
                    checked={selection.selected.has(t.id)}
                    onChange={() => selection.toggle(t.id)}
                  />
                </td>
              )}
              <td className={cn('py-3 align-top', selection ? 'px-3' : 'pr-3 pl-5')}>
                <span className="block font-mono text-xs text-slate-500">{t.ticketNumber}</span>
                <Link
                  to={ticketPath(t)}
                  className="line-clamp-2 font-medium break-words text-slate-900 hover:text-indigo-700"
                >
                  {t.subject}
                </Link>
              </td>
              {showCustomer && (
                <td className="px-3 py-3 align-top">
                  <Link
                    to={`/customers/${t.customerId}`}
                    className="block truncate text-slate-700 hover:text-indigo-700"
                    title={`${t.customerName} · ${t.customerNumber}`}
                  >
                    {t.customerName}
                  </Link>
                </td>
              )}
              <td className="px-3 py-3 align-top">
                <PriorityBadge priority={t.priority} />
              </td>
              <td className="px-3 py-3 align-top">
                <TicketStatusBadge status={t.status} />
              </td>
              <td className="truncate px-3 py-3 align-top text-slate-700" title={t.assigneeName ?? undefined}>
                {t.assigneeName ?? <Unassigned />}
              </td>
              <td className="truncate px-3 py-3 align-top text-slate-700" title={t.groupName ?? undefined}>
                {t.groupName ?? '—'}
              </td>
              <td className="px-3 py-3 align-top">
                <SlaBadge ticket={t} now={now} />
              </td>
              <td className="py-3 pr-5 pl-3 align-top whitespace-nowrap text-slate-600">
                <Ago iso={t.updatedAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ul className="divide-y divide-slate-100 xl:hidden" aria-label="Tickets" data-testid="ticket-cards">
        {tickets.map((t) => (
          <li
            key={t.id}
            data-testid="ticket-card"
            className={cn('flex gap-3 px-4 py-3.5', selection?.selected.has(t.id) && 'bg-indigo-50/50')}
          >
            {selection && (
              <input
                type="checkbox"
                className={cn(checkboxClass, 'mt-1 shrink-0')}
                aria-label={`Select ${t.ticketNumber}`}
                checked={selection.selected.has(t.id)}
                onChange={() => selection.toggle(t.id)}
              />
            )}
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                <span className="font-mono">{t.ticketNumber}</span>
                <span aria-hidden="true">·</span>
                <Ago iso={t.updatedAt} now={now} />
              </div>
              <Link
                to={ticketPath(t)}
                className="mt-0.5 block font-medium break-words text-slate-900 hover:text-indigo-700"
              >
                {t.subject}
              </Link>
              {showCustomer && (
                <Link
                  to={`/customers/${t.customerId}`}
                  className="mt-0.5 block truncate text-sm text-slate-600 hover:text-indigo-700"
                >
                  {t.customerName} <span className="text-slate-500">· {t.customerNumber}</span>
                </Link>
              )}
              <div className="mt-2 flex flex-wrap items-center gap-1.5">
                <PriorityBadge priority={t.priority} />
                <TicketStatusBadge status={t.status} />
                <SlaBadge ticket={t} now={now} />
              </div>
              <p className="mt-1.5 truncate text-xs text-slate-500">
                {t.assigneeName ?? 'Unassigned'}
                {t.groupName ? ` · ${t.groupName}` : ''}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TicketTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" className="divide-y divide-slate-100">
      <span className="sr-only">Loading tickets…</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className="flex items-center gap-4 px-5 py-4" aria-hidden="true">
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-4 flex-1" />
          <Skeleton className="hidden h-4 w-24 sm:block" />
          <Skeleton className="h-5 w-16 rounded-full" />
        </div>
      ))}
    </div>
  );
}
