import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { trpc } from '../../lib/trpc';

const POLL_MS = 30_000;

/**
 * Keeps the client's requests fresh while the page is open: refetches ticket queries every 30 s
 * while the tab is visible, and when it becomes visible again.
 */
export function usePortalTicketChanges() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible')
        void queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() });
    };
    const timer = setInterval(refresh, POLL_MS);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [queryClient]);
}
