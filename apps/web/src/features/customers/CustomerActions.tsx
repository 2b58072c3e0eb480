import { type Customer, can, canTransition, mayCall, type Role } from '@cm/domain';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useQuery } from '@tanstack/react-query';
import { Ban, CheckCircle2, MoreHorizontal, PauseCircle, Pencil, Trash2 } from 'lucide-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { LazyConfirmDialog, LazyReasonDialog } from '../../components/lazyDialogs';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { KYC_FOR_ACTIVATION_STALE_MS } from './customerPrefetch';
import type { useLifecycleActions } from './useLifecycleActions';

type Actions = ReturnType<typeof useLifecycleActions>;

/** What this role may do with a customer in this status (the API enforces the same rules). */
export function allowedActions(role: Role, c: Customer) {
  return {
    edit: can(role, 'customers:edit'),
    activate: can(role, 'customers:activate') && canTransition(c.status, 'activate'),
    suspend: can(role, 'customers:suspend') && canTransition(c.status, 'suspend'),
    // Closing is final, so the API keeps it to administrators.
    close: mayCall(role, 'customers.close') && canTransition(c.status, 'close'),
    delete: can(role, 'customers:delete'),
  };
}

const itemClass =
  'flex cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm outline-none data-[highlighted]:bg-slate-100';

export function CustomerActions({ customer, role, actions }: { customer: Customer; role: Role; actions: Actions }) {
  const allowed = allowedActions(role, customer);
  const [dialog, setDialog] = useState<'suspend' | 'close' | 'delete' | null>(null);
  const reasonId = useId();
  // Activation needs every KYC requirement met: say which are not, instead of a button that can only fail.
  const kyc = useQuery(
    trpc.kyc.status.queryOptions(
      { customerId: customer.id },
      { enabled: allowed.activate && can(role, 'kyc:view'), staleTime: KYC_FOR_ACTIVATION_STALE_MS },
    ),
  );
  const missing = allowed.activate ? (kyc.data?.missing ?? []) : [];
  const closeDialog = () => {
    setDialog(null);
    actions.suspend.reset();
    actions.close.reset();
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      {allowed.edit && (
        <Link to={`/customers/${customer.id}/edit`} className={buttonClass('secondary')}>
          <Pencil className="size-4" aria-hidden="true" /> Edit
        </Link>
      )}
      {allowed.suspend && (
        <Button onClick={() => setDialog('suspend')}>
          <PauseCircle className="size-4" aria-hidden="true" /> Suspend
        </Button>
      )}
      {allowed.activate && (
        <Button
          variant="primary"
          busy={actions.activate.isPending}
          disabled={missing.length > 0}
          aria-describedby={missing.length > 0 ? reasonId : undefined}
          onClick={() => actions.activate.mutate({ id: customer.id })}
        >
          <CheckCircle2 className="size-4" aria-hidden="true" /> Activate
        </Button>
      )}
      {missing.length > 0 && (
        <p id={reasonId} className="w-full text-xs text-slate-600 sm:order-last" data-testid="activate-blocked">
          Activation needs KYC: {missing.map((m) => `${m.label} (${m.reason})`).join(', ')}.
        </p>
      )}
      {(allowed.close || allowed.delete) && (
        <DropdownMenu.Root>
          <DropdownMenu.Trigger className={buttonClass('secondary', 'md', 'px-2.5')} aria-label="More actions">
            <MoreHorizontal className="size-4" aria-hidden="true" />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              align="end"
              sideOffset={6}
              className="z-50 min-w-48 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
            >
              {allowed.close && (
                <DropdownMenu.Item className={`${itemClass} text-slate-700`} onSelect={() => setDialog('close')}>
                  <Ban className="size-4" aria-hidden="true" /> Close customer…
                </DropdownMenu.Item>
              )}
              {allowed.delete && (
                <DropdownMenu.Item className={`${itemClass} text-rose-700`} onSelect={() => setDialog('delete')}>
                  <Trash2 className="size-4" aria-hidden="true" /> Delete customer…
                </DropdownMenu.Item>
              )}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      )}

      <LazyReasonDialog
        open={dialog === 'suspend'}
        onOpenChange={(open) => !open && closeDialog()}
        title={`Suspend ${customer.displayName}?`}
        description="A suspended customer can be activated again later."
        confirmLabel="Suspend customer"
        busy={actions.suspend.isPending}
        serverError={actions.suspend.error ? apiError(actions.suspend.error).message : undefined}
        onSubmit={(reason) => actions.suspend.mutate({ id: customer.id, reason }, { onSuccess: closeDialog })}
      />
      <LazyReasonDialog
        open={dialog === 'close'}
        onOpenChange={(open) => !open && closeDialog()}
        title={`Close ${customer.displayName}?`}
        description="Closing is final: a closed customer cannot be activated again."
        confirmLabel="Close customer"
        tone="danger"
        busy={actions.close.isPending}
        serverError={actions.close.error ? apiError(actions.close.error).message : undefined}
        onSubmit={(reason) => actions.close.mutate({ id: customer.id, reason }, { onSuccess: closeDialog })}
      />
      <LazyConfirmDialog
        open={dialog === 'delete'}
        onOpenChange={(open) => !open && closeDialog()}
        title={`Delete ${customer.displayName}?`}
        description="The customer disappears from lists and searches. An administrator can restore it from “Show deleted” on the customer list."
        confirmLabel="Delete customer"
        busy={actions.remove.isPending}
        onConfirm={() => actions.remove.mutate({ id: customer.id })}
      />
    </div>
  );
}
