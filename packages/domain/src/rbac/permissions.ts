/** Every permission of SPEC §1; the table below is the only place roles get them. */
export const PERMISSIONS = [
  'customers:view',
  'customers:create',
  'customers:edit',
  'customers:delete',
  'customers:activate',
  'customers:suspend',
  'customers:export',
  'kyc:view',
  'kyc:upload',
  'kyc:edit',
  'kyc:delete',
  'kyc:verify',
  'kyc:download',
  'notes:view',
  'notes:create',
  'notes:edit',
  'notes:delete',
  'documents:view',
  'documents:upload',
  'documents:edit',
  'documents:delete',
  'documents:download',
  'users:manage',
  'audit:view',
  'stats:view',
  'tickets:view',
  'tickets:create',
  'tickets:edit',
  'tickets:assign',
  'tickets:reply',
  'tickets:delete',
  'tickets:manage',
  'tokens:manage',
  'privacy:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'corporate', 'client'] as const;
export type Role = (typeof ROLES)[number];

const CLIENT_PERMISSIONS: readonly Permission[] = [
  'kyc:view',
  'kyc:upload',
  'kyc:download',
  'tickets:view',
  'tickets:create',
  'tickets:reply',
];

/** Held by administrators alone, besides every `*:delete`. */
const ADMIN_ONLY: ReadonlySet<Permission> = new Set([
  'users:manage',
  'tickets:manage',
  'tokens:manage',
  'privacy:manage',
]);

/** admin: all; corporate: all but deletes and the admin-only ones; client: own KYC and own tickets. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(PERMISSIONS),
  corporate: new Set(PERMISSIONS.filter((p) => !p.endsWith(':delete') && !ADMIN_ONLY.has(p))),
  client: new Set(CLIENT_PERMISSIONS),
};

/** Whether a role holds a permission. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Roles whose data access is limited to one linked customer. */
export function isCustomerScoped(role: Role): boolean {
  return role === 'client';
}

/**
 * Operations narrower than their permission (SPEC §1, §2): only these roles may call them, on
 * top of holding the permission. The API's procedure meta and the console read the same list.
 */
export const RESTRICTED_OPERATIONS = {
  /** Closing is final: admins only (SPEC §2). */
  'customers.close': ['admin'],
  /** The whole audit log, across customers (SPEC §6). */
  'audit.list': ['admin'],
  /** Expiring documents across all customers: staff only, never a customer-scoped client. */
  'kyc.expiring': ['admin', 'corporate'],
  /** Internal notes are staff talk; a client only ever writes public replies (SPEC §12). */
  'tickets.note': ['admin', 'corporate'],
  /** Helpdesk figures, queues and service levels are the team's, not a client's. */
  'tickets.stats': ['admin', 'corporate'],
  'ticketGroups.list': ['admin', 'corporate'],
  'sla.read': ['admin', 'corporate'],
  /** Notification choices are for staff; clients always receive theirs. */
  'notifications.preferences': ['admin', 'corporate'],
} as const satisfies Record<string, readonly Role[]>;
export type RestrictedOperation = keyof typeof RESTRICTED_OPERATIONS;

/** Whether a role may call an operation that is restricted beyond its permission. */
export function mayCall(role: Role, operation: RestrictedOperation): boolean {
  return (RESTRICTED_OPERATIONS[operation] as readonly Role[]).includes(role);
}
