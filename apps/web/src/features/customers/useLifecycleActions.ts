import type { Customer } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';

/** Activation refused for missing KYC requirements (the error names them), not for the lifecycle. */
export function isKycRefusal(err: unknown): boolean {
  const info = apiError(err);
  return info.code === 'PRECONDITION_FAILED' && info.missingRequirements !== undefined;
}

/** Every status change refreshes the record, the lists, the stats and the timeline. */
export function useLifecycleActions(customer: Customer) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();

  const refresh = async (updated?: Customer) => {
    if (updated) queryClient.setQueryData(trpc.customers.byId.queryKey({ id: updated.id }), updated);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.stats.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
  };

  /** A refusal because the record moved on (status changed, edited elsewhere): show what it is now. */
  const refreshStale = async (err: unknown) => {
    const code = apiError(err).code;
    if (code === 'PRECONDITION_FAILED' || code === 'CONFLICT' || code === 'NOT_FOUND') {
      await queryClient.invalidateQueries({ queryKey: trpc.customers.byId.queryKey({ id: customer.id }) });
    }
  };

  const activate = useMutation(
    trpc.customers.activate.mutationOptions({
      onSuccess: async (c) => {
        toast.success('Customer activated', c.displayName);
        await refresh(c);
      },
      onError: async (err) => {
        // Missing KYC requirements are explained on the page itself; any other refusal in a toast.
        if (!isKycRefusal(err)) toast.error('Not activated', apiError(err).message);
        await refreshStale(err);
      },
    }),
  );
  const suspend = useMutation(
    trpc.customers.suspend.mutationOptions({
      onSuccess: async (c) => {
        toast.success('Customer suspended', c.displayName);
        await refresh(c);
      },
      onError: refreshStale,
    }),
  );
  const close = useMutation(
    trpc.customers.close.mutationOptions({
      onSuccess: async (c) => {
        toast.success('Customer closed', c.displayName);
        await refresh(c);
      },
      onError: refreshStale,
    }),
  );
  const remove = useMutation(
    trpc.customers.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Customer deleted', `${customer.displayName} was moved to the deleted customers.`);
        queryClient.removeQueries({ queryKey: trpc.customers.byId.queryKey({ id: customer.id }) });
        await refresh();
        await navigate('/customers');
      },
      onError: (err) => toast.error('Not deleted', apiError(err).message),
    }),
  );
  const restore = useMutation(
    trpc.customers.restore.mutationOptions({
      onSuccess: async (c) => {
        toast.success('Customer restored', c.displayName);
        await refresh(c);
      },
      onError: async (err) => {
        toast.error('Not restored', apiError(err).message);
        await refreshStale(err);
      },
    }),
  );

  return { activate, suspend, close, remove, restore };
}
