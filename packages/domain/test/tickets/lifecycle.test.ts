import { describe, expect, it } from 'vitest';
import { type DomainError, PreconditionFailed } from '../../src/errors';
import { ROLES, type Role } from '../../src/rbac/permissions';
import { TICKET_STATUSES, type TicketStatus } from '../../src/tickets/enums';
import {
  AUTO_CLOSE_AFTER_DAYS,
  allowedStaffTransitions,
  assertStaffTransition,
  autoCloseCutoff,
  canStaffTransition,
  isAutoClosable,
  REOPEN_WINDOW_DAYS,
  statusAfterAwaitedUpload,
  statusAfterClientReply,
  statusAfterStaffNote,
  statusAfterStaffReply,
  TICKET_TRANSITIONS,
} from '../../src/tickets/lifecycle';

/** SPEC §12 staff status changes, written out independently of the implementation's table. */
const STAFF_MOVES = new Set([
  'new→open',
  'new→pending_customer',
  'new→on_hold',
  'new→solved',
  'open→pending_customer',
  'open→on_hold',
  'open→solved',
  'pending_customer→open',
  'pending_customer→solved',
  'on_hold→open',
  'on_hold→solved',
]);
const ADMIN_ONLY_MOVES = new Set(['solved→closed']);

function expected(from: TicketStatus, to: TicketStatus, role: Role): boolean {
  const move = `${from}→${to}`;
  if (role === 'client') return false;
  return STAFF_MOVES.has(move) || (role === 'admin' && ADMIN_ONLY_MOVES.has(move));
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('staff status changes: every (from, to, role)', () => {
  const cases = TICKET_STATUSES.flatMap((from) =>
    TICKET_STATUSES.flatMap((to) => ROLES.map((role) => ({ from, to, role, allowed: expected(from, to, role) }))),
  );

  it('covers 6 × 6 statuses × 3 roles', () => {
    expect(cases).toHaveLength(108);
    expect(cases.filter((c) => c.allowed)).toHaveLength(2 * STAFF_MOVES.size + ADMIN_ONLY_MOVES.size);
  });

  it.each(cases)('$from → $to by $role: allowed=$allowed', ({ from, to, role, allowed }) => {
    expect(canStaffTransition(from, to, role)).toBe(allowed);
    if (allowed) {
      expect(() => assertStaffTransition(from, to, role)).not.toThrow();
    } else {
      const error = thrown(() => assertStaffTransition(from, to, role));
      expect(error).toBeInstanceOf(PreconditionFailed);
      expect((error as DomainError).code).toBe('PRECONDITION_FAILED');
      expect((error as DomainError).data).toEqual({ from, to });
      expect((error as Error).message.length).toBeGreaterThan(10);
    }
  });

  it('the table lists only staff moves and the admin close', () => {
    const listed = Object.entries(TICKET_TRANSITIONS).flatMap(([from, targets]) =>
      Object.keys(targets).map((to) => `${from}→${to}`),
    );
    expect(new Set(listed)).toEqual(new Set([...STAFF_MOVES, ...ADMIN_ONLY_MOVES]));
  });

  it.each(TICKET_STATUSES.flatMap((from) => ROLES.map((role) => ({ from, role }))))(
    'allowedStaffTransitions($from, $role) lists exactly the allowed targets',
    ({ from, role }) => {
      expect(allowedStaffTransitions(from, role)).toEqual(TICKET_STATUSES.filter((to) => expected(from, to, role)));
    },
  );

  it('explains the common refusals in plain words', () => {
    const message = (from: TicketStatus, to: TicketStatus, role: Role = 'corporate') =>
      (thrown(() => assertStaffTransition(from, to, role)) as Error).message;
    expect(message('closed', 'open')).toBe('A closed ticket cannot be changed or reopened; open a new ticket instead.');
    expect(message('closed', 'closed', 'admin')).toMatch(/closed ticket/);
    expect(message('open', 'open')).toBe('The ticket is already open.');
    expect(message('solved', 'open')).toMatch(/reopens only when the client replies within 7 days/);
    expect(message('solved', 'closed')).toMatch(/Only an administrator/);
    expect(message('pending_customer', 'on_hold')).toBe('A ticket cannot go from waiting for customer to on hold.');
    expect(message('open', 'new')).toBe('A ticket cannot go back to new.');
    expect(message('open', 'closed')).toBe('Only a solved ticket can be closed.');
    expect(message('new', 'open', 'client')).toBe('Only staff can change the status of a ticket.');
  });
});

describe('staff replies and notes', () => {
  it.each([
    ['new', 'open'],
    ['open', 'open'],
    ['pending_customer', 'pending_customer'],
    ['on_hold', 'on_hold'],
    ['solved', 'solved'],
  ] as const)('a public reply on %s leaves it %s', (status, next) => {
    expect(statusAfterStaffReply(status)).toBe(next);
  });

  it.each(TICKET_STATUSES.filter((s) => s !== 'closed'))('a note on %s changes nothing', (status) => {
    expect(statusAfterStaffNote(status)).toBe(status);
  });

  it('a closed ticket takes neither replies nor notes', () => {
    for (const fn of [statusAfterStaffReply, statusAfterStaffNote]) {
      const error = thrown(() => fn('closed'));
      expect(error).toBeInstanceOf(PreconditionFailed);
      expect((error as Error).message).toMatch(/open a new ticket/);
    }
  });
});

describe('client replies', () => {
  it.each([
    ['new', 'new'],
    ['open', 'open'],
    ['on_hold', 'on_hold'],
    ['pending_customer', 'open'],
  ] as const)('on %s the ticket becomes %s', (status, next) => {
    expect(statusAfterClientReply(status, null, NOW)).toBe(next);
  });

  it(`reopens a solved ticket up to exactly ${REOPEN_WINDOW_DAYS} days after it was solved`, () => {
    expect(REOPEN_WINDOW_DAYS).toBe(7);
    expect(statusAfterClientReply('solved', ago(DAY), NOW)).toBe('open');
    expect(statusAfterClientReply('solved', ago(7 * DAY), NOW)).toBe('open');
  });

  it('refuses a reply to a ticket solved longer ago, pointing to a new ticket', () => {
    const error = thrown(() => statusAfterClientReply('solved', ago(7 * DAY + 1), NOW));
    expect(error).toBeInstanceOf(PreconditionFailed);
    expect((error as Error).message).toMatch(/open a new ticket/);
    expect((error as DomainError).data).toEqual({ status: 'solved', solvedAt: ago(7 * DAY + 1).toISOString() });
  });

  it('reopens a solved ticket that has no solvedAt rather than lose the reply', () => {
    expect(statusAfterClientReply('solved', null, NOW)).toBe('open');
  });

  it('refuses a reply to a closed ticket', () => {
    const error = thrown(() => statusAfterClientReply('closed', ago(DAY), NOW));
    expect(error).toBeInstanceOf(PreconditionFailed);
    expect((error as Error).message).toMatch(/open a new ticket/);
  });
});

describe('awaited uploads', () => {
  it.each(TICKET_STATUSES.map((s) => [s, s === 'pending_customer' ? 'open' : s] as const))(
    'an upload on %s leaves %s',
    (status, next) => {
      expect(statusAfterAwaitedUpload(status)).toBe(next);
    },
  );
});

describe('auto-close', () => {
  it(`closes only tickets solved more than ${AUTO_CLOSE_AFTER_DAYS} days ago`, () => {
    expect(AUTO_CLOSE_AFTER_DAYS).toBe(7);
    expect(isAutoClosable('solved', ago(7 * DAY + 1), NOW)).toBe(true);
    expect(isAutoClosable('solved', ago(30 * DAY), NOW)).toBe(true);
    expect(isAutoClosable('solved', ago(7 * DAY), NOW)).toBe(false);
    expect(isAutoClosable('solved', ago(DAY), NOW)).toBe(false);
    expect(isAutoClosable('solved', null, NOW)).toBe(false);
  });

  it.each(TICKET_STATUSES.filter((s) => s !== 'solved'))('never closes a %s ticket', (status) => {
    expect(isAutoClosable(status, ago(30 * DAY), NOW)).toBe(false);
  });

  it('the window ends where the reopen window ends: no instant is both reopenable and closable', () => {
    for (const age of [7 * DAY - 1, 7 * DAY, 7 * DAY + 1]) {
      const solvedAt = ago(age);
      const closable = isAutoClosable('solved', solvedAt, NOW);
      const reopenable = (() => {
        try {
          return statusAfterClientReply('solved', solvedAt, NOW) === 'open';
        } catch {
          return false;
        }
      })();
      expect(closable).toBe(!reopenable);
    }
  });

  it('autoCloseCutoff agrees with isAutoClosable', () => {
    const cutoff = autoCloseCutoff(NOW);
    expect(cutoff.toISOString()).toBe('2026-06-08T12:00:00.000Z');
    expect(isAutoClosable('solved', new Date(cutoff.getTime() - 1), NOW)).toBe(true);
    expect(isAutoClosable('solved', cutoff, NOW)).toBe(false);
  });
});
