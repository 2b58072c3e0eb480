import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc';

/**
 * A customer's name from its id (audit events carry only the id). Requests for many ids in one
 * render are batched into one HTTP call; a deleted customer reads as "deleted customer".
 */
export function CustomerName({ id }: { id: string }) {
  const customer = useQuery(trpc.customers.byId.queryOptions({ id }, { staleTime: 60_000, retry: false }));
  if (customer.isPending) return <span className="text-slate-400">…</span>;
  if (customer.isError) return <span className="italic">deleted customer</span>;
  return <span className="font-medium text-slate-700">{customer.data.displayName}</span>;
}
