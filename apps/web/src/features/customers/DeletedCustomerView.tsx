import { type Customer, can } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { CustomerProfileTab } from './CustomerProfileTab';

/** A soft-deleted customer (reachable from "Show deleted"): read-only, with Restore for admins. */
export function DeletedCustomerView({ customer }: { customer: Customer }) {
  useDocumentTitle(`${customer.displayName} (deleted)`);
  const user = useSessionUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.customers.restore.mutationOptions({
      onSuccess: async (c) => {
        toast.success('Customer restored', c.displayName);
        queryClient.setQueryData(trpc.customers.byId.queryKey({ id: c.id }), c);
        await queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.customers.stats.pathKey() });
      },
      onError: (err) => toast.error('Not restored', apiError(err).message),
    }),
  );
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/customers?deleted=1" className="hover:text-slate-900">
            Customers
          </Link>
        }
        title={customer.displayName}
        description={<span className="font-mono text-xs text-slate-500">{customer.customerNumber}</span>}
        actions={
          can(user.role, 'customers:delete') && (
            <Button variant="primary" busy={restore.isPending} onClick={() => restore.mutate({ id: customer.id })}>
              <RotateCcw className="size-4" aria-hidden="true" /> Restore customer
            </Button>
          )
        }
      />
      <div role="status" className="mb-6 rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900">
        <p className="font-semibold">This customer is deleted</p>
        <p className="mt-0.5">
          Deleted {formatDateTime(customer.deletedAt)}. It is hidden from lists and searches until an administrator
          restores it.
        </p>
      </div>
      <CustomerProfileTab customer={customer} />
    </>
  );
}
