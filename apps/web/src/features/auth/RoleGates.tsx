import { can, mayCall, type Permission, type RestrictedOperation } from '@cm/domain';
import { ShieldAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, Navigate, Outlet } from 'react-router';
import { buttonClass } from '../../components/Button';
import { EmptyState } from '../../components/States';
import { useSessionState, useSessionUser } from './session';

/**
 * Staff pages: a client login is always sent to its portal instead. While the session is being
 * checked the staff shell paints its placeholders (it shows nothing of a role until the role is known).
 */
export function RequireStaff() {
  const session = useSessionState();
  if (session !== 'checking' && session.role === 'client') return <Navigate to="/portal" replace />;
  return <Outlet />;
}

/** The portal is for client logins; staff land on their dashboard. */
export function RequireClient() {
  const session = useSessionState();
  if (session !== 'checking' && session.role !== 'client') return <Navigate to="/" replace />;
  return <Outlet />;
}

/** A page the role may not use says so plainly (the API would refuse anyway). */
export function RequirePermission({
  permission,
  operation,
  children,
}: {
  permission: Permission;
  /** Narrower than the permission (e.g. the audit log is admin-only). */
  operation?: RestrictedOperation;
  children: ReactNode;
}) {
  const user = useSessionUser();
  if (can(user.role, permission) && (!operation || mayCall(user.role, operation))) return children;
  return <NoAccess />;
}

export function NoAccess() {
  return (
    <EmptyState
      icon={<ShieldAlert className="size-6" />}
      title="You do not have access to this page"
      action={
        <Link to="/" className={buttonClass('secondary')}>
          Back to dashboard
        </Link>
      }
    >
      Ask an administrator if you need it.
    </EmptyState>
  );
}
