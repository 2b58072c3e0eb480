import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { Alert } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { CustomerForm } from './CustomerForm';
import { customerPath } from './CustomerTable';
import { changedFields, EMPTY_CUSTOMER, payloadOf, serverFieldErrors } from './customerFormModel';
import { useCustomerForm } from './useCustomerForm';

export function CustomerCreatePage() {
  useDocumentTitle('New customer');
  const idPrefix = useId();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const form = useCustomerForm(EMPTY_CUSTOMER);
  const dirty = changedFields(EMPTY_CUSTOMER, form.values).length > 0;
  const guard = useUnsavedChangesGuard(dirty);

  const create = useMutation(
    trpc.customers.create.mutationOptions({
      onSuccess: async (customer) => {
        toast.success('Customer created', `${customer.displayName} (${customer.customerNumber})`);
        await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
        guard.allowNextNavigation();
        await navigate(customerPath(customer));
      },
      onError: (err) => {
        const info = apiError(err);
        const { errors } = serverFieldErrors(info.fieldErrors);
        if (Object.keys(errors).length) form.showServerErrors(errors);
        else toast.error('The customer was not created', info.message);
      },
    }),
  );

  const error = create.error ? apiError(create.error) : null;
  const otherErrors = error ? serverFieldErrors(error.fieldErrors).other : [];

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/customers" className="hover:text-slate-900">
            Customers
          </Link>
        }
        title="New customer"
        description="Fields marked * are required. The customer starts as pending until KYC is verified."
      />
      <div className="max-w-3xl">
        <CustomerForm
          idPrefix={idPrefix}
          values={form.values}
          errors={form.errors}
          onChange={form.setField}
          onSubmit={() => {
            if (form.check()) create.mutate(payloadOf(form.values));
          }}
          banner={
            error && (Object.keys(error.fieldErrors).length > 0 || otherErrors.length > 0) ? (
              <Alert title="Some fields need attention">
                {otherErrors.length > 0 ? otherErrors.join(' ') : 'See the highlighted fields below.'}
              </Alert>
            ) : null
          }
          footer={
            <>
              <Link to="/customers" className={buttonClass('secondary')}>
                Cancel
              </Link>
              <Button type="submit" variant="primary" busy={create.isPending}>
                Create customer
              </Button>
            </>
          }
        />
      </div>
      {guard.dialog}
    </>
  );
}
