import { type Customer, can } from '@cm/domain';
import * as Tabs from '@radix-ui/react-tabs';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock, Skeleton } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { ActivationRefused } from './ActivationRefused';
import { allowedActions, CustomerActions } from './CustomerActions';
import { KycBadge, RiskBadge, StatusBadge } from './CustomerBadges';
import { CustomerNotFound } from './CustomerNotFound';
import { KYC_FOR_ACTIVATION_STALE_MS } from './customerPrefetch';
import { CUSTOMER_TABS, type CustomerTab } from './customerTabs';
import { DeletedCustomerView } from './DeletedCustomerView';
import { isKycRefusal, useLifecycleActions } from './useLifecycleActions';

export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const { role } = useSessionUser();
  const customer = useQuery(trpc.customers.byId.queryOptions({ id }));
  // Fetched alongside the customer (same query as CustomerActions): when "Activate" is offered, the
  // missing KYC requirements are a line under it, and arriving later that line pushed the page down.
  const kycForActivation = can(role, 'customers:activate') && can(role, 'kyc:view');
  const kyc = useQuery(
    trpc.kyc.status.queryOptions(
      { customerId: id },
      { enabled: kycForActivation, staleTime: KYC_FOR_ACTIVATION_STALE_MS },
    ),
  );
  useDocumentTitle(customer.data?.displayName ?? 'Customer');
  const waitForKyc =
    kycForActivation && kyc.isPending && customer.data !== undefined && allowedActions(role, customer.data).activate;

  if (customer.isPending || waitForKyc) {
    return (
      <div>
        <Skeleton className="mb-2 h-4 w-32" />
        <Skeleton className="mb-8 h-8 w-72" />
        <LoadingBlock label="Loading customer…" lines={6} />
      </div>
    );
  }
  // A failed background refresh keeps showing what was loaded (and whatever is being typed on it),
  // unless the customer is gone (deleted elsewhere): then say so.
  const gone = customer.isError && apiError(customer.error).code === 'NOT_FOUND';
  if (customer.isError && (!customer.data || gone)) {
    if (apiError(customer.error).code === 'NOT_FOUND') {
      // Opened from "Show deleted": the list row is all we can show, with the way to restore it.
      const deleted = (location.state as { deletedCustomer?: Customer } | null)?.deletedCustomer;
      return deleted?.id === id ? <DeletedCustomerView customer={deleted} /> : <CustomerNotFound />;
    }
    return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  }
  // Keyed by id: drafts and queued uploads in its tabs belong to this customer only.
  return <CustomerDetail key={customer.data.id} customer={customer.data} />;
}

/** Tabs opened once stay mounted (hidden), so a draft note or a queued upload survives a tab switch. */
function useVisitedTabs(current: string) {
  const [visited, setVisited] = useState(() => new Set([current]));
  if (!visited.has(current)) setVisited(new Set([...visited, current]));
  return visited;
}

/** How long a customer's page is left to its first screen before the other tabs' code is fetched anyway. */
const TAB_PRELOAD_DELAY_MS = 5_000;

/**
 * The other tabs' code is fetched when the user shows an intent to open one (pointer over, focus or touch on its
 * tab, see the triggers below), and otherwise a few seconds after the page has rendered, when the browser is
 * idle: switching tabs rarely waits for the network (and still works if the connection drops later), while
 * evaluating the tabs' code (with its zod schemas, 40–60 ms a tab on a desktop CPU, several times that on a phone)
 * stays out of the first seconds, when the page should answer the user's first input.
 */
const preloadTab = (t: CustomerTab) => void t.Panel.preload?.().catch(() => {});

function usePreloadedTabs(tabs: readonly CustomerTab[]) {
  useEffect(() => {
    const preload = () => {
      for (const t of tabs) preloadTab(t);
    };
    let idle: number | undefined;
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(preload, { timeout: 3000 });
      else preload();
    }, TAB_PRELOAD_DELAY_MS);
    return () => {
      clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [tabs]);
}

function CustomerDetail({ customer }: { customer: Customer }) {
  const user = useSessionUser();
  const actions = useLifecycleActions(customer);
  const [params, setParams] = useSearchParams();
  const tabs = useMemo(() => CUSTOMER_TABS.filter((t) => can(user.role, t.permission)), [user.role]);
  const requested = params.get('tab');
  const tab = tabs.some((t) => t.value === requested) ? (requested as string) : 'profile';
  const activationError = actions.activate.error ? apiError(actions.activate.error) : null;
  const visited = useVisitedTabs(tab);
  usePreloadedTabs(tabs);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/customers" className="hover:text-slate-900">
            Customers
          </Link>
        }
        title={customer.displayName}
        description={
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs text-slate-500">{customer.customerNumber}</span>
            <StatusBadge status={customer.status} />
            <KycBadge status={customer.kycStatus} withLabel />
            <RiskBadge level={customer.riskLevel} withLabel />
          </div>
        }
        actions={<CustomerActions customer={customer} role={user.role} actions={actions} />}
      />
      {actions.activate.error && isKycRefusal(actions.activate.error) && activationError && (
        <div className="mb-6">
          <ActivationRefused error={activationError} onDismiss={() => actions.activate.reset()} />
        </div>
      )}
      <Tabs.Root
        value={tab}
        onValueChange={(value) =>
          setParams(
            (p) => {
              const next = new URLSearchParams(p);
              if (value === 'profile') next.delete('tab');
              else next.set('tab', value);
              return next;
            },
            { replace: true },
          )
        }
      >
        <Tabs.List aria-label="Customer sections" className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
          {tabs.map((t) => (
            <Tabs.Trigger
              key={t.value}
              value={t.value}
              onPointerEnter={() => preloadTab(t)}
              onFocus={() => preloadTab(t)}
              onTouchStart={() => preloadTab(t)}
              className="-mb-px rounded-t-md border-b-2 border-transparent px-3 focus-visible:outline-offset-[-2px] py-2.5 text-sm font-medium whitespace-nowrap text-slate-600 hover:text-slate-900 data-[state=active]:border-indigo-600 data-[state=active]:text-indigo-700"
            >
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {tabs
          .filter((t) => visited.has(t.value))
          .map((t) => (
            <Tabs.Content
              key={t.value}
              value={t.value}
              forceMount
              className="focus-visible:outline-offset-4 data-[state=inactive]:hidden"
            >
              <Suspense fallback={<LoadingBlock label={`Loading ${t.label}…`} />}>
                <t.Panel customer={customer} />
              </Suspense>
            </Tabs.Content>
          ))}
      </Tabs.Root>
    </>
  );
}
