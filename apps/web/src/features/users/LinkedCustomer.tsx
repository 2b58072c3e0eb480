import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Skeleton } from '../../components/Skeleton';
import { trpc } from '../../lib/trpc';

/** The customer a client login belongs to (users.list returns only its id). */
export function LinkedCustomer({ id }: { id: string }) {
  const customer = useQuery(trpc.customers.byId.queryOptions({ id }, { staleTime: 60_000 }));
  if (customer.isPending) return <Skeleton className="h-4 w-32" />;
  if (customer.isError) return <span className="text-slate-500">Unavailable</span>;
  return (
    <Link to={`/customers/${id}`} className="text-indigo-700 hover:underline">
      {customer.data.displayName}
      <span className="ml-1 text-xs text-slate-500">{customer.data.customerNumber}</span>
    </Link>
  );
}
