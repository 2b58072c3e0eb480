import type { Permission, RestrictedOperation } from '@cm/domain';
import { createBrowserRouter, type Params, type RouteObject } from 'react-router';
import { RequireSession } from '../features/auth/RequireSession';
import { RequireClient, RequirePermission, RequireStaff } from '../features/auth/RoleGates';
import { prefetchCustomer, prefetchCustomerList } from '../features/customers/customerPrefetch';
import { PortalShell } from '../features/portal/PortalShell';
import { AppShell } from '../features/shell/AppShell';
import type { Preloadable } from '../lib/preloadable';
import { NotFoundPage } from './NotFoundPage';
import {
  AdminQueuesPage,
  AdminServiceLevelsPage,
  ApiTokensPage,
  AuditLogPage,
  CustomerCreatePage,
  CustomerDetailPage,
  CustomerEditPage,
  CustomerImportPage,
  CustomerListPage,
  DashboardPage,
  NotificationSettingsPage,
  OutboxPage,
  PortalNewRequestPage,
  PortalPage,
  PortalRequestPage,
  PortalRequestsPage,
  ReviewQueuePage,
  SignInPage,
  TicketListPage,
  TicketPage,
  UsersPage,
} from './pages';
import { RouteError } from './RouteError';

interface PageHandle {
  preload: () => Promise<unknown>;
  /** Starts the page's first queries (the same ones it asks for, so it reuses them). */
  prefetch?: (at: { params: Params; search: URLSearchParams }) => void;
}

interface PageOptions {
  /** The page says "no access" to roles without this permission (the API refuses them anyway). */
  permission?: Permission;
  operation?: RestrictedOperation;
  prefetch?: PageHandle['prefetch'];
}

/** A page's route; its chunk and first data can be fetched before the page renders (see startPageLoads). */
function pageRoute(where: string | { index: true }, Page: Preloadable, options: PageOptions = {}): RouteObject {
  const handle: PageHandle = { preload: Page.preload, prefetch: options.prefetch };
  const element = options.permission ? (
    <RequirePermission permission={options.permission} operation={options.operation}>
      <Page />
    </RequirePermission>
  ) : (
    <Page />
  );
  return typeof where === 'string' ? { path: where, element, handle } : { index: true, element, handle };
}

export const router = createBrowserRouter([
  // Its own chunk like every page: the form's checks (zod) stay out of the code every signed-in page loads first.
  { ...pageRoute('sign-in', SignInPage), errorElement: <RouteError /> },
  {
    element: <RequireSession />,
    errorElement: <RouteError />,
    children: [
      {
        element: <RequireStaff />,
        children: [
          {
            element: <AppShell />,
            children: [
              pageRoute({ index: true }, DashboardPage, { permission: 'stats:view' }),
              pageRoute('customers', CustomerListPage, { prefetch: ({ search }) => prefetchCustomerList(search) }),
              pageRoute('customers/new', CustomerCreatePage, { permission: 'customers:create' }),
              pageRoute('customers/import', CustomerImportPage, { permission: 'customers:create' }),
              pageRoute('customers/:id', CustomerDetailPage, { prefetch: ({ params }) => prefetchCustomer(params.id) }),
              pageRoute('tickets', TicketListPage, { permission: 'tickets:view' }),
              pageRoute('tickets/:id', TicketPage, { permission: 'tickets:view' }),
              pageRoute('customers/:id/edit', CustomerEditPage, { permission: 'customers:edit' }),
              pageRoute('users', UsersPage, { permission: 'users:manage' }),
              pageRoute('settings/queues', AdminQueuesPage, { permission: 'tickets:manage' }),
              pageRoute('settings/service-levels', AdminServiceLevelsPage, { permission: 'tickets:manage' }),
              pageRoute('settings/outbox', OutboxPage, { permission: 'users:manage' }),
              pageRoute('settings/api-tokens', ApiTokensPage, { permission: 'tokens:manage' }),
              pageRoute('settings/notifications', NotificationSettingsPage),
              pageRoute('kyc/review', ReviewQueuePage, { permission: 'kyc:verify' }),
              pageRoute('audit', AuditLogPage, { permission: 'audit:view', operation: 'audit.list' }),
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      {
        element: <RequireClient />,
        children: [
          {
            element: <PortalShell />,
            children: [
              pageRoute('portal', PortalPage),
              pageRoute('portal/requests', PortalRequestsPage),
              pageRoute('portal/requests/new', PortalNewRequestPage),
              pageRoute('portal/requests/:id', PortalRequestPage),
            ],
          },
        ],
      },
    ],
  },
]);

/** Fetches the code of the page at this location and starts its first queries. */
function loadPage(state: typeof router.state) {
  const search = new URLSearchParams(state.location.search);
  for (const match of state.matches) {
    const handle = match.route.handle as PageHandle | undefined;
    void handle?.preload().catch(() => {});
    handle?.prefetch?.({ params: match.params, search });
  }
}

/**
 * At start-up: the page the console opened at gets its code and its first data while `auth.me` is on
 * its way, instead of one after the other (the shells render the page only once the session is known).
 * Then on every move to another page, so its data travels with its code. A change of the address's
 * search alone (filters, a tab) is left to the page: it asks at once, there is nothing to win.
 */
export function startPageLoads() {
  let pathname = router.state.location.pathname;
  loadPage(router.state);
  router.subscribe((state) => {
    if (state.location.pathname === pathname) return;
    pathname = state.location.pathname;
    loadPage(state);
  });
}
