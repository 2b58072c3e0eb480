import { allowedStaffTransitions, can, TICKET_STATUSES, type Ticket, type TicketStatus } from '@cm/domain';
import { useMutation } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '../../components/Button';
import { SelectControl } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpcClient } from '../../lib/trpc';
import { sessionLost, useSessionUser } from '../auth/session';
import { statusLabel, useTicketsRefresh } from './ticketModel';
import type { StaffMember } from './useStaffDirectory';

const ME = '__me__';
const NOBODY = '__nobody__';
const BATCH = 10;

type BulkChange =
  | { kind: 'assign'; assigneeId: string | null; label: string }
  | { kind: 'status'; status: TicketStatus };

interface Outcome {
  ok: string[];
  failed: { ticket: Ticket; message: string }[];
}

const plural = (n: number, word = 'ticket') => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Changes every selected ticket at once, each with its own version: one toast says how many
 * changed and why the others did not (someone else changed them, a transition not allowed…).
 */
export function TicketBulkBar({
  tickets,
  staff,
  onDone,
  onClear,
}: {
  tickets: readonly Ticket[];
  staff: readonly StaffMember[];
  /** Ids that changed; the others stay selected so they can be looked at. */
  onDone: (changedIds: string[]) => void;
  onClear: () => void;
}) {
  const id = useId();
  const user = useSessionUser();
  const toast = useToast();
  const refresh = useTicketsRefresh();
  // The menus are actions, not settings: after each run they show their prompt again.
  const [round, setRound] = useState(0);

  const run = useMutation({
    mutationFn: async (change: BulkChange): Promise<Outcome> => {
      const outcome: Outcome = { ok: [], failed: [] };
      const one = async (t: Ticket) => {
        if (change.kind === 'status' && !allowedStaffTransitions(t.status, user.role).includes(change.status)) {
          const to = statusLabel(change.status).toLowerCase();
          throw new Error(
            t.status === change.status ? `already ${to}` : `${statusLabel(t.status)} cannot become ${to}`,
          );
        }
        return change.kind === 'assign'
          ? trpcClient.tickets.assign.mutate({ id: t.id, version: t.version, assigneeId: change.assigneeId })
          : trpcClient.tickets.setStatus.mutate({ id: t.id, version: t.version, status: change.status });
      };
      // Calls made together travel as one batch, and the API takes at most 20 per batch.
      const results: PromiseSettledResult<unknown>[] = [];
      for (let i = 0; i < tickets.length; i += BATCH) {
        results.push(...(await Promise.allSettled(tickets.slice(i, i + BATCH).map(one))));
      }
      results.forEach((r, i) => {
        const ticket = tickets[i] as Ticket;
        if (r.status === 'fulfilled') outcome.ok.push(ticket.id);
        else {
          const info = apiError(r.reason);
          if (info.code === 'UNAUTHORIZED') sessionLost();
          const message =
            info.code === 'CONFLICT' ? 'someone else changed it in the meantime' : info.message.replace(/\.$/, '');
          outcome.failed.push({ ticket, message });
        }
      });
      return outcome;
    },
    onSuccess: async (outcome, change) => {
      const what =
        change.kind === 'assign'
          ? change.assigneeId
            ? `assigned to ${change.label}`
            : 'unassigned'
          : `set to ${statusLabel(change.status).toLowerCase()}`;
      if (outcome.failed.length === 0) {
        toast.success(`${plural(outcome.ok.length)} ${what}`);
      } else {
        const reasons = outcome.failed
          .slice(0, 3)
          .map((f) => `${f.ticket.ticketNumber}: ${f.message}`)
          .join('; ');
        const more = outcome.failed.length > 3 ? ` and ${outcome.failed.length - 3} more` : '';
        toast.error(
          `${outcome.ok.length} of ${plural(tickets.length)} ${what}, ${outcome.failed.length} failed`,
          `${reasons}${more}.`,
        );
      }
      onDone(outcome.ok);
      await refresh();
    },
    onSettled: () => setRound((r) => r + 1),
  });

  const assignOptions = [
    { value: ME, label: 'Me' },
    { value: NOBODY, label: 'Nobody (unassign)' },
    ...staff.filter((s) => s.id !== user.id).map((s) => ({ value: s.id, label: s.name })),
  ];
  const possible = new Set(tickets.flatMap((t) => allowedStaffTransitions(t.status, user.role)));
  const statusOptions = TICKET_STATUSES.filter((s) => possible.has(s)).map((s) => ({
    value: s,
    label: statusLabel(s),
  }));

  const assign = (value: string) => {
    if (value === ME) run.mutate({ kind: 'assign', assigneeId: user.id, label: 'you' });
    else if (value === NOBODY) run.mutate({ kind: 'assign', assigneeId: null, label: '' });
    else run.mutate({ kind: 'assign', assigneeId: value, label: staff.find((s) => s.id === value)?.name ?? 'them' });
  };

  return (
    <section
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-3 border-b border-indigo-100 bg-indigo-50/70 px-4 py-3 sm:px-5"
      data-testid="bulk-bar"
    >
      <p className="text-sm font-medium text-indigo-950" aria-live="polite">
        {plural(tickets.length)} selected
      </p>
      <div className="flex flex-1 flex-wrap items-center gap-2">
        {can(user.role, 'tickets:assign') && (
          <div className="w-full sm:w-48">
            <label htmlFor={`${id}-assign`} className="sr-only">
              Assign the selected tickets to
            </label>
            <SelectControl
              key={round}
              control={{ id: `${id}-assign` }}
              value=""
              onValueChange={assign}
              options={assignOptions}
              placeholder="Assign to…"
              disabled={run.isPending}
            />
          </div>
        )}
        {can(user.role, 'tickets:edit') && statusOptions.length > 0 && (
          <div className="w-full sm:w-52">
            <label htmlFor={`${id}-status`} className="sr-only">
              Change the status of the selected tickets to
            </label>
            <SelectControl
              key={round}
              control={{ id: `${id}-status` }}
              value=""
              onValueChange={(v) => run.mutate({ kind: 'status', status: v as TicketStatus })}
              options={statusOptions}
              placeholder="Change status…"
              disabled={run.isPending}
            />
          </div>
        )}
        {run.isPending && <span className="text-sm text-indigo-900">Applying…</span>}
      </div>
      <Button size="sm" variant="ghost" onClick={onClear} disabled={run.isPending}>
        <X className="size-4" aria-hidden="true" /> Clear selection
      </Button>
    </section>
  );
}
