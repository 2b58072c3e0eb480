import { queryClient, trpc } from '../../lib/trpc';
import { filterInputOf, listInputOf, parseFilters } from './useCustomerFilters';

/*
 * The first queries of the customer pages, started by the router together with the page's code
 * (app/router.tsx) instead of after it and after the session check. Same options as the pages use,
 * so TanStack Query hands the page this very request. They go out before the role is known: the
 * server's permission check decides (a client is refused and sent to the portal; no session is
 * UNAUTHORIZED, which signs out as any query would), and nothing is shown before the role is known.
 */

/**
 * The customer page reads the KYC status fresh each time it opens, but an answer this recent is the one
 * the router asked for on the way in: taking it spares a second request right after the first.
 */
export const KYC_FOR_ACTIVATION_STALE_MS = 5_000;

/** The list and its total for the filters in the address. */
export function prefetchCustomerList(search: URLSearchParams) {
  const filters = parseFilters(search);
  // "Show deleted" depends on the role (customers:delete): that list waits for the page, which knows it.
  if (filters.includeDeleted) return;
  void queryClient.prefetchQuery(trpc.customers.list.queryOptions(listInputOf(filters, false)));
  void queryClient.prefetchQuery(trpc.customers.count.queryOptions(filterInputOf(filters, false)));
}

/** The customer and its KYC status (the page waits for both when "Activate" is offered; every staff role may see KYC). */
export function prefetchCustomer(id: string | undefined) {
  if (!id) return;
  void queryClient.prefetchQuery(trpc.customers.byId.queryOptions({ id }));
  void queryClient.prefetchQuery(trpc.kyc.status.queryOptions({ customerId: id }));
}
