import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '@cm/auth';
import type { Db } from '@cm/db';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppConfig } from '../config';
import type { TokenPrincipal } from '../services/api-token-auth';

export type AppEnv = {
  Variables: {
    requestId: string;
    clientIp: string | null;
    secure: boolean;
    /** The session's user; always null on a token request (see middleware/session.ts). */
    user: AuthenticatedUser | null;
    /** The API token of a token request, when valid. */
    apiToken: TokenPrincipal | null;
    /** The request's database handle (middleware/session.ts); unset outside `/trpc` and `/api`. */
    db?: Db;
    /** The handler's response already carries `standardHeaders` (middleware/security-headers.ts). */
    standardHeaders?: true;
  };
};

/** Request id (echoed back), client IP and protocol, read from the proxy only when it is trusted. */
export function requestContext(config: AppConfig): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    let ip: string | null = null;
    // The trusted proxy appends the address it saw; entries to its left are whatever the client sent.
    if (config.trustProxy) ip = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() || null;
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address ?? null;
      } catch {
        ip = null; // not served by a Node socket (e.g. app.request in tests)
      }
    }
    c.set('clientIp', ip);
    const proto = config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    // The request URL is already normalised (lower-case scheme): no need to parse it again.
    c.set('secure', proto !== undefined ? proto === 'https' : c.req.url.startsWith('https:'));
    // Echoed back on the response by securityHeaders (middleware/security-headers.ts).
    return next();
  };
}
