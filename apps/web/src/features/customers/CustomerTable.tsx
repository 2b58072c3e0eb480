import type { Customer, CustomerSort, SortOrder } from '@cm/domain';
import { ArrowDown, ArrowUp, ArrowUpDown, RotateCcw } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Skeleton } from '../../components/Skeleton';
import { cn } from '../../lib/cn';
import { countryName } from '../../lib/countries';
import { formatDate, humanize } from '../../lib/format';
import { KycBadge, RiskBadge, StatusBadge } from './CustomerBadges';

const COLUMNS = ['Customer', 'Type', 'Status', 'KYC', 'Risk', 'Country', 'Created'] as const;

/** The list's order and how to change it (the headers become sort buttons). */
export interface SortControl {
  sort: CustomerSort;
  order: SortOrder;
  onSort: (sort: CustomerSort) => void;
}

/** Narrow screens: each row becomes a card (the header row hides; the sort menu above does its job). */
const CARD_ROW =
  'max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-x-2 max-sm:gap-y-1.5 max-sm:px-4 max-sm:py-3';
const CARD_CELL = 'max-sm:p-0';

export function customerPath(c: Pick<Customer, 'id'>) {
  return `/customers/${c.id}`;
}

/** Moves focus between rows with the arrow keys; each row's link is its single tab stop. */
function moveFocus(e: KeyboardEvent<HTMLTableRowElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const row = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
  const link = row?.querySelector<HTMLAnchorElement>('a[data-row-link]');
  if (link) {
    e.preventDefault();
    link.focus();
  }
}

export function CustomerTable({
  customers,
  onRestore,
  restoringId,
  dimmed,
  sorting,
}: {
  customers: readonly Customer[];
  onRestore?: (customer: Customer) => void;
  restoringId?: string;
  dimmed?: boolean;
  sorting?: SortControl;
}) {
  const navigate = useNavigate();
  const open = (c: Customer) => navigate(customerPath(c), c.deletedAt ? { state: { deletedCustomer: c } } : undefined);
  return (
    <div className="overflow-x-auto">
      <table
        className={cn('min-w-full text-sm transition-opacity max-sm:block', dimmed && 'opacity-60')}
        aria-busy={dimmed || undefined}
      >
        <TableHead sorting={sorting} />
        <tbody className="divide-y divide-slate-100 max-sm:block">
          {customers.map((c) => (
            <tr
              key={c.id}
              onClick={() => void open(c)}
              onKeyDown={moveFocus}
              className={cn(
                'cursor-pointer hover:bg-slate-50 focus-within:bg-indigo-50/60',
                CARD_ROW,
                c.deletedAt && 'bg-slate-50/70 text-slate-500',
              )}
              data-testid="customer-row"
            >
              <td className="py-3 pr-3 pl-5 max-sm:w-full max-sm:p-0">
                <Link
                  to={customerPath(c)}
                  state={c.deletedAt ? { deletedCustomer: c } : undefined}
                  data-row-link
                  onClick={(e) => e.stopPropagation()}
                  className="font-medium text-slate-900 hover:text-indigo-700 focus-visible:outline-offset-4"
                >
                  {c.displayName || c.email}
                </Link>
                <div className="mt-0.5 text-xs break-all text-slate-500">
                  {c.customerNumber} · {c.email}
                </div>
              </td>
              <td className={cn('px-3 py-3 text-slate-700', CARD_CELL)}>{humanize(c.type)}</td>
              <td className={cn('px-3 py-3', CARD_CELL)}>
                <div className="flex items-center gap-1.5">
                  <StatusBadge status={c.status} />
                  {c.deletedAt && <Badge tone="red">Deleted</Badge>}
                </div>
              </td>
              <td className={cn('px-3 py-3', CARD_CELL)}>
                <KycBadge status={c.kycStatus} />
              </td>
              <td className={cn('px-3 py-3', CARD_CELL)}>
                <RiskBadge level={c.riskLevel} />
              </td>
              <td className={cn('px-3 py-3 text-slate-700', CARD_CELL)}>{countryName(c.country)}</td>
              <td className={cn('py-3 pr-5 pl-3 text-slate-600', CARD_CELL)}>
                <div className="flex items-center justify-between gap-3">
                  <span className="whitespace-nowrap">{formatDate(c.createdAt)}</span>
                  {c.deletedAt && onRestore && (
                    <Button
                      size="sm"
                      busy={restoringId === c.id}
                      onClick={(e) => {
                        e.stopPropagation();
                        onRestore(c);
                      }}
                      aria-label={`Restore ${c.displayName || c.email}`}
                    >
                      <RotateCcw className="size-3.5" aria-hidden="true" /> Restore
                    </Button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortButton({ label, sort, sorting }: { label: string; sort: CustomerSort; sorting: SortControl }) {
  const active = sorting.sort === sort;
  const Icon = !active ? ArrowUpDown : sorting.order === 'asc' ? ArrowUp : ArrowDown;
  return (
    <button
      type="button"
      onClick={() => sorting.onSort(sort)}
      className={cn(
        'inline-flex items-center gap-1 rounded font-medium tracking-wide uppercase hover:text-slate-900',
        active && 'text-slate-900',
      )}
      data-testid={`sort-${sort}`}
    >
      {label}
      <Icon className={cn('size-3.5', !active && 'opacity-50')} aria-hidden="true" />
    </button>
  );
}

/** `aria-sort` for the header cell showing `sorts` (null when the list is in another order). */
function ariaSort(sorting: SortControl | undefined, ...sorts: CustomerSort[]) {
  if (!sorting || !sorts.includes(sorting.sort)) return undefined;
  return sorting.order === 'asc' ? 'ascending' : 'descending';
}

function TableHead({ sorting }: { sorting?: SortControl }) {
  return (
    <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase max-sm:hidden">
      <tr>
        {COLUMNS.map((c, i) => (
          <th
            key={c}
            scope="col"
            aria-sort={
              i === 0
                ? ariaSort(sorting, 'name', 'number')
                : c === 'Created'
                  ? ariaSort(sorting, 'createdAt')
                  : undefined
            }
            className={cn('py-2.5 font-medium', i === 0 ? 'pr-3 pl-5' : 'px-3')}
          >
            {sorting && i === 0 ? (
              <span className="flex items-center gap-3">
                <SortButton label="Name" sort="name" sorting={sorting} />
                <SortButton label="Number" sort="number" sorting={sorting} />
              </span>
            ) : sorting && c === 'Created' ? (
              <SortButton label="Created" sort="createdAt" sorting={sorting} />
            ) : (
              c
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function CustomerTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="overflow-x-auto" role="status">
      <span className="sr-only">Loading customers…</span>
      <table className="min-w-full text-sm" aria-hidden="true">
        <TableHead />
        <tbody className="divide-y divide-slate-100">
          {Array.from({ length: rows }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <tr key={i}>
              <td className="py-3.5 pr-3 pl-5">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="mt-1.5 h-3 w-56" />
              </td>
              {COLUMNS.slice(1).map((c) => (
                <td key={c} className="px-3 py-3.5">
                  <Skeleton className="h-4 w-16" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
