import type { Context } from 'hono';
import type { AppEnv } from '../middleware/request-context';
import type { Actor } from '../services/actor';

/** The actor of a plain HTTP route, from what the request middleware put on the context. */
export function actorOfRequest(c: Context<AppEnv>): Actor {
  const user = c.get('user');
  return {
    userId: user?.id ?? null,
    role: user?.role ?? null,
    customerId: user?.customerId ?? null,
    requestId: c.get('requestId'),
    clientIp: c.get('clientIp'),
    sessionId: user?.sessionId ?? null,
    mustChangePassword: user?.mustChangePassword ?? false,
  };
}
