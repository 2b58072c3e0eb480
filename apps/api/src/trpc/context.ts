import type { AuthenticatedUser } from '@cm/auth';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { type Actor, actorFrom } from '../services/actor';
import type { TokenPrincipal } from '../services/api-token-auth';

export interface TrpcContext {
  deps: AppDeps;
  /** The session's user; null on a token request (the token acts through `apiToken`). */
  user: AuthenticatedUser | null;
  apiToken?: TokenPrincipal | null;
  requestId: string;
  clientIp: string | null;
  userAgent: string | null;
  /** Served over https: cookies get `Secure`. */
  secure: boolean;
  resHeaders: Headers;
}

export function actorOf(ctx: TrpcContext): Actor {
  return actorFrom(ctx.user, ctx.apiToken ?? null, ctx.requestId, ctx.clientIp);
}

/**
 * The context of a procedure call made over HTTP, from what the request middleware (session,
 * request id, client IP) put on the Hono context: the tRPC mount and the REST routes both build it
 * here, so a call reaches a procedure the same way by either path.
 */
export function contextOfRequest(c: Context<AppEnv>, deps: AppDeps, resHeaders: Headers): TrpcContext {
  const db = c.get('db');
  return {
    deps: db && db !== deps.db ? { ...deps, db } : deps,
    user: c.get('user'),
    apiToken: c.get('apiToken'),
    requestId: c.get('requestId'),
    clientIp: c.get('clientIp'),
    userAgent: c.req.header('user-agent') ?? null,
    secure: c.get('secure'),
    resHeaders,
  };
}
