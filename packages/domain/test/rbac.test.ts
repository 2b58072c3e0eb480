import { describe, expect, it } from 'vitest';
import {
  can,
  isCustomerScoped,
  mayCall,
  PERMISSIONS,
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from '../src/rbac/permissions';

/** SPEC §1, written out independently of the source: A = admin, C = corporate, K = client. */
const MATRIX: Record<Permission, { admin: boolean; corporate: boolean; client: boolean }> = {
  'customers:view': { admin: true, corporate: true, client: false },
  'customers:create': { admin: true, corporate: true, client: false },
  'customers:edit': { admin: true, corporate: true, client: false },
  'customers:delete': { admin: true, corporate: false, client: false },
  'customers:activate': { admin: true, corporate: true, client: false },
  'customers:suspend': { admin: true, corporate: true, client: false },
  'customers:export': { admin: true, corporate: true, client: false },
  'kyc:view': { admin: true, corporate: true, client: true },
  'kyc:upload': { admin: true, corporate: true, client: true },
  'kyc:edit': { admin: true, corporate: true, client: false },
  'kyc:delete': { admin: true, corporate: false, client: false },
  'kyc:verify': { admin: true, corporate: true, client: false },
  'kyc:download': { admin: true, corporate: true, client: true },
  'notes:view': { admin: true, corporate: true, client: false },
  'notes:create': { admin: true, corporate: true, client: false },
  'notes:edit': { admin: true, corporate: true, client: false },
  'notes:delete': { admin: true, corporate: false, client: false },
  'documents:view': { admin: true, corporate: true, client: false },
  'documents:upload': { admin: true, corporate: true, client: false },
  'documents:edit': { admin: true, corporate: true, client: false },
  'documents:delete': { admin: true, corporate: false, client: false },
  'documents:download': { admin: true, corporate: true, client: false },
  'users:manage': { admin: true, corporate: false, client: false },
  'audit:view': { admin: true, corporate: true, client: false },
  'stats:view': { admin: true, corporate: true, client: false },
  'tickets:view': { admin: true, corporate: true, client: true },
  'tickets:create': { admin: true, corporate: true, client: true },
  'tickets:edit': { admin: true, corporate: true, client: false },
  'tickets:assign': { admin: true, corporate: true, client: false },
  'tickets:reply': { admin: true, corporate: true, client: true },
  'tickets:delete': { admin: true, corporate: false, client: false },
  'tickets:manage': { admin: true, corporate: false, client: false },
  'tokens:manage': { admin: true, corporate: false, client: false },
  'privacy:manage': { admin: true, corporate: false, client: false },
};

const SPEC_PERMISSIONS = `
customers:view customers:create customers:edit customers:delete customers:activate customers:suspend customers:export
kyc:view kyc:upload kyc:edit kyc:delete kyc:verify kyc:download
notes:view notes:create notes:edit notes:delete
documents:view documents:upload documents:edit documents:delete documents:download
users:manage audit:view stats:view
tickets:view tickets:create tickets:edit tickets:assign tickets:reply tickets:delete tickets:manage
tokens:manage privacy:manage`
  .trim()
  .split(/\s+/);

describe('permission catalogue', () => {
  it('is exactly the 34 permissions of SPEC §1, no duplicates', () => {
    expect(PERMISSIONS).toHaveLength(34);
    expect(new Set(PERMISSIONS).size).toBe(34);
    expect([...PERMISSIONS].sort()).toEqual([...SPEC_PERMISSIONS].sort());
    expect(Object.keys(MATRIX).sort()).toEqual([...SPEC_PERMISSIONS].sort());
  });

  it('has exactly the three roles', () => {
    expect([...ROLES].sort()).toEqual(['admin', 'client', 'corporate']);
  });
});

describe('role × permission matrix', () => {
  const rows = PERMISSIONS.flatMap((permission) =>
    ROLES.map((role) => ({ role, permission, allowed: MATRIX[permission][role] })),
  );

  it('covers all 102 cells', () => {
    expect(rows).toHaveLength(102);
  });

  it.each(rows)('$role / $permission → $allowed', ({ role, permission, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
    expect(ROLE_PERMISSIONS[role].has(permission)).toBe(allowed);
  });
});

describe('role summaries', () => {
  const granted = (role: Role) => PERMISSIONS.filter((p) => can(role, p));

  it('admin has all 25 permissions', () => {
    expect(granted('admin')).toEqual([...PERMISSIONS]);
    expect(ROLE_PERMISSIONS.admin.size).toBe(34);
  });

  it('corporate has everything except every *:delete and the admin-only permissions', () => {
    const denied = PERMISSIONS.filter((p) => !can('corporate', p)).sort();
    expect(denied).toEqual(
      [
        'customers:delete',
        'documents:delete',
        'kyc:delete',
        'notes:delete',
        'tickets:delete',
        'users:manage',
        'tickets:manage',
        'tokens:manage',
        'privacy:manage',
      ].sort(),
    );
    for (const p of PERMISSIONS.filter((p) => p.endsWith(':delete'))) expect(can('corporate', p)).toBe(false);
    expect(ROLE_PERMISSIONS.corporate.size).toBe(25);
  });

  it('client has exactly its own KYC and its own tickets', () => {
    expect(granted('client').sort()).toEqual(
      ['kyc:download', 'kyc:upload', 'kyc:view', 'tickets:create', 'tickets:reply', 'tickets:view'].sort(),
    );
    expect(ROLE_PERMISSIONS.client.size).toBe(6);
  });

  it('no role holds a permission outside the catalogue', () => {
    for (const role of ROLES) {
      for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
    }
  });
});

describe('isCustomerScoped', () => {
  it.each([
    ['admin', false],
    ['corporate', false],
    ['client', true],
  ] as const)('%s → %s', (role, scoped) => {
    expect(isCustomerScoped(role)).toBe(scoped);
  });
});

describe('mayCall — operations narrower than their permission', () => {
  it('closing a customer and the whole audit log are for admins only', () => {
    expect(ROLES.filter((r) => mayCall(r, 'customers.close'))).toEqual(['admin']);
    expect(ROLES.filter((r) => mayCall(r, 'audit.list'))).toEqual(['admin']);
  });
  it('expiring documents across customers are for staff, never a client', () => {
    expect(ROLES.filter((r) => mayCall(r, 'kyc.expiring'))).toEqual(['admin', 'corporate']);
  });
});
