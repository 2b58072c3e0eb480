import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageLoading } from '../../components/FullPageLoading';
import { ErrorState } from '../../components/States';
import { useReauthNeeded } from '../../lib/reauthState';
import { ForcedPasswordChange } from './ForcedPasswordChange';
import { ReauthDialog } from './ReauthDialog';
import { SessionContext, signInPath, useMe } from './session';

/**
 * Everything but the sign-in page needs a session; without one, go sign in and come back here.
 * A session that ends under unsaved work is renewed in place instead (ReauthDialog).
 */
export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  const reauth = useReauthNeeded();
  if (me.isPending) return <FullPageLoading />;
  if (me.isError && !me.data) {
    return (
      <main className="grid min-h-screen place-items-center">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} title="Customer Manager is not reachable" />
      </main>
    );
  }
  if (!me.data) return <Navigate to={signInPath(location)} replace />;
  // A password an admin reset must be replaced before anything else (the server insists too).
  if (me.data.mustChangePassword) return <ForcedPasswordChange user={me.data} />;
  return (
    <SessionContext value={me.data}>
      <Outlet />
      {reauth && <ReauthDialog user={me.data} />}
    </SessionContext>
  );
}
