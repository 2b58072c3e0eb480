import type { SessionUser } from '@cm/domain';
import { Suspense, useDeferredValue, useEffect } from 'react';
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
  // The session's arrival re-renders everything under it (the role's navigation, the page mounting): as a
  // transition, in slices the browser can paint and take input between, not as one task the length of the
  // whole first screen (a query's own update is synchronous). One value, so every branch below sees the same state.
  const gate: SessionUser | 'checking' | 'error' | 'signed-out' = me.isPending
    ? 'checking'
    : (me.data ?? (me.isError ? 'error' : 'signed-out'));
  const session = useDeferredValue(gate);
  const signedIn = typeof session === 'object';
  useEffect(() => {
    if (signedIn) preloadWhenIdle(ReauthDialog);
  }, [signedIn]);
  if (session === 'checking') {
    return (
      <SessionContext value="checking">
        <Outlet />
      </SessionContext>
    );
  }
  if (session === 'error') {
    return (
      <main className="grid min-h-screen place-items-center">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} title="Customer Manager is not reachable" />
      </main>
    );
  }
  if (session === 'signed-out') return <Navigate to={signInPath(location)} replace />;
  // A password an admin reset must be replaced before anything else (the server insists too).
  if (session.mustChangePassword) {
    return (
      <Suspense fallback={null}>
        <ForcedPasswordChange user={session} />
      </Suspense>
    );
  }
  return (
    <SessionContext value={session}>
      <Outlet />
      {reauth && (
        <Suspense fallback={null}>
          <ReauthDialog user={session} />
        </Suspense>
      )}
    </SessionContext>
  );
}
