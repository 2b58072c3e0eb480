import { z } from 'zod';

/** SPEC §12: the ticket's lifecycle states. */
export const TICKET_STATUSES = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;
export const ticketStatus = z.enum(TICKET_STATUSES, { message: 'Choose a status.' });
export type TicketStatus = z.infer<typeof ticketStatus>;

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ticketPriority = z.enum(TICKET_PRIORITIES, { message: 'Choose a priority.' });
export type TicketPriority = z.infer<typeof ticketPriority>;

export const TICKET_TYPES = ['question', 'incident', 'request', 'complaint', 'compliance'] as const;
export const ticketType = z.enum(TICKET_TYPES, { message: 'Choose a ticket type.' });
export type TicketType = z.infer<typeof ticketType>;

export const TICKET_CHANNELS = ['console', 'portal', 'api', 'system'] as const;
export const ticketChannel = z.enum(TICKET_CHANNELS);
export type TicketChannel = z.infer<typeof ticketChannel>;

export const SLA_STATES = ['on_track', 'due_soon', 'breached', 'paused', 'met'] as const;
export const slaState = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof slaState>;

export const MESSAGE_VISIBILITIES = ['public', 'internal'] as const;
export const messageVisibility = z.enum(MESSAGE_VISIBILITIES);
export type MessageVisibility = z.infer<typeof messageVisibility>;

/** Statuses in which work is still to be done (the inbox and the SLA clocks look at these). */
export const OPEN_TICKET_STATUSES = [
  'new',
  'open',
  'pending_customer',
  'on_hold',
] as const satisfies readonly TicketStatus[];

export const TICKET_STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Waiting for customer',
  on_hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

/** How a client reads a status in the portal: plain words about what happens next. */
export const TICKET_STATUS_CLIENT_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'Received',
  open: 'In progress',
  pending_customer: 'Waiting for your reply',
  on_hold: 'In progress',
  solved: 'Solved',
  closed: 'Closed',
};

export const TICKET_PRIORITY_LABELS: Readonly<Record<TicketPriority, string>> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const TICKET_TYPE_LABELS: Readonly<Record<TicketType, string>> = {
  question: 'Question',
  incident: 'Incident',
  request: 'Request',
  complaint: 'Complaint',
  compliance: 'Compliance',
};

export const SLA_STATE_LABELS: Readonly<Record<SlaState, string>> = {
  on_track: 'On track',
  due_soon: 'Due soon',
  breached: 'Breached',
  paused: 'Paused',
  met: 'Met',
};
