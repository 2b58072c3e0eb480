import { Suspense, useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../../components/States';
import { preloadable, preloadWhenIdle } from '../../lib/preloadable';
import { useReauthNeeded } from '../../lib/reauthState';
import { SessionContext, signInPath, useMe } from './session';

/**
 * Its own chunk (a Radix dialog the first screen does not need), fetched once the user is known and the page idle:
 * when a session ends under unsaved work the dialog must not depend on the network being there.
 */
const ReauthDialog = preloadable(() => import('./ReauthDialog').then((m) => m.ReauthDialog));
/** Seen only after an admin's password reset: not part of every first load. */
const ForcedPasswordChange = preloadable(() => import('./ForcedPasswordChange').then((m) => m.ForcedPasswordChange));

/**
 * Everything but the sign-in page needs a session; without one, go sign in and come back here.
 * A session that ends under unsaved work is renewed in place instead (ReauthDialog).
 * While `auth.me` is on its way the shells already paint, with neutral placeholders for everything
 * that depends on who is signed in (no page, no navigation of a role yet).
 */
export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  const reauth = useReauthNeeded();
  const signedIn = Boolean(me.data);
  useEffect(() => {
    if (signedIn) preloadWhenIdle(ReauthDialog);
  }, [signedIn]);
  if (me.isPending) {
    return (
      <SessionContext value="checking">
        <Outlet />
      </SessionContext>
    );
  }
  if (me.isError && !me.data) {
    return (
      <main className="grid min-h-screen place-items-center">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} title="Customer Manager is not reachable" />
      </main>
    );
  }
  if (!me.data) return <Navigate to={signInPath(location)} replace />;
  // A password an admin reset must be replaced before anything else (the server insists too).
  if (me.data.mustChangePassword) {
    return (
      <Suspense fallback={null}>
        <ForcedPasswordChange user={me.data} />
      </Suspense>
    );
  }
  return (
    <SessionContext value={me.data}>
      <Outlet />
      {reauth && (
        <Suspense fallback={null}>
          <ReauthDialog user={me.data} />
        </Suspense>
      )}
    </SessionContext>
  );
}
