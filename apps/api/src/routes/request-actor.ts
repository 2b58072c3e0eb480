import type { Context } from 'hono';
import type { AppEnv } from '../middleware/request-context';
import { type Actor, actorFrom } from '../services/actor';

/** The actor of a plain HTTP route, from what the request middleware put on the context. */
export function actorOfRequest(c: Context<AppEnv>): Actor {
  return actorFrom(c.get('user'), c.get('apiToken'), c.get('requestId'), c.get('clientIp'));
}
