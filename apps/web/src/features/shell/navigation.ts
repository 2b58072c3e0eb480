import { can, mayCall, type Permission, type RestrictedOperation, type Role } from '@cm/domain';
import {
  ClipboardCheck,
  History,
  Inbox,
  KeyRound,
  LayoutDashboard,
  LifeBuoy,
  type LucideIcon,
  Mail,
  Timer,
  UserCog,
  Users,
} from 'lucide-react';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  permission: Permission;
  /** Narrower than the permission (e.g. the audit log is admin-only). */
  operation?: RestrictedOperation;
  end?: boolean;
}

/** Staff navigation; each entry shows only to roles holding its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard, permission: 'stats:view', end: true },
  { to: '/customers', label: 'Customers', icon: Users, permission: 'customers:view' },
  { to: '/tickets', label: 'Tickets', icon: LifeBuoy, permission: 'tickets:view' },
  { to: '/kyc/review', label: 'KYC review', icon: ClipboardCheck, permission: 'kyc:verify' },
  { to: '/users', label: 'Users', icon: UserCog, permission: 'users:manage' },
  { to: '/settings/queues', label: 'Queues', icon: Inbox, permission: 'tickets:manage' },
  { to: '/settings/service-levels', label: 'Service levels', icon: Timer, permission: 'tickets:manage' },
  { to: '/settings/outbox', label: 'Outbox', icon: Mail, permission: 'users:manage' },
  { to: '/settings/api-tokens', label: 'API tokens', icon: KeyRound, permission: 'tokens:manage' },
  { to: '/audit', label: 'Audit log', icon: History, permission: 'audit:view', operation: 'audit.list' },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.permission) && (!item.operation || mayCall(role, item.operation)));
}
