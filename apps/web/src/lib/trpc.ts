import type { AppRouter } from '@cm/api';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { apiError } from './errors';

/**
 * Same-origin tRPC over plain JSON; the session cookie rides along automatically. Subscriptions
 * (`tickets.changes`) are server-sent events through the browser's EventSource, which reconnects
 * by itself.
 */
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: splitLink({
        // The session check goes alone, as `GET /trpc/auth.me`: the URL index.html preloads, so the
        // request is already under way while the scripts download.
        condition: (op) => op.path === 'auth.me',
        true: httpLink({ url: '/trpc' }),
        false: httpBatchLink({ url: '/trpc' }),
      }),
    }),
  ],
});

/** Codes that will not change on a retry: asking again only delays the message. */
const FINAL_CODES = new Set([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'TOO_MANY_REQUESTS',
]);

let onUnauthorized: () => void = () => {};

/** The session layer registers what "signed out" means (clear caches, go to sign-in). */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

/** Reports an API error to the session layer; query and mutation errors come here by themselves. */
export function handleError(error: unknown) {
  const info = apiError(error);
  // A wrong password on the sign-in form is also UNAUTHORIZED, but it is not a lost session.
  if (info.code === 'UNAUTHORIZED' && info.path !== 'auth.login') onUnauthorized();
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: handleError }),
  mutationCache: new MutationCache({ onError: handleError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) => !FINAL_CODES.has(apiError(error).code) && failureCount < 2,
    },
    mutations: { retry: false },
  },
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
