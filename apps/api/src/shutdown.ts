import type { Server } from 'node:http';
import type { Logger } from './logger';

/**
 * Stops taking connections and resolves once every connection has closed: idle keep-alive ones at
 * once, busy ones as soon as their response is sent (while draining every response carries
 * `Connection: close`, see app.ts), so in-flight requests, slow uploads included, finish. Whatever is
 * still open after `graceMs` is cut; the promise then resolves false.
 */
export function drainServer(server: Server, graceMs: number, logger: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    let cut = false;
    const deadline = setTimeout(() => {
      cut = true;
      logger.warn({ graceMs }, 'grace period over: closing the connections still open');
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(deadline);
      resolve(!cut);
    });
    // A keep-alive connection between requests would otherwise hold the server open until the
    // client next speaks; the client simply reconnects (to another instance).
    server.closeIdleConnections();
  });
}
