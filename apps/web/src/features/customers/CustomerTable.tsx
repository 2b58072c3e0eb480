import type { Customer, CustomerSort } from '@cm/domain';
import { RotateCcw } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { type Column, DataTable, type ListQuery, type Sorting } from '../../components/DataTable';
import { countryName } from '../../lib/countries';
import { formatDate, humanize } from '../../lib/format';
import { KycBadge, RiskBadge, StatusBadge } from './CustomerBadges';

export function customerPath(c: Pick<Customer, 'id'>) {
  return `/customers/${c.id}`;
}

/** A deleted customer's detail page shows what the list already knows (the API hides deleted ones). */
const linkState = (c: Customer) => (c.deletedAt ? { deletedCustomer: c } : undefined);

const COLUMNS: Column<Customer, CustomerSort>[] = [
  {
    header: 'Customer',
    sort: [
      { key: 'name', label: 'Name' },
      { key: 'number', label: 'Number' },
    ],
    cell: (c) => (
      <>
        <Link
          to={customerPath(c)}
          state={linkState(c)}
          data-row-link
          className="font-medium text-slate-900 hover:text-indigo-700 focus-visible:outline-offset-4"
        >
          {c.displayName || c.email}
        </Link>
        <div className="mt-0.5 text-xs break-all text-slate-500">
          {c.customerNumber} · {c.email}
        </div>
      </>
    ),
  },
  { header: 'Type', className: 'text-slate-700', cell: (c) => humanize(c.type) },
  {
    header: 'Status',
    cell: (c) => (
      <div className="flex items-center gap-1.5">
        <StatusBadge status={c.status} />
        {c.deletedAt && <Badge tone="red">Deleted</Badge>}
      </div>
    ),
  },
  { header: 'KYC', cell: (c) => <KycBadge status={c.kycStatus} /> },
  { header: 'Risk', cell: (c) => <RiskBadge level={c.riskLevel} /> },
  { header: 'Country', className: 'text-slate-700', cell: (c) => countryName(c.country) },
  {
    header: 'Created',
    sort: 'createdAt',
    className: 'whitespace-nowrap text-slate-600',
    cell: (c) => formatDate(c.createdAt),
  },
];

/**
 * Customers as rows that open on click (each row's name is its link and tab stop; the arrow keys move
 * between rows); deleted ones, when shown, can be restored from their row.
 */
export function CustomerTable({
  customers,
  onRestore,
  restoringId,
  sorting,
  query,
  empty,
}: {
  customers: readonly Customer[] | undefined;
  onRestore?: (customer: Customer) => void;
  restoringId?: string;
  sorting?: Sorting<CustomerSort>;
  query: ListQuery;
  empty: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <DataTable
      caption="Customers"
      columns={COLUMNS}
      rows={customers}
      rowKey={(c) => c.id}
      rowTestId="customer-row"
      rowClassName={(c) => Boolean(c.deletedAt) && 'bg-slate-50/70 text-slate-500'}
      onRowClick={(c) => void navigate(customerPath(c), { state: linkState(c) })}
      rowActions={
        onRestore &&
        ((c) =>
          c.deletedAt && (
            <Button
              size="sm"
              busy={restoringId === c.id}
              onClick={() => onRestore(c)}
              aria-label={`Restore ${c.displayName || c.email}`}
            >
              <RotateCcw className="size-3.5" aria-hidden="true" /> Restore
            </Button>
          ))
      }
      sorting={sorting}
      query={query}
      loadingLabel="Loading customers…"
      skeletonRows={8}
      errorTitle="Customers could not be loaded"
      empty={empty}
    />
  );
}
