import { mayCall, TICKET_SUBJECT_MAX, type TicketPriority, type TicketType, ticketCreateInput } from '@cm/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/Button';
import { Field, TextArea, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { ANY, SelectControl } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { apiError, type FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';
import { CustomerPicker, type PickedCustomer } from '../users/CustomerPicker';
import { bodyCounter, PRIORITY_OPTIONS, TYPE_OPTIONS, ticketPath, useTicketsRefresh } from './ticketModel';
import { useStaffDirectory } from './useStaffDirectory';

interface Draft {
  customer: PickedCustomer | null;
  subject: string;
  type: TicketType | '';
  priority: TicketPriority;
  groupId: string;
  assigneeId: string;
  body: string;
}

/** A customer note a ticket is made from: it prefills the subject and the first message. */
export interface SourceNote {
  id: string;
  title: string | null;
  content: string;
}

const blank = (customer: PickedCustomer | null, note?: SourceNote): Draft => ({
  customer,
  subject: note ? (note.title ?? note.content.split('\n')[0] ?? '').slice(0, TICKET_SUBJECT_MAX) : '',
  type: note ? 'request' : '',
  priority: 'normal',
  groupId: ANY,
  assigneeId: ANY,
  body: note?.content ?? '',
});

function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] = [...(errors[field] ?? []), issue.message];
  }
  return errors;
}

/**
 * Opens a ticket for a customer: who it is about, what it is, who handles it, and the first
 * public message. From a customer's page the customer is already chosen.
 */
export function NewTicketDialog({
  open,
  onOpenChange,
  customer,
  fromNote,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Fixed customer (opened from the customer's page). */
  customer?: PickedCustomer;
  /** The note this ticket is made from (linked both ways). */
  fromNote?: SourceNote;
}) {
  const id = useId();
  const user = useSessionUser();
  const toast = useToast();
  const navigate = useNavigate();
  const refresh = useTicketsRefresh();
  const [draft, setDraft] = useState<Draft>(() => blank(customer ?? null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { staff } = useStaffDirectory();
  const groups = useQuery(
    trpc.ticketGroups.list.queryOptions(undefined, {
      enabled: open && mayCall(user.role, 'ticketGroups.list'),
      staleTime: 5 * 60_000,
    }),
  );

  const customerRef = useRef(customer);
  customerRef.current = customer;
  const noteRef = useRef(fromNote);
  noteRef.current = fromNote;
  // Each opening starts from a clean form (with the page's customer and note, if any).
  useEffect(() => {
    if (open) {
      setDraft(blank(customerRef.current ?? null, noteRef.current));
      setErrors({});
    }
  }, [open]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    const field = key === 'customer' ? 'customerId' : key;
    if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
  };

  const create = useMutation(
    trpc.tickets.create.mutationOptions({
      onSuccess: async (ticket) => {
        toast.success(`Ticket ${ticket.ticketNumber} created`, ticket.subject);
        onOpenChange(false);
        await navigate(ticketPath(ticket));
        await refresh();
      },
      onError: (err) => {
        const info = apiError(err);
        if (Object.keys(info.fieldErrors).length > 0) setErrors(info.fieldErrors);
        else setErrors({ form: [info.message] });
      },
    }),
  );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.isPending) return;
    const parsed = ticketCreateInput.safeParse({
      customerId: draft.customer?.id ?? '',
      subject: draft.subject,
      type: draft.type || undefined,
      priority: draft.priority,
      groupId: draft.groupId === ANY ? null : draft.groupId,
      assigneeId: draft.assigneeId === ANY ? null : draft.assigneeId,
      body: draft.body,
      fromNoteId: fromNote?.id,
    });
    if (!parsed.success) {
      const found = fieldErrorsOf(parsed.error.issues);
      if (found.customerId) found.customerId = ['Choose the customer this ticket is about.'];
      setErrors(found);
      // Focus goes to the first field to fix, once its message is on screen.
      const form = e.currentTarget;
      setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const dirty = Boolean(draft.subject.trim() || draft.body.trim() || (!customer && draft.customer));
  const groupOptions = [
    { value: ANY, label: 'No queue' },
    ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
  ];
  const assigneeOptions = [
    { value: ANY, label: 'Unassigned' },
    ...staff.map((s) => ({ value: s.id, label: s.id === user.id ? `${s.name} (me)` : s.name })),
  ];

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="New ticket"
      description={customer ? `For ${customer.displayName} · ${customer.customerNumber}` : undefined}
      size="lg"
      dirty={dirty}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {errors.form && (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {errors.form[0]}
          </p>
        )}
        {!customer && (
          <Field id={`${id}-customer`} label="Customer" required error={errors.customerId}>
            {(control) => (
              <CustomerPicker control={control} value={draft.customer} onChange={(c) => set('customer', c)} />
            )}
          </Field>
        )}
        <Field id={`${id}-subject`} label="Subject" required error={errors.subject}>
          {(control) => (
            <TextInput
              {...control}
              value={draft.subject}
              maxLength={TICKET_SUBJECT_MAX}
              onChange={(e) => set('subject', e.target.value)}
              autoFocus={Boolean(customer)}
            />
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-type`} label="Type" required error={errors.type}>
            {(control) => (
              <SelectControl
                control={control}
                value={draft.type}
                onValueChange={(v) => set('type', v as TicketType)}
                options={TYPE_OPTIONS}
                placeholder="Choose a type"
              />
            )}
          </Field>
          <Field id={`${id}-priority`} label="Priority" error={errors.priority}>
            {(control) => (
              <SelectControl
                control={control}
                value={draft.priority}
                onValueChange={(v) => set('priority', v as TicketPriority)}
                options={PRIORITY_OPTIONS}
              />
            )}
          </Field>
          <Field id={`${id}-queue`} label="Queue" error={errors.groupId}>
            {(control) => (
              <SelectControl
                control={control}
                value={draft.groupId}
                onValueChange={(v) => set('groupId', v)}
                options={groupOptions}
              />
            )}
          </Field>
          <Field id={`${id}-assignee`} label="Assignee" error={errors.assigneeId}>
            {(control) => (
              <SelectControl
                control={control}
                value={draft.assigneeId}
                onValueChange={(v) => set('assigneeId', v)}
                options={assigneeOptions}
              />
            )}
          </Field>
        </div>
        <Field
          id={`${id}-body`}
          label="First message"
          required
          error={errors.body}
          hint={`The customer sees this message. ${bodyCounter(draft.body.length)} characters.`}
        >
          {(control) => (
            <TextArea {...control} rows={5} value={draft.body} onChange={(e) => set('body', e.target.value)} />
          )}
        </Field>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create ticket
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
