import type { Role } from '@cm/domain';

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
}

export function auditMeta(actor: Actor) {
  return {
    actorUserId: actor.userId,
    actorRole: actor.role,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
  };
}
