import type { Ticket } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useTicketsRefresh } from './ticketModel';

/**
 * The ticket's field changes (update, assign, status), each sent with the version on screen. When
 * someone else changed the ticket first, the user is told and the latest version is loaded.
 */
export function useTicketActions(ticket: Ticket) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const refresh = useTicketsRefresh();
  const [conflict, setConflict] = useState(false);

  const onSuccess = async (updated: Ticket) => {
    setConflict(false);
    queryClient.setQueryData(trpc.tickets.byId.queryKey({ id: updated.id }), updated);
    await refresh();
  };
  const onError = (what: string) => (err: unknown) => {
    const info = apiError(err);
    if (info.code === 'CONFLICT') {
      setConflict(true);
      toast.error(
        'Someone else changed this ticket',
        'The latest version is loaded. Check it, then make your change again.',
      );
      void queryClient.invalidateQueries({ queryKey: trpc.tickets.byId.queryKey({ id: ticket.id }) });
      void refresh();
      return;
    }
    toast.error(what, Object.values(info.fieldErrors)[0]?.[0] ?? info.message);
  };

  const update = useMutation(
    trpc.tickets.update.mutationOptions({ onSuccess, onError: onError('The ticket was not changed') }),
  );
  const assign = useMutation(
    trpc.tickets.assign.mutationOptions({ onSuccess, onError: onError('The ticket was not assigned') }),
  );
  const setStatus = useMutation(
    trpc.tickets.setStatus.mutationOptions({ onSuccess, onError: onError('The status was not changed') }),
  );

  return {
    update: (change: Omit<Parameters<typeof update.mutate>[0], 'id' | 'version'>) =>
      update.mutate({ id: ticket.id, version: ticket.version, ...change }),
    assign: (assigneeId: string | null) => assign.mutate({ id: ticket.id, version: ticket.version, assigneeId }),
    setStatus: (change: Omit<Parameters<typeof setStatus.mutate>[0], 'id' | 'version'>) =>
      setStatus.mutate({ id: ticket.id, version: ticket.version, ...change }),
    pending: update.isPending || assign.isPending || setStatus.isPending,
    updating: update.isPending ? update.variables : undefined,
    conflict,
    dismissConflict: () => setConflict(false),
  };
}

export type TicketActions = ReturnType<typeof useTicketActions>;
