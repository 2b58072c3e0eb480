import type { SessionUser } from '@cm/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '../../components/Toast';
import { setReauthNeeded } from '../../lib/reauthState';
import { queryClient, setUnauthorizedHandler, trpc } from '../../lib/trpc';
import { discardingUnsavedWork, hasUnsavedWork, stopUnsavedWork } from '../../lib/unsavedWork';

export const meQueryOptions = () => trpc.auth.me.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY });

export function useMe() {
  return useQuery(meQueryOptions());
}

let expired = false;

/**
 * Any UNAUTHORIZED answer means the session is gone. With unsaved work on screen (typed edits,
 * queued uploads) the page stays and asks for the password in place; otherwise the user is
 * forgotten and the guard sends them to sign-in, then back to this page.
 */
export function sessionLost() {
  const key = trpc.auth.me.queryKey();
  const signedIn = Boolean(queryClient.getQueryData(key));
  if (signedIn && hasUnsavedWork()) {
    setReauthNeeded(true);
    return;
  }
  if (signedIn) expired = true;
  setReauthNeeded(false);
  queryClient.setQueryData(key, null);
}
setUnauthorizedHandler(sessionLost);

/** Signed in again in place: the same user carries on where they were. */
export function sessionResumed(user: SessionUser) {
  queryClient.setQueryData(trpc.auth.me.queryKey(), user);
  setReauthNeeded(false);
  void queryClient.invalidateQueries();
}

/** Gives up the page's unsaved work and goes to the sign-in page (e.g. to sign in as someone else). */
export function abandonSession() {
  expired = true;
  setReauthNeeded(false);
  queryClient.setQueryData(trpc.auth.me.queryKey(), null);
}

/** Whether the last sign-out was the server ending the session (read once by the sign-in page). */
export function consumeSessionExpired(): boolean {
  const was = expired;
  expired = false;
  return was;
}

/** The signed-in user; `'checking'` while `auth.me` has not answered yet (the shells paint placeholders). */
export const SessionContext = createContext<SessionUser | 'checking' | null>(null);

/** The signed-in user, or `'checking'` while the session is not known yet; only valid under the session guard. */
export function useSessionState(): SessionUser | 'checking' {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState used outside the signed-in area.');
  return state;
}

/** The signed-in user; only valid under the session guard, once the session is known (pages, not shells). */
export function useSessionUser(): SessionUser {
  const state = useSessionState();
  if (state === 'checking') throw new Error('useSessionUser used before the session is known.');
  return state;
}

/** Where a user goes after sign-in when no page was asked for. */
export function homeOf(user: Pick<SessionUser, 'role'>): string {
  return user.role === 'client' ? '/portal' : '/';
}

/** Only same-site paths: `next` must never send the user to another origin. */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/sign-in')) return null;
  return next;
}

export function signInPath(location: { pathname: string; search: string }): string {
  const here = `${location.pathname}${location.search}`;
  return here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
}

export function useSignOut() {
  const navigate = useNavigate();
  const toast = useToast();
  return useMutation(
    trpc.auth.logout.mutationOptions({
      // Before the session ends: an upload still on its way must not be stored after "discard".
      onMutate: stopUnsavedWork,
      onSettled: () =>
        // Signing out over unsaved work was confirmed already (UserMenu): no second prompt on the way out.
        discardingUnsavedWork(async () => {
          setReauthNeeded(false);
          toast.clear();
          queryClient.clear();
          queryClient.setQueryData(trpc.auth.me.queryKey(), null);
          await navigate('/sign-in', { replace: true });
        }),
    }),
  );
}
