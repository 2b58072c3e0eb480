import { NotFound, type Role } from '@cm/domain';

/** Who is acting, and the request facts every audit row carries. */
export interface Actor {
  userId: string | null;
  role: Role | null;
  customerId: string | null;
  requestId: string | null;
  clientIp: string | null;
  sessionId?: string | null;
}

/** Object-level rule: a client sees only its own customer, and others look like they do not exist. */
export function assertCustomerAccess(actor: Actor, customerId: string): void {
  if (actor.role === 'client' && actor.customerId !== customerId) throw new NotFound('Customer');
}

export function auditMeta(actor: Actor) {
  return {
    actorUserId: actor.userId,
    actorRole: actor.role,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
  };
}
