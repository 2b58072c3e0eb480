import {
  allowedStaffTransitions,
  can,
  KYC_DOCUMENT_TYPE_LABELS,
  KYC_DOCUMENT_TYPES,
  type KycDocumentType,
  mayCall,
  SLA_STATE_LABELS,
  TICKET_TAGS_MAX,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
  ticketTags,
} from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { Plus, X } from 'lucide-react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextInput } from '../../components/Field';
import { ANY, SelectControl } from '../../components/SelectField';
import { Skeleton } from '../../components/Skeleton';
import { apiError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';
import { KycBadge, RiskBadge, StatusBadge } from '../customers/CustomerBadges';
import { SlaBadge } from './TicketBadges';
import { PRIORITY_OPTIONS, statusLabel, TYPE_OPTIONS } from './ticketModel';
import { useStaffDirectory } from './useStaffDirectory';
import type { TicketActions } from './useTicketActions';

function Row({ id, label, children }: { id?: string; label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[5.5rem_minmax(0,1fr)] items-center gap-3">
      {id ? (
        <label htmlFor={id} className="text-sm text-slate-600">
          {label}
        </label>
      ) : (
        <span className="text-sm text-slate-600">{label}</span>
      )}
      <div className="min-w-0">{children}</div>
    </div>
  );
}

function CustomerSummary({ ticket }: { ticket: Ticket }) {
  const customer = useQuery(trpc.customers.byId.queryOptions({ id: ticket.customerId }));
  // A ticket change can come with a customer change (the client's awaited KYC upload reopens the
  // ticket and moves their KYC status): each new version of the ticket refetches the summary too.
  const { refetch } = customer;
  const seenVersion = useRef(ticket.version);
  useEffect(() => {
    if (seenVersion.current === ticket.version) return;
    seenVersion.current = ticket.version;
    void refetch();
  }, [ticket.version, refetch]);
  return (
    <Card>
      <CardHeader title="Customer" />
      <div className="space-y-2 px-5 py-4">
        <Link
          to={`/customers/${ticket.customerId}`}
          className="block font-medium break-words text-slate-900 hover:text-indigo-700"
        >
          {ticket.customerName}
        </Link>
        <p className="font-mono text-xs text-slate-500">{ticket.customerNumber}</p>
        {customer.isPending ? (
          <Skeleton className="h-5 w-48" />
        ) : customer.isError ? (
          <p className="text-sm text-slate-500">
            {apiError(customer.error).code === 'NOT_FOUND'
              ? 'This customer has been deleted.'
              : 'Status, KYC and risk could not be loaded.'}
          </p>
        ) : (
          <div className="flex flex-wrap gap-1.5">
            <StatusBadge status={customer.data.status} />
            <KycBadge status={customer.data.kycStatus} withLabel />
            <RiskBadge level={customer.data.riskLevel} withLabel />
          </div>
        )}
      </div>
    </Card>
  );
}

/** Choosing "waiting for the customer" can name the KYC document the ticket waits for. */
function AwaitingDialog({
  open,
  onOpenChange,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: (documentType: KycDocumentType | null) => void;
}) {
  const id = useId();
  const [documentType, setDocumentType] = useState<string>(ANY);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      tone="primary"
      title="Wait for the customer"
      description="The service-level clocks pause until the customer answers. If you are waiting for a KYC document, the customer's upload of that type reopens the ticket."
      confirmLabel="Set waiting for customer"
      onConfirm={() => onConfirm(documentType === ANY ? null : (documentType as KycDocumentType))}
    >
      <div className="mt-4 space-y-1.5">
        <label htmlFor={`${id}-doc`} className="block text-sm font-medium text-slate-800">
          Awaiting a KYC document <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <SelectControl
          control={{ id: `${id}-doc` }}
          value={documentType}
          onValueChange={setDocumentType}
          options={[
            { value: ANY, label: 'No document, just a reply' },
            ...KYC_DOCUMENT_TYPES.map((t) => ({ value: t, label: KYC_DOCUMENT_TYPE_LABELS[t] })),
          ]}
        />
      </div>
    </ConfirmDialog>
  );
}

