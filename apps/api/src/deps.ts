import type { Db, DbHandle } from '@cm/db';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import type { TicketChangeFeed } from './realtime/ticket-change-feed';
import type { FileStorage } from './storage/file-storage';

/** Everything the app is built from; no module singletons, so tests inject their own. */
export interface AppDeps {
  db: Db;
  dbKind: DbHandle['kind'];
  config: AppConfig;
  logger: Logger;
  storage: FileStorage;
  /** The clock; tests move it to exercise expiry. */
  now: () => Date;
  /** Set while shutting down: readiness turns 503 so the load balancer stops sending work. */
  draining?: { value: boolean };
  /** Committed ticket changes from every instance (LISTEN/NOTIFY); `tickets.changes` streams them. */
  ticketChanges?: TicketChangeFeed;
}
