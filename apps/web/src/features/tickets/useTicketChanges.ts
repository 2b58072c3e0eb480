import type { TicketChange } from '@cm/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { handleError, trpc } from '../../lib/trpc';

/** Changes arriving together (a bulk edit) refetch once, not once each. */
const COALESCE_MS = 250;

/**
 * Live ticket changes the signed-in user may see (`tickets.changes`, server-sent events): each
 * change refetches the ticket queries on screen. The browser reconnects a dropped stream by itself;
 * changes made while it was away are caught up by refetching once it is back.
 */
export function useTicketChanges(onChange?: (change: TicketChange) => void) {
  const queryClient = useQueryClient();
  const started = useRef(false);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);

  const refresh = () => {
    if (pending.current !== undefined) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() });
    }, COALESCE_MS);
  };

  return useSubscription(
    trpc.tickets.changes.subscriptionOptions(undefined, {
      onStarted: () => {
        // The first start needs no catch-up; every later one is a reconnect.
        if (started.current) refresh();
        started.current = true;
      },
      onData: (change) => {
        refresh();
        onChange?.(change);
      },
      // A session that ended closes the stream with UNAUTHORIZED, handled like any other call's.
      onError: handleError,
    }),
  );
}
