import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { formatRelative } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { KycBadge, StatusBadge } from '../customers/CustomerBadges';

export function NewestCustomers() {
  const list = useQuery(trpc.customers.list.queryOptions({ sort: 'createdAt', limit: 6 }));
  return (
    <Card>
      <CardHeader
        title="Newest customers"
        actions={
          <Link to="/customers" className="text-sm font-medium text-indigo-700 hover:underline">
            View all
          </Link>
        }
      />
      {list.isPending ? (
        <LoadingBlock label="Loading customers…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No customers yet" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.data.items.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1.5 px-5 py-3 text-sm">
              <div className="min-w-0 flex-1 basis-40">
                <Link
                  to={`/customers/${c.id}`}
                  className="font-medium break-words text-slate-900 hover:text-indigo-700 hover:underline"
                >
                  {c.displayName}
                </Link>
                <p className="truncate text-xs text-slate-500">
                  {c.customerNumber} · added {formatRelative(c.createdAt)}
                </p>
              </div>
              <div className="flex shrink-0 gap-1.5">
                <StatusBadge status={c.status} />
                <KycBadge status={c.kycStatus} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
