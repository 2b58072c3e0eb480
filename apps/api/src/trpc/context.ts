import type { AuthenticatedUser } from '@cm/auth';
import type { AppDeps } from '../deps';
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
  };
}
