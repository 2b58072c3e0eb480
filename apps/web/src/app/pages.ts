import type { ComponentType } from 'react';
import { preloadable } from '../lib/preloadable';

/**
 * Route-level code splitting: each page is its own chunk, fetched on first visit — or at start-up
 * for the page of the address the console opens at, alongside the session check (router.tsx).
 */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return preloadable(async () => pick(await load()));
}

export const SignInPage = page(
  () => import('../features/auth/SignInPage'),
  (m) => m.SignInPage,
);
export const DashboardPage = page(
  () => import('../features/dashboard/DashboardPage'),
  (m) => m.DashboardPage,
);
export const CustomerListPage = page(
  () => import('../features/customers/CustomerListPage'),
  (m) => m.CustomerListPage,
);
export const CustomerCreatePage = page(
  () => import('../features/customers/CustomerCreatePage'),
  (m) => m.CustomerCreatePage,
);
export const CustomerImportPage = page(
  () => import('../features/customers/CustomerImportPage'),
  (m) => m.CustomerImportPage,
);
export const CustomerEditPage = page(
  () => import('../features/customers/CustomerEditPage'),
  (m) => m.CustomerEditPage,
);
export const CustomerDetailPage = page(
  () => import('../features/customers/CustomerDetailPage'),
  (m) => m.CustomerDetailPage,
);
export const UsersPage = page(
  () => import('../features/users/UsersPage'),
  (m) => m.UsersPage,
);
export const PortalPage = page(
  () => import('../features/portal/PortalPage'),
  (m) => m.PortalPage,
);
export const PortalRequestsPage = page(
  () => import('../features/tickets/PortalRequestsPage'),
  (m) => m.PortalRequestsPage,
);
export const PortalNewRequestPage = page(
  () => import('../features/tickets/PortalNewRequestPage'),
  (m) => m.PortalNewRequestPage,
);
export const PortalRequestPage = page(
  () => import('../features/tickets/PortalRequestPage'),
  (m) => m.PortalRequestPage,
);
export const AdminQueuesPage = page(
  () => import('../features/tickets/AdminQueuesPage'),
  (m) => m.AdminQueuesPage,
);
export const AdminServiceLevelsPage = page(
  () => import('../features/tickets/AdminServiceLevelsPage'),
  (m) => m.AdminServiceLevelsPage,
);
export const TicketListPage = page(
  () => import('../features/tickets/TicketListPage'),
  (m) => m.TicketListPage,
);
export const TicketPage = page(
  () => import('../features/tickets/TicketPage'),
  (m) => m.TicketPage,
);
export const OutboxPage = page(
  () => import('../features/notifications/OutboxPage'),
  (m) => m.OutboxPage,
);
export const NotificationSettingsPage = page(
  () => import('../features/notifications/NotificationSettingsPage'),
  (m) => m.NotificationSettingsPage,
);
export const ApiTokensPage = page(
  () => import('../features/api-tokens/ApiTokensPage'),
  (m) => m.ApiTokensPage,
);
export const ReviewQueuePage = page(
  () => import('../features/review/ReviewQueuePage'),
  (m) => m.ReviewQueuePage,
);
export const AuditLogPage = page(
  () => import('../features/audit/AuditLogPage'),
  (m) => m.AuditLogPage,
);
