import type { DbHandle } from '@cm/db';
import type { Logger } from '../logger';

/** The channel `notifyTicketChange` announces every committed ticket change on. */
export const TICKET_CHANGES_CHANNEL = 'ticket_changes';

/** What a notification carries; `visibility: 'internal'` marks a change a client must not hear of. */
export interface TicketChangeEvent {
  ticketId: string;
  customerId: string;
  version: number;
  visibility: 'public' | 'internal';
}

/** Why a subscriber's stream ends: the feed is shutting down, or it may have missed changes. */
export type FeedEndReason = 'closed' | 'resync';

export interface TicketChangeSubscriber {
  onChange(event: TicketChangeEvent): void;
  onEnd(reason: FeedEndReason): void;
}

/**
 * Ticket changes from every instance, fanned out to this process's subscribers. One LISTEN
 * connection per process however many streams are open.
 */
export interface TicketChangeFeed {
  /** Registers a subscriber; the returned function removes it. A closed feed ends it at once. */
  subscribe(subscriber: TicketChangeSubscriber): () => void;
  /** How many subscribers are registered (for tests and diagnostics). */
  readonly size: number;
  /** Stops listening and ends every subscriber's stream, so the server can drain. */
  close(): Promise<void>;
}

function parseEvent(payload: string): TicketChangeEvent | null {
  try {
    const v = JSON.parse(payload) as Partial<TicketChangeEvent>;
    if (
      typeof v.ticketId === 'string' &&
      typeof v.customerId === 'string' &&
      typeof v.version === 'number' &&
      (v.visibility === 'public' || v.visibility === 'internal')
    ) {
      return { ticketId: v.ticketId, customerId: v.customerId, version: v.version, visibility: v.visibility };
    }
  } catch {}
  return null;
}

/** Starts listening; resolves once notifications committed from now on will be delivered. */
export async function startTicketChangeFeed(
  handle: Pick<DbHandle, 'listen'>,
  logger: Pick<Logger, 'warn' | 'info'>,
): Promise<TicketChangeFeed> {
  const subscribers = new Set<TicketChangeSubscriber>();
  let closed = false;

  const endAll = (reason: FeedEndReason) => {
    const ending = [...subscribers];
    subscribers.clear();
    for (const s of ending) s.onEnd(reason);
  };

  const stop = await handle.listen(
    TICKET_CHANGES_CHANNEL,
    (payload) => {
      const event = parseEvent(payload);
      if (!event) {
        logger.warn({ channel: TICKET_CHANGES_CHANNEL }, 'ignored a malformed ticket change notification');
        return;
      }
      for (const s of subscribers) s.onChange(event);
    },
    {
      // Changes committed while the connection was down were never delivered: every open stream
      // ends so its client reconnects and refetches.
      onReconnect: () => {
        logger.info({ subscribers: subscribers.size }, 'ticket change feed reconnected');
        endAll('resync');
      },
      onError: (err) => logger.warn({ err }, 'ticket change feed lost its connection; reconnecting'),
    },
  );

  return {
    subscribe(subscriber) {
      if (closed) {
        subscriber.onEnd('closed');
        return () => {};
      }
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
      };
    },
    get size() {
      return subscribers.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      endAll('closed');
      await stop();
    },
  };
}
