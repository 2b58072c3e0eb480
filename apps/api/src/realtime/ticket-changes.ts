import { findApiTokenState } from '@cm/db';
import { apiTokenStatus, isCustomerScoped, type TicketChange, ticketChangeOutput } from '@cm/domain';
import { TRPCError } from '@trpc/server';
import type { AppDeps } from '../deps';
import type { Actor } from '../services/actor';
import type { FeedEndReason, TicketChangeEvent } from './ticket-change-feed';

/**
 * Ends an SSE stream the way a dropped connection would: tRPC then closes it without its final
 * `return` event, so the browser's EventSource reconnects (to another instance during a restart)
 * instead of treating the subscription as finished.
 */
class StreamInterrupted extends Error {
  override name = 'AbortError';
}

/** A client that falls this far behind is cut off and refetches, rather than growing a queue. */
const MAX_QUEUED = 500;

/**
 * A stream is authorized when it opens and then lives for hours; this often it checks that its
 * session still holds (not revoked, not idle, user not disabled) — without touching it, so an open
 * stream never keeps an idle session alive.
 */
export const SESSION_RECHECK_MS = 60_000;

/** Who hears of a change: staff of every one; a client only of its own customer's public ones. */
export function mayHearOf(actor: Actor, event: TicketChangeEvent): boolean {
  if (!actor.role) return false;
  if (!isCustomerScoped(actor.role)) return true;
  return actor.customerId !== null && event.customerId === actor.customerId && event.visibility === 'public';
}

/** The same rules as signing a request in, read-only; the role and customer must be unchanged too. */
async function sessionHolds(deps: Pick<AppDeps, 'db' | 'now' | 'config'>, actor: Actor): Promise<boolean> {
  if (actor.apiToken) return tokenHolds(deps, actor);
  if (!actor.sessionId) return false;
  const row = await deps.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.last_seen_at', 's.expires_at', 's.revoked_at', 'u.disabled_at', 'u.role', 'u.customer_id'])
    .where('s.id', '=', actor.sessionId)
    .executeTakeFirst();
  const now = deps.now().getTime();
  return (
    !!row &&
    !row.revoked_at &&
    !row.disabled_at &&
    now < row.expires_at.getTime() &&
    now - row.last_seen_at.getTime() <= deps.config.session.idleMinutes * 60_000 &&
    row.role === actor.role &&
    row.customer_id === actor.customerId
  );
}

/** A token stream holds while its token is neither revoked nor expired and its creator unchanged. */
async function tokenHolds(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor): Promise<boolean> {
  const row = await findApiTokenState(deps.db, actor.apiToken!.id);
  return (
    !!row &&
    !row.disabled_at &&
    row.role === actor.role &&
    apiTokenStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, deps.now()) === 'active'
  );
}

/**
 * The changes one actor may see, as they commit, until `signal` aborts. Subscribes at once (not on
 * the first read), so nothing committed after the call is missed.
 */
export function ticketChangesFor(
  deps: Pick<AppDeps, 'ticketChanges' | 'db' | 'now' | 'config'>,
  actor: Actor,
  signal: AbortSignal | undefined,
): AsyncGenerator<TicketChange, void> {
  const feed = deps.ticketChanges;
  if (!feed) throw new TRPCError({ code: 'NOT_IMPLEMENTED', message: 'Live ticket changes are not available.' });
  const queue: TicketChange[] = [];
  let ended: FeedEndReason | null = null;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    wake?.();
    wake = null;
  };
  let unsubscribe: () => void = () => {};
  let timer: NodeJS.Timeout | undefined;
  const cleanUp = () => {
    clearInterval(timer);
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  };
  const onAbort = () => {
    cleanUp();
    wakeUp();
  };
  unsubscribe = feed.subscribe({
    onChange(event) {
      if (ended || !mayHearOf(actor, event)) return;
      if (queue.length >= MAX_QUEUED) {
        ended = 'resync';
        unsubscribe();
      } else {
        queue.push(ticketChangeOutput.parse({ ticketId: event.ticketId, version: event.version }));
      }
      wakeUp();
    },
    onEnd(reason) {
      ended ??= reason;
      wakeUp();
    },
  });
  let checkedAt = deps.now().getTime();
  let checkDue = false;
  timer = setInterval(() => {
    checkDue = true;
    wakeUp();
  }, SESSION_RECHECK_MS);
  timer.unref();
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  const recheck = async () => {
    checkDue = false;
    checkedAt = deps.now().getTime();
    let holds = true;
    try {
      holds = await sessionHolds(deps, actor);
    } catch {
      // The database is briefly unreachable: keep the stream and ask again at the next check.
    }
    if (!holds) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Sign in again.' });
  };

  async function* stream(): AsyncGenerator<TicketChange, void> {
    try {
      while (!signal?.aborted) {
        if (checkDue || (queue.length > 0 && deps.now().getTime() - checkedAt >= SESSION_RECHECK_MS)) {
          await recheck();
          continue;
        }
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (ended) throw new StreamInterrupted(`ticket change stream ended: ${ended}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      cleanUp();
    }
  }
  return stream();
}
