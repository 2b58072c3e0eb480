import {
  OPEN_TICKET_STATUSES,
  SLA_STATE_LABELS,
  type SlaState,
  TICKET_BODY_MAX,
  TICKET_PRIORITIES,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
  TICKET_TYPES,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '@cm/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Tone } from '../../components/Badge';
import type { Option } from '../../components/SelectField';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';

export const ticketPath = (t: Pick<Ticket, 'id'>) => `/tickets/${t.id}`;
export const ticketMessageUploadUrl = (ticketId: string) => `/api/tickets/${encodeURIComponent(ticketId)}/messages`;
export const ticketAttachmentUrl = (ticketId: string, attachmentId: string) =>
  `/api/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}/download`;

export const PRIORITY_OPTIONS: Option[] = TICKET_PRIORITIES.map((p) => ({
  value: p,
  label: TICKET_PRIORITY_LABELS[p],
}));
export const TYPE_OPTIONS: Option[] = TICKET_TYPES.map((t) => ({ value: t, label: TICKET_TYPE_LABELS[t] }));

export const PRIORITY_TONE: Record<TicketPriority, Tone> = {
  low: 'slate',
  normal: 'sky',
  high: 'orange',
  urgent: 'red',
};

export const STATUS_TONE: Record<TicketStatus, Tone> = {
  new: 'indigo',
  open: 'sky',
  pending_customer: 'amber',
  on_hold: 'orange',
  solved: 'green',
  closed: 'slate',
};

export const SLA_TONE: Record<SlaState, Tone> = {
  on_track: 'green',
  due_soon: 'amber',
  breached: 'red',
  paused: 'slate',
  met: 'green',
};

export const statusLabel = (s: TicketStatus) => TICKET_STATUS_LABELS[s];
export const slaLabel = (s: SlaState) => SLA_STATE_LABELS[s];

export const isOpenStatus = (s: TicketStatus) => (OPEN_TICKET_STATUSES as readonly TicketStatus[]).includes(s);

/** The due time of the clock that is running now: first response until it is met, then resolution. */
export function runningDue(t: Pick<Ticket, 'firstRespondedAt' | 'firstResponseDueAt' | 'resolutionDueAt'>): {
  target: 'first_response' | 'resolution';
  dueAt: string | null;
} {
  return t.firstRespondedAt
    ? { target: 'resolution', dueAt: t.resolutionDueAt ?? null }
    : { target: 'first_response', dueAt: t.firstResponseDueAt ?? null };
}

/** "2h 15m", "3d 4h", "12m": the two largest units, never seconds. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}

/** How the SLA reads on a row: time left on the running clock, how late it is, or its settled state. */
export function slaText(t: Ticket, now: number): string {
  const state = t.slaState ?? 'on_track';
  if (state === 'paused') return 'Paused';
  if (state === 'met') return 'Met';
  if (!isOpenStatus(t.status)) return state === 'breached' ? 'Breached' : slaLabel(state);
  const { dueAt } = runningDue(t);
  if (!dueAt) return slaLabel(state);
  const left = new Date(dueAt).getTime() - now;
  if (left <= 0) return `Overdue ${formatDuration(left)}`;
  return `${formatDuration(left)} left`;
}

export const bodyCounter = (length: number) => `${formatNumber(length)} / ${formatNumber(TICKET_BODY_MAX)}`;

/** Every ticket list, the ticket itself, its thread and the figures. */
export function useTicketsRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]),
    [queryClient],
  );
}

/** Ctrl+Enter or Cmd+Enter. */
export function isSubmitShortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean }) {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "just now", "5m ago", "3h ago", "2d ago", then the date: short enough for a table cell. */
export function formatAgo(iso: string, now: number): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  if (minutes < 1440) return `${Math.floor(minutes / 60)}h ago`;
  if (minutes < 30 * 1440) return `${Math.floor(minutes / 1440)}d ago`;
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}
