import type { Permission, RestrictedOperation } from '@cm/domain';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from '../features/auth/RequireSession';
import { RequireClient, RequirePermission, RequireStaff } from '../features/auth/RoleGates';
import { SignInPage } from '../features/auth/SignInPage';
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
  TicketListPage,
  TicketPage,
  UsersPage,
} from './pages';
import { RouteError } from './RouteError';

interface PageHandle {
  preload: () => Promise<unknown>;
}

/** A page's route; its chunk can be fetched before the page renders (see preloadCurrentPage). */
function pageRoute(
  where: string | { index: true },
  Page: Preloadable,
  gate?: { permission: Permission; operation?: RestrictedOperation },
): RouteObject {
  const handle: PageHandle = { preload: Page.preload };
  const element = gate ? (
    <RequirePermission permission={gate.permission} operation={gate.operation}>
      <Page />
    </RequirePermission>
  ) : (
    <Page />
  );
  return typeof where === 'string' ? { path: where, element, handle } : { index: true, element, handle };
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
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
              pageRoute('customers', CustomerListPage),
              pageRoute('customers/new', CustomerCreatePage, { permission: 'customers:create' }),
              pageRoute('customers/import', CustomerImportPage, { permission: 'customers:create' }),
              pageRoute('customers/:id', CustomerDetailPage),
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

/**
 * Starts fetching the code of the page the console opened at, so it arrives while `auth.me` is on its
 * way instead of after it (the shells render the page only once the session is known).
 */
export function preloadCurrentPage() {
  for (const match of router.state.matches)
    void (match.route.handle as PageHandle | undefined)?.preload().catch(() => {});
}
