import { TICKET_PRIORITY_LABELS, type Ticket, type TicketPriority, type TicketStatus } from '@cm/domain';
import { AlertTriangle, CheckCircle2, Clock, PauseCircle } from 'lucide-react';
import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../lib/format';
import { PRIORITY_TONE, runningDue, SLA_TONE, STATUS_TONE, slaLabel, slaText, statusLabel } from './ticketModel';

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {statusLabel(status)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <Badge tone={PRIORITY_TONE[priority]}>{TICKET_PRIORITY_LABELS[priority]}</Badge>;
}

const SLA_ICON = {
  on_track: Clock,
  due_soon: Clock,
  breached: AlertTriangle,
  paused: PauseCircle,
  met: CheckCircle2,
} as const;

/** The running SLA clock as a badge: time left, how late, paused or met; coloured by SLA state. */
export function SlaBadge({ ticket, now }: { ticket: Ticket; now: number }) {
  const state = ticket.slaState ?? 'on_track';
  const Icon = SLA_ICON[state];
  const { target, dueAt } = runningDue(ticket);
  const clock = target === 'first_response' ? 'First response' : 'Resolution';
  const text = slaText(ticket, now);
  const title = dueAt ? `${slaLabel(state)} · ${clock} due ${formatDateTime(dueAt)}` : slaLabel(state);
  return (
    <span title={title} data-testid="sla-badge" data-sla-state={state}>
      <Badge tone={SLA_TONE[state]}>
        <Icon className="size-3" aria-hidden="true" />
        <span className="tabular-nums">{text}</span>
        {text !== slaLabel(state) && <span className="sr-only"> ({slaLabel(state)})</span>}
      </Badge>
    </span>
  );
}
