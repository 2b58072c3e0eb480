import type { AuthenticatedUser } from '@cm/auth';
import { can, type Permission, type Role } from '@cm/domain';
import type { TokenPrincipal } from './api-token-auth';

/** Who is acting, and the request facts every audit row carries. */
export interface Actor {
  userId: string | null;
  role: Role | null;
  customerId: string | null;
  requestId: string | null;
  clientIp: string | null;
  sessionId?: string | null;
  /** Signed in with a password an admin reset: everything but changing it is refused. */
  mustChangePassword?: boolean;
  /**
   * Set when the request was authenticated with an API token: the token's id (recorded on every
   * audit row) and its permissions, which narrow the creating user's role (see `authorize`).
   */
  apiToken?: { id: string; permissions: ReadonlySet<Permission> } | null;
}

/** Whether the actor holds a permission: by role, and for a token request also by the token. */
export function actorHolds(actor: Actor, permission: Permission): boolean {
  if (!actor.role || !can(actor.role, permission)) return false;
  return !actor.apiToken || actor.apiToken.permissions.has(permission);
}

/**
 * Whose allowance a rate limit counts: a token has its own (keyed by its id), so an integration
 * using a token neither spends nor is stopped by its creator's own allowance.
 */
export function rateLimitSubject(actor: Actor): string {
  return actor.apiToken ? `token:${actor.apiToken.id}` : `${actor.userId}`;
}

export function auditMeta(actor: Actor) {
  return {
    actorUserId: actor.userId,
    actorRole: actor.role,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
    apiTokenId: actor.apiToken?.id ?? null,
  };
}

/**
 * The actor of a request, from its session user or its API token (never both: see
 * middleware/session.ts). A token acts as the user who created it, with no customer and no session.
 */
export function actorFrom(
  user: AuthenticatedUser | null,
  token: TokenPrincipal | null,
  requestId: string | null,
  clientIp: string | null,
): Actor {
  if (token) {
    return {
      userId: token.userId,
      role: token.role,
      customerId: null,
      requestId,
      clientIp,
      sessionId: null,
      apiToken: { id: token.tokenId, permissions: token.permissions },
    };
  }
  return {
    userId: user?.id ?? null,
    role: user?.role ?? null,
    customerId: user?.customerId ?? null,
    requestId,
    clientIp,
    sessionId: user?.sessionId ?? null,
    mustChangePassword: user?.mustChangePassword ?? false,
  };
}
