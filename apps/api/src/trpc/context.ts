import type { AuthenticatedUser } from '@cm/auth';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import type { Actor } from '../services/actor';

export interface TrpcContext {
  deps: AppDeps;
  user: AuthenticatedUser | null;
  requestId: string;
  clientIp: string | null;
  userAgent: string | null;
  /** Served over https: cookies get `Secure`. */
  secure: boolean;
  resHeaders: Headers;
}

export function actorOf(ctx: TrpcContext): Actor {
  return {
    userId: ctx.user?.id ?? null,
    role: ctx.user?.role ?? null,
    customerId: ctx.user?.customerId ?? null,
    requestId: ctx.requestId,
    clientIp: ctx.clientIp,
    sessionId: ctx.user?.sessionId ?? null,
    mustChangePassword: ctx.user?.mustChangePassword ?? false,
  };
}

/**
 * The context of a procedure call made over HTTP, from what the request middleware (session,
 * request id, client IP) put on the Hono context: the tRPC mount and the REST routes both build it
 * here, so a call reaches a procedure the same way by either path.
 */
export function contextOfRequest(c: Context<AppEnv>, deps: AppDeps, resHeaders: Headers): TrpcContext {
  return {
    deps,
    user: c.get('user'),
    requestId: c.get('requestId'),
    clientIp: c.get('clientIp'),
    userAgent: c.req.header('user-agent') ?? null,
    secure: c.get('secure'),
    resHeaders,
  };
}
