import { type Customer, holdReason, PRIVACY_RECORD_LABELS, type PrivacyStatus } from '@cm/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button, buttonClass } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { Field, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { ReasonDialog } from '../../components/ReasonDialog';
import { LoadingBlock } from '../../components/Skeleton';
import { Alert, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';

const day = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    : '—';

const HELD_WHY = {
  retention: (until: string | null) => `kept until ${day(until)} (retention period)`,
  hold: () => 'kept while the legal hold is in place',
  relationship: () => 'kept while the customer relationship lasts',
} as const;

/** The Privacy tab (admin): retention, legal hold, what an erasure would do, export and erasure. */
export function CustomerPrivacyTab({ customer }: { customer: Customer }) {
  const status = useQuery(trpc.privacy.status.queryOptions({ customerId: customer.id }));
  if (status.isPending) return <LoadingBlock label="Loading privacy status…" lines={4} />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  return <PrivacyPanel customer={customer} status={status.data} />;
}

function PrivacyPanel({ customer, status }: { customer: Customer; status: PrivacyStatus }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [dialog, setDialog] = useState<'place' | 'lift' | 'erase' | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.privacy.status.queryKey({ customerId: customer.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() }),
    ]);
  const place = useMutation(
    trpc.privacy.placeHold.mutationOptions({
      onSuccess: async () => {
        setDialog(null);
        toast.success('Legal hold placed');
        await refresh();
      },
    }),
  );
  const lift = useMutation(
    trpc.privacy.liftHold.mutationOptions({
      onSuccess: async () => {
        setDialog(null);
        toast.success('Legal hold lifted');
        await refresh();
      },
    }),
  );
  const { hold, erasure } = status;

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Retention"
          description={`KYC records are kept ${status.retentionYears} years after the customer is closed or deleted.`}
        />
        <dl className="grid gap-3 px-5 py-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Keep KYC records until</dt>
            <dd className="font-medium text-slate-900">
              {status.retainUntil ? day(status.retainUntil) : 'Relationship not ended yet'}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Erasure</dt>
            <dd className="font-medium text-slate-900">
              {status.erasedAt ? `Erased on ${day(status.erasedAt)}` : 'Not requested'}
              {status.kycErasedAt ? `; KYC records erased on ${day(status.kycErasedAt)}` : ''}
            </dd>
          </div>
        </dl>
      </Card>

      <Card>
        <CardHeader
          title="Legal hold"
          description="A hold keeps every record, whatever the retention period, until it is lifted."
          actions={
            hold ? (
              <Button onClick={() => setDialog('lift')}>Lift hold</Button>
            ) : (
              <Button onClick={() => setDialog('place')}>Place hold</Button>
            )
          }
        />
        <div className="px-5 py-4 text-sm">
          {hold ? (
            <Alert tone="amber" title="On legal hold">
              <p className="whitespace-pre-wrap break-words">{hold.reason}</p>
              <p className="mt-1 text-xs">
                Placed {day(hold.placedAt)}
                {hold.placedByName ? ` by ${hold.placedByName}` : ''}
              </p>
            </Alert>
          ) : (
            <p className="text-slate-600">No legal hold.</p>
          )}
        </div>
      </Card>

      <Card>
        <CardHeader title="What an erasure would do" description="From the records held about this customer now." />
        <div className="grid gap-4 px-5 py-4 text-sm sm:grid-cols-2">
          <section aria-labelledby="erase-now">
            <h3 id="erase-now" className="font-semibold text-slate-900">
              Erased at once
            </h3>
            {erasure.erasableNow.length ? (
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-700">
                {erasure.erasableNow.map((e) => (
                  <li key={e.kind}>
                    {PRIVACY_RECORD_LABELS[e.kind]} ({e.count})
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-slate-600">Nothing.</p>
            )}
          </section>
          <section aria-labelledby="erase-later">
            <h3 id="erase-later" className="font-semibold text-slate-900">
              Kept for now
            </h3>
            {erasure.heldUntil.length ? (
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-700">
                {erasure.heldUntil.map((h) => (
                  <li key={h.kind}>
                    {PRIVACY_RECORD_LABELS[h.kind]} ({h.count}): {HELD_WHY[h.reason](h.until)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-slate-600">Nothing.</p>
            )}
          </section>
        </div>
        {erasure.refusal && (
          <p className="px-5 pb-4 text-sm text-slate-600" id="erasure-refusal">
            {erasure.refusal}
          </p>
        )}
        <div className="flex flex-wrap gap-2 border-t border-slate-100 px-5 py-4">
          <a className={buttonClass('secondary')} href={`/api/customers/${customer.id}/export.zip`} download>
            Export data
          </a>
          <Button
            variant="danger"
            onClick={() => setDialog('erase')}
            disabled={!!erasure.refusal}
            aria-describedby={erasure.refusal ? 'erasure-refusal' : undefined}
          >
            Request erasure
          </Button>
        </div>
      </Card>

      <ReasonDialog
        open={dialog === 'place'}
        onOpenChange={(open) => !open && setDialog(null)}
        title="Place a legal hold?"
        description="Nothing about this customer can be erased while the hold is in place."
        confirmLabel="Place hold"
        rule={holdReason}
        hint="Kept with the hold; shown here to administrators."
        busy={place.isPending}
        serverError={place.error ? apiError(place.error).message : undefined}
        onSubmit={(reason) => place.mutate({ customerId: customer.id, reason })}
      />
      <ReasonDialog
        open={dialog === 'lift'}
        onOpenChange={(open) => !open && setDialog(null)}
        title="Lift the legal hold?"
        description="Retention rules apply again once the hold is lifted."
        confirmLabel="Lift hold"
        rule={holdReason}
        hint="Kept with the hold's history."
        busy={lift.isPending}
        serverError={lift.error ? apiError(lift.error).message : undefined}
        onSubmit={(reason) => lift.mutate({ customerId: customer.id, reason })}
      />
      <ErasureDialog
        open={dialog === 'erase'}
        onOpenChange={(open) => !open && setDialog(null)}
        customer={customer}
        status={status}
        onDone={refresh}
      />
    </div>
  );
}

function ErasureDialog({
  open,
  onOpenChange,
  customer,
  status,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  customer: Customer;
  status: PrivacyStatus;
  onDone: () => Promise<unknown>;
}) {
  const id = useId();
  const toast = useToast();
  const [confirm, setConfirm] = useState('');
  const erase = useMutation(
    trpc.privacy.requestErasure.mutationOptions({
      onSuccess: async () => {
        onOpenChange(false);
        toast.success('Personal data erased');
        await onDone();
      },
    }),
  );
  useEffect(() => {
    if (open) {
      setConfirm('');
      erase.reset();
    }
  }, [open, erase.reset]);
  const matches = confirm.trim().toUpperCase() === customer.customerNumber;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (matches) erase.mutate({ customerId: customer.id, confirm: confirm.trim() });
  };
  const kept = status.erasure.heldUntil;
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Erase this customer's personal data?"
      description="This cannot be undone."
      dirty={confirm !== ''}
    >
      <form onSubmit={submit} noValidate className="space-y-3 text-sm text-slate-700">
        <p>
          The name, email, phone, address and date of birth are replaced by “[erased]”; notes, customer documents,
          ticket messages and attachments and the customer's portal logins are erased now. The customer number{' '}
          <strong>{customer.customerNumber}</strong> stays so records still reconcile.
        </p>
        {kept.length > 0 && (
          <ul className="list-disc pl-5">
            {kept.map((h) => (
              <li key={h.kind}>
                {PRIVACY_RECORD_LABELS[h.kind]}: {HELD_WHY[h.reason](h.until)}, then erased automatically.
              </li>
            ))}
          </ul>
        )}
        <Field
          id={`${id}-confirm`}
          label={`Type ${customer.customerNumber} to confirm`}
          required
          error={erase.error ? apiError(erase.error).message : undefined}
        >
          {(control) => (
            <TextInput
              {...control}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="off"
              autoFocus
            />
          )}
        </Field>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="danger" busy={erase.isPending} disabled={!matches}>
            Erase personal data
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
