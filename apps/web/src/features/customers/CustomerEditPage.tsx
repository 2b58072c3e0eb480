import type { Customer } from '@cm/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { Alert, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { ConflictNotice, ReconciledNotice } from './ConflictNotice';
import { CustomerForm } from './CustomerForm';
import { CustomerNotFound } from './CustomerNotFound';
import { customerPath } from './CustomerTable';
import { type Reconciliation, reconcile } from './conflict';
import { type CustomerField, changedFields, serverFieldErrors, updatePayload, valuesOf } from './customerFormModel';
import { useCustomerForm } from './useCustomerForm';

export function CustomerEditPage() {
  const { id = '' } = useParams();
  const customer = useQuery(trpc.customers.byId.queryOptions({ id }, { staleTime: 0 }));
  useDocumentTitle(customer.data ? `Edit ${customer.data.displayName}` : 'Edit customer');
  if (customer.isPending) return <LoadingBlock label="Loading customer…" lines={8} />;
  // A failed refresh (e.g. "Reload latest" after a conflict) must not replace the editor and its typed values.
  if (customer.isError && !customer.data) {
    return apiError(customer.error).code === 'NOT_FOUND' ? (
      <CustomerNotFound />
    ) : (
      <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />
    );
  }
  // Keyed by id: the editor's state belongs to one customer and starts from what was loaded.
  return <CustomerEditor key={customer.data.id} loaded={customer.data} />;
}

function CustomerEditor({ loaded }: { loaded: Customer }) {
  const idPrefix = useId();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const form = useCustomerForm(valuesOf(loaded));
  /** The record as last read from the server: its version is what the next save carries. */
  const [base, setBase] = useState(loaded);
  const [conflict, setConflict] = useState(false);
  const [reconciliation, setReconciliation] = useState<Reconciliation | null>(null);
  const [reloading, setReloading] = useState(false);
  const dirty = changedFields(valuesOf(base), form.values).length > 0;
  const guard = useUnsavedChangesGuard(dirty);

  const update = useMutation(
    trpc.customers.update.mutationOptions({
      onSuccess: async (saved) => {
        queryClient.setQueryData(trpc.customers.byId.queryKey({ id: saved.id }), saved);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.customers.stats.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
        ]);
        toast.success('Changes saved', saved.displayName);
        guard.allowNextNavigation();
        await navigate(customerPath(saved));
      },
      onError: (err) => {
        const info = apiError(err);
        const { errors } = serverFieldErrors(info.fieldErrors);
        if (Object.keys(errors).length) {
          form.showServerErrors(errors);
        } else if (info.code === 'CONFLICT') {
          setConflict(true);
          setReconciliation(null);
        } else {
          toast.error('Changes not saved', info.message);
        }
      },
    }),
  );

  const save = () => {
    if (!form.check()) return;
    if (!dirty) {
      toast.info('Nothing to save', 'No field has changed.');
      return;
    }
    const payload = updatePayload(base, form.values);
    if (!payload.ok) {
      form.showServerErrors(payload.errors);
      return;
    }
    update.mutate(payload.input);
  };

  const reloadLatest = async () => {
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery(trpc.customers.byId.queryOptions({ id: base.id }, { staleTime: 0 }));
      const result = reconcile(base, latest, form.values);
      form.setValues(result.values);
      setBase(latest);
      setReconciliation(result);
      setConflict(false);
      update.reset();
    } catch (err) {
      toast.error('Could not load the latest version', apiError(err).message);
    } finally {
      setReloading(false);
    }
  };

  const notes: Partial<Record<CustomerField, string>> = {};
  for (const d of reconciliation?.differences ?? []) notes[d.field] = `Latest saved value: ${d.latest || '(empty)'}.`;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to={customerPath(base)} className="hover:text-slate-900">
            {base.displayName} · {base.customerNumber}
          </Link>
        }
        title="Edit customer"
      />
      <div className="max-w-3xl">
        <CustomerForm
          idPrefix={idPrefix}
          values={form.values}
          errors={form.errors}
          notes={notes}
          onChange={form.setField}
          onSubmit={save}
          banner={
            <>
              {conflict && <ConflictNotice onReload={() => void reloadLatest()} reloading={reloading} />}
              {reconciliation && !conflict && <ReconciledNotice reconciliation={reconciliation} />}
              {update.error && Object.keys(apiError(update.error).fieldErrors).length > 0 && (
                <Alert title="Some fields need attention">See the highlighted fields below.</Alert>
              )}
            </>
          }
          footer={
            <>
              <Link to={customerPath(base)} className={buttonClass('secondary')}>
                Cancel
              </Link>
              <Button type="submit" variant="primary" busy={update.isPending} disabled={conflict}>
                Save changes
              </Button>
            </>
          }
        />
      </div>
      {guard.dialog}
    </>
  );
}
