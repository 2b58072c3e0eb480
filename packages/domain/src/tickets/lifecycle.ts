import { PreconditionFailed } from '../errors';
import type { Role } from '../rbac/permissions';
import { TICKET_STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from './enums';

/** A client's reply reopens a solved ticket only within this many days of `solvedAt` (SPEC §12). */
export const REOPEN_WINDOW_DAYS = 7;
/** The sweep closes a ticket solved more than this many days ago (SPEC §12). */
export const AUTO_CLOSE_AFTER_DAYS = 7;

const DAY_MS = 86_400_000;

/**
 * SPEC §12, staff status changes: for each status, the statuses a person may move a ticket to and
 * the roles allowed to. Anything not listed is refused. Event-driven moves (a client's reply, an
 * awaited upload, the auto-close sweep) have their own functions below and do not use this table.
 */
export const TICKET_TRANSITIONS: Readonly<
  Record<TicketStatus, Readonly<Partial<Record<TicketStatus, readonly Role[]>>>>
> = {
  new: {
    open: ['admin', 'corporate'],
    pending_customer: ['admin', 'corporate'],
    on_hold: ['admin', 'corporate'],
    solved: ['admin', 'corporate'],
  },
  open: {
    pending_customer: ['admin', 'corporate'],
    on_hold: ['admin', 'corporate'],
    solved: ['admin', 'corporate'],
  },
  pending_customer: { open: ['admin', 'corporate'], solved: ['admin', 'corporate'] },
  on_hold: { open: ['admin', 'corporate'], solved: ['admin', 'corporate'] },
  // Reopening is the client's move (a reply within the window); closing early is an admin's.
  solved: { closed: ['admin'] },
  closed: {},
};

/** Whether `role` may move a ticket from `from` to `to` by a status change. */
export function canStaffTransition(from: TicketStatus, to: TicketStatus, role: Role): boolean {
  return TICKET_TRANSITIONS[from][to]?.includes(role) ?? false;
}

/** The statuses `role` may choose for a ticket in `from`, in lifecycle order (for the status menu). */
export function allowedStaffTransitions(from: TicketStatus, role: Role): TicketStatus[] {
  return TICKET_STATUSES.filter((to) => canStaffTransition(from, to, role));
}

/** A staff status change follows TICKET_TRANSITIONS; anything else is PRECONDITION_FAILED. */
export function assertStaffTransition(from: TicketStatus, to: TicketStatus, role: Role): void {
  if (canStaffTransition(from, to, role)) return;
  throw new PreconditionFailed(refusal(from, to), { from, to });
}

function refusal(from: TicketStatus, to: TicketStatus): string {
  const label = (s: TicketStatus) => TICKET_STATUS_LABELS[s].toLowerCase();
  if (from === 'closed') return 'A closed ticket cannot be changed or reopened; open a new ticket instead.';
  if (from === to) return `The ticket is already ${label(to)}.`;
  if (TICKET_TRANSITIONS[from][to]) {
    return from === 'solved' && to === 'closed'
      ? `Only an administrator can close a solved ticket early; it closes by itself ${AUTO_CLOSE_AFTER_DAYS} days after it was solved.`
      : 'Only staff can change the status of a ticket.';
  }
  if (to === 'new') return 'A ticket cannot go back to new.';
  if (from === 'solved') {
    return `A solved ticket reopens only when the client replies within ${REOPEN_WINDOW_DAYS} days; open a new ticket instead.`;
  }
  if (to === 'closed') return 'Only a solved ticket can be closed.';
  return `A ticket cannot go from ${label(from)} to ${label(to)}.`;
}

function closedRefusal(what: string): PreconditionFailed {
  return new PreconditionFailed(`This ticket is closed: ${what}. Please open a new ticket instead.`, {
    status: 'closed',
  });
}

/** A staff public reply opens a new ticket and leaves any other open or solved status as it is; closed is final. */
export function statusAfterStaffReply(status: TicketStatus): TicketStatus {
  if (status === 'closed') throw closedRefusal('it cannot be replied to');
  return status === 'new' ? 'open' : status;
}

/** An internal note never changes the status; a closed ticket takes no more notes. */
export function statusAfterStaffNote(status: TicketStatus): TicketStatus {
  if (status === 'closed') throw closedRefusal('no more notes can be added');
  return status;
}

/**
 * A client's reply answers a ticket waiting for them (pending_customer → open) and reopens a solved one
 * within REOPEN_WINDOW_DAYS of `solvedAt`; later, or on a closed ticket, it is refused in favour of a new ticket.
 */
export function statusAfterClientReply(status: TicketStatus, solvedAt: Date | null, now: Date): TicketStatus {
  switch (status) {
    case 'closed':
      throw closedRefusal('it cannot be replied to');
    case 'pending_customer':
      return 'open';
    case 'solved':
      // A solved ticket without a solvedAt should not exist; losing the client's message would be worse
      // than reopening, so it counts as just solved.
      if (solvedAt && now.getTime() - solvedAt.getTime() > REOPEN_WINDOW_DAYS * DAY_MS) {
        throw new PreconditionFailed(
          `This ticket was solved more than ${REOPEN_WINDOW_DAYS} days ago and can no longer be reopened; please open a new ticket instead.`,
          { status, solvedAt: solvedAt.toISOString() },
        );
      }
      return 'open';
    default:
      return status;
  }
}

/** The client's upload of the awaited KYC document answers a ticket waiting for them; otherwise nothing changes. */
export function statusAfterAwaitedUpload(status: TicketStatus): TicketStatus {
  return status === 'pending_customer' ? 'open' : status;
}

/** A ticket is auto-closable once it has been solved for more than AUTO_CLOSE_AFTER_DAYS days. */
export function isAutoClosable(status: TicketStatus, solvedAt: Date | null, now: Date): boolean {
  return (
    status === 'solved' && solvedAt !== null && now.getTime() - solvedAt.getTime() > AUTO_CLOSE_AFTER_DAYS * DAY_MS
  );
}

/** The auto-close sweep's bound: tickets solved strictly before this instant are closable at `now`. */
export function autoCloseCutoff(now: Date): Date {
  return new Date(now.getTime() - AUTO_CLOSE_AFTER_DAYS * DAY_MS);
}
