import { type ComponentType, lazy } from 'react';

/** Route-level code splitting: each page is its own chunk, fetched on first visit. */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return lazy(async () => ({ default: pick(await load()) }));
}

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
