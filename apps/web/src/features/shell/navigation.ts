import { can, type Permission, type Role } from '@cm/domain';
import { Inbox, KeyRound, LayoutDashboard, LifeBuoy, type LucideIcon, Mail, Timer, UserCog, Users } from 'lucide-react';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  permission: Permission;
  end?: boolean;
}

/** Staff navigation; each entry shows only to roles holding its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard, permission: 'stats:view', end: true },
  { to: '/customers', label: 'Customers', icon: Users, permission: 'customers:view' },
  { to: '/tickets', label: 'Tickets', icon: LifeBuoy, permission: 'tickets:view' },
  { to: '/users', label: 'Users', icon: UserCog, permission: 'users:manage' },
  { to: '/settings/queues', label: 'Queues', icon: Inbox, permission: 'tickets:manage' },
  { to: '/settings/service-levels', label: 'Service levels', icon: Timer, permission: 'tickets:manage' },
  { to: '/settings/outbox', label: 'Outbox', icon: Mail, permission: 'users:manage' },
  { to: '/settings/api-tokens', label: 'API tokens', icon: KeyRound, permission: 'tokens:manage' },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.permission));
}