function TagsEditor({ ticket, actions, disabled }: { ticket: Ticket; actions: TicketActions; disabled: boolean }) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const tags = ticket.tags ?? [];

  const save = (next: string[]) => {
    const parsed = ticketTags.safeParse(next);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return false;
    }
    setError(undefined);
    actions.update({ tags: parsed.data });
    return true;
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    const words = text.split(/[\s,]+/).filter(Boolean);
    if (words.length === 0) return;
    if (save([...tags, ...words])) setText('');
  };

  return (
    <div>
      {tags.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
          {tags.map((t) => (
            <li key={t}>
              <span className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">
                {t}
                {!disabled && (
                  <button
                    type="button"
                    onClick={() => save(tags.filter((x) => x !== t))}
                    className="rounded-full p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700"
                    aria-label={`Remove tag ${t}`}
                    disabled={actions.pending}
                  >
                    <X className="size-3" aria-hidden="true" />
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No tags</p>
      )}
      {!disabled && tags.length < TICKET_TAGS_MAX && (
        <form onSubmit={add} className="mt-2 flex gap-2" aria-label="Add tags">
          <label htmlFor={`${id}-tag`} className="sr-only">
            New tag
          </label>
          <TextInput
            id={`${id}-tag`}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (error) setError(undefined);
            }}
            placeholder="Add a tag"
            maxLength={100}
            className="h-8"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-tag-error` : undefined}
          />
          <Button type="submit" size="sm" disabled={!text.trim() || actions.pending} aria-label="Add tag">
            <Plus className="size-4" aria-hidden="true" />
          </Button>
        </form>
      )}
      {error && (
        <p id={`${id}-tag-error`} className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}

function SlaClocks({ ticket, now }: { ticket: Ticket; now: number }) {
  const state = ticket.slaState ?? 'on_track';
  return (
    <Card>
      <CardHeader title="Service level" />
      <dl className="space-y-3 px-5 py-4 text-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <dt className="text-slate-600">State</dt>
          <dd>
            <SlaBadge ticket={ticket} now={now} />
          </dd>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <dt className="text-slate-600">First response</dt>
          <dd className="text-right text-slate-900">
            {ticket.firstRespondedAt ? (
              <>
                <Badge tone="green">Met</Badge>{' '}
                <span className="text-xs text-slate-500">{formatDateTime(ticket.firstRespondedAt)}</span>
              </>
            ) : ticket.firstResponseDueAt ? (
              `Due ${formatDateTime(ticket.firstResponseDueAt)}`
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <dt className="text-slate-600">Resolution</dt>
          <dd className="text-right text-slate-900">
            {ticket.solvedAt
              ? `Solved ${formatDateTime(ticket.solvedAt)}`
              : ticket.resolutionDueAt
                ? `Due ${formatDateTime(ticket.resolutionDueAt)}`
                : '—'}
          </dd>
        </div>
        {state === 'paused' && (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            {SLA_STATE_LABELS.paused}: the clocks stand still while the ticket waits for the customer.
          </p>
        )}
      </dl>
    </Card>
  );
}

/** Everything about the ticket besides the conversation: the customer, its fields, and the clocks. */
export function TicketSidePanel({ ticket, actions, now }: { ticket: Ticket; actions: TicketActions; now: number }) {
  const id = useId();
  const user = useSessionUser();
  const [askAwaiting, setAskAwaiting] = useState(false);
  const { staff } = useStaffDirectory([ticket]);
  const groups = useQuery(
    trpc.ticketGroups.list.queryOptions(undefined, {
      enabled: mayCall(user.role, 'ticketGroups.list'),
      staleTime: 5 * 60_000,
    }),
  );
  const closed = ticket.status === 'closed';
  const mayEdit = can(user.role, 'tickets:edit') && !closed;
  const mayAssign = can(user.role, 'tickets:assign') && !closed;
  const next = allowedStaffTransitions(ticket.status, user.role);
  const statusOptions = [ticket.status, ...next].map((s) => ({
    value: s,
    label: s === ticket.status ? `${statusLabel(s)} (current)` : statusLabel(s),
  }));
  const groupOptions = [
    { value: ANY, label: 'No queue' },
    ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
  ];
  // A queue the list does not know (e.g. still loading) shows by its name.
  if (ticket.groupId && !groupOptions.some((o) => o.value === ticket.groupId)) {
    groupOptions.push({ value: ticket.groupId, label: ticket.groupName ?? 'Current queue' });
  }
  const assigneeOptions = [
    { value: ANY, label: 'Unassigned' },
    ...staff.map((s) => ({ value: s.id, label: s.id === user.id ? `${s.name} (me)` : s.name })),
  ];

  const chooseStatus = (value: string) => {
    const status = value as TicketStatus;
    if (status === ticket.status) return;
    if (status === 'pending_customer') setAskAwaiting(true);
    else actions.setStatus({ status });
  };

  return (
    <div className="space-y-4">
      <CustomerSummary ticket={ticket} />
      <Card>
        <CardHeader title="Details" />
        <div className="space-y-3 px-5 py-4">
          <Row id={`${id}-status`} label="Status">
            <SelectControl
              control={{ id: `${id}-status` }}
              value={ticket.status}
              onValueChange={chooseStatus}
              options={statusOptions}
              disabled={!mayEdit || next.length === 0 || actions.pending}
            />
          </Row>
          {ticket.awaiting && (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
              Awaiting the customer's {KYC_DOCUMENT_TYPE_LABELS[ticket.awaiting.documentType].toLowerCase()}; their
              upload reopens the ticket.
            </p>
          )}
          <Row id={`${id}-priority`} label="Priority">
            <SelectControl
              control={{ id: `${id}-priority` }}
              value={ticket.priority}
              onValueChange={(v) => v !== ticket.priority && actions.update({ priority: v as TicketPriority })}
              options={PRIORITY_OPTIONS}
              disabled={!mayEdit || actions.pending}
            />
          </Row>
          <Row id={`${id}-type`} label="Type">
            <SelectControl
              control={{ id: `${id}-type` }}
              value={ticket.type}
              onValueChange={(v) => v !== ticket.type && actions.update({ type: v as TicketType })}
              options={TYPE_OPTIONS}
              disabled={!mayEdit || actions.pending}
            />
          </Row>
          <Row id={`${id}-queue`} label="Queue">
            <SelectControl
              control={{ id: `${id}-queue` }}
              value={ticket.groupId ?? ANY}
              onValueChange={(v) => {
                const groupId = v === ANY ? null : v;
                if (groupId !== (ticket.groupId ?? null)) actions.update({ groupId });
              }}
              options={groupOptions}
              disabled={!mayEdit || actions.pending}
            />
          </Row>
          <Row id={`${id}-assignee`} label="Assignee">
            <SelectControl
              control={{ id: `${id}-assignee` }}
              value={ticket.assigneeId ?? ANY}
              onValueChange={(v) => {
                const assigneeId = v === ANY ? null : v;
                if (assigneeId !== (ticket.assigneeId ?? null)) actions.assign(assigneeId);
              }}
              options={assigneeOptions}
              disabled={!mayAssign || actions.pending}
            />
          </Row>
          {mayAssign && ticket.assigneeId !== user.id && (
            <div className="flex justify-end">
              <Button size="sm" variant="ghost" onClick={() => actions.assign(user.id)} disabled={actions.pending}>
                Assign to me
              </Button>
            </div>
          )}
          <Row label="Tags">
            <TagsEditor ticket={ticket} actions={actions} disabled={!mayEdit} />
          </Row>
          <div className="border-t border-slate-100 pt-3 text-xs text-slate-500">
            Opened {formatDateTime(ticket.createdAt)} via {ticket.channel} · updated {formatDateTime(ticket.updatedAt)}
          </div>
        </div>
      </Card>
      <SlaClocks ticket={ticket} now={now} />
      <AwaitingDialog
        open={askAwaiting}
        onOpenChange={setAskAwaiting}
        onConfirm={(documentType) => {
          setAskAwaiting(false);
          actions.setStatus({
            status: 'pending_customer',
            awaiting: documentType ? { kind: 'kyc_document', documentType } : null,
          });
        }}
      />
    </div>
  );
}
