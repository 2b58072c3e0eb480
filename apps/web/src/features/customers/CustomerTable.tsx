import type { Customer } from '@cm/domain';
import { RotateCcw } from 'lucide-react';
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
}: {
  customers: readonly Customer[];
  onRestore?: (customer: Customer) => void;
  restoringId?: string;
  dimmed?: boolean;
}) {
  const navigate = useNavigate();
  const open = (c: Customer) => navigate(customerPath(c), c.deletedAt ? { state: { deletedCustomer: c } } : undefined);
  return (
    <div className="overflow-x-auto">
      <table
        className={cn('min-w-full text-sm transition-opacity', dimmed && 'opacity-60')}
        aria-busy={dimmed || undefined}
      >
        <TableHead />
        <tbody className="divide-y divide-slate-100">
          {customers.map((c) => (
            <tr
              key={c.id}
              onClick={() => void open(c)}
              onKeyDown={moveFocus}
              className={cn(
                'cursor-pointer hover:bg-slate-50 focus-within:bg-indigo-50/60',
                c.deletedAt && 'bg-slate-50/70 text-slate-500',
              )}
              data-testid="customer-row"
            >
              <td className="py-3 pr-3 pl-5">
                <Link
                  to={customerPath(c)}
                  state={c.deletedAt ? { deletedCustomer: c } : undefined}
                  data-row-link
                  onClick={(e) => e.stopPropagation()}
                  className="font-medium text-slate-900 hover:text-indigo-700 focus-visible:outline-offset-4"
                >
                  {c.displayName || c.email}
                </Link>
                <div className="mt-0.5 text-xs text-slate-500">
                  {c.customerNumber} · {c.email}
                </div>
              </td>
              <td className="px-3 py-3 text-slate-700">{humanize(c.type)}</td>
              <td className="px-3 py-3">
                <div className="flex items-center gap-1.5">
                  <StatusBadge status={c.status} />
                  {c.deletedAt && <Badge tone="red">Deleted</Badge>}
                </div>
              </td>
              <td className="px-3 py-3">
                <KycBadge status={c.kycStatus} />
              </td>
              <td className="px-3 py-3">
                <RiskBadge level={c.riskLevel} />
              </td>
              <td className="px-3 py-3 text-slate-700">{countryName(c.country)}</td>
              <td className="py-3 pr-5 pl-3 text-slate-600">
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

function TableHead() {
  return (
    <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
      <tr>
        {COLUMNS.map((c, i) => (
          <th key={c} scope="col" className={cn('py-2.5 font-medium', i === 0 ? 'pr-3 pl-5' : 'px-3')}>
            {c}
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
