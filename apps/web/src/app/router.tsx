import { createBrowserRouter } from 'react-router';
import { RequireSession } from '../features/auth/RequireSession';
import { RequireClient, RequirePermission, RequireStaff } from '../features/auth/RoleGates';
import { SignInPage } from '../features/auth/SignInPage';
import { PortalShell } from '../features/portal/PortalShell';
import { AppShell } from '../features/shell/AppShell';
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
              {
                index: true,
                element: (
                  <RequirePermission permission="stats:view">
                    <DashboardPage />
                  </RequirePermission>
                ),
              },
              { path: 'customers', element: <CustomerListPage /> },
              {
                path: 'customers/new',
                element: (
                  <RequirePermission permission="customers:create">
                    <CustomerCreatePage />
                  </RequirePermission>
                ),
              },
              {
                path: 'customers/import',
                element: (
                  <RequirePermission permission="customers:create">
                    <CustomerImportPage />
                  </RequirePermission>
                ),
              },
              { path: 'customers/:id', element: <CustomerDetailPage /> },
              {
                path: 'tickets',
                element: (
                  <RequirePermission permission="tickets:view">
                    <TicketListPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'tickets/:id',
                element: (
                  <RequirePermission permission="tickets:view">
                    <TicketPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'customers/:id/edit',
                element: (
                  <RequirePermission permission="customers:edit">
                    <CustomerEditPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'users',
                element: (
                  <RequirePermission permission="users:manage">
                    <UsersPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'settings/queues',
                element: (
                  <RequirePermission permission="tickets:manage">
                    <AdminQueuesPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'settings/service-levels',
                element: (
                  <RequirePermission permission="tickets:manage">
                    <AdminServiceLevelsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'settings/outbox',
                element: (
                  <RequirePermission permission="users:manage">
                    <OutboxPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'settings/api-tokens',
                element: (
                  <RequirePermission permission="tokens:manage">
                    <ApiTokensPage />
                  </RequirePermission>
                ),
              },
              { path: 'settings/notifications', element: <NotificationSettingsPage /> },
              {
                path: 'kyc/review',
                element: (
                  <RequirePermission permission="kyc:verify">
                    <ReviewQueuePage />
                  </RequirePermission>
                ),
              },
              {
                path: 'audit',
                element: (
                  <RequirePermission permission="audit:view" operation="audit.list">
                    <AuditLogPage />
                  </RequirePermission>
                ),
              },
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
              { path: 'portal', element: <PortalPage /> },
              { path: 'portal/requests', element: <PortalRequestsPage /> },
              { path: 'portal/requests/new', element: <PortalNewRequestPage /> },
              { path: 'portal/requests/:id', element: <PortalRequestPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
