import { appendAudit, type Db } from '@cm/db';
import { Forbidden, type Permission, PreconditionFailed, type Role, Unauthorized } from '@cm/domain';
import { type Actor, actorHolds, auditMeta } from './actor';
import { OutOfScope } from './customer-scope';

/**
 * Who may call an operation: a permission of SPEC §1, or `public: true`. `roles` narrows further
 * (e.g. the audit log is admin-only although staff hold `audit:view`).
 */
export type AccessRule = { permission: Permission; roles?: readonly Role[] } | { public: true };

/**
 * The one permission check for tRPC procedures and plain HTTP routes alike: no session is
 * UNAUTHORIZED; a missing permission is FORBIDDEN and leaves a `permission.denied` audit row.
 */
export async function authorize(db: Db, actor: Actor, rule: AccessRule | undefined, operation: string): Promise<void> {
  if (!rule) throw new Error(`Operation ${operation} declares no permission.`);
  if ('public' in rule) return;
  if (!actor.userId || !actor.role) throw new Unauthorized();
  // A reset password is known to an admin too: nothing else until the user has chosen their own.
  if (actor.mustChangePassword) {
    throw new PreconditionFailed('Change your password before continuing.', { reason: 'password_change_required' });
  }
  if (actorHolds(actor, rule.permission) && (!rule.roles || rule.roles.includes(actor.role))) return;
  await appendAudit(db, {
    ...auditMeta(actor),
    action: 'permission.denied',
    entityType: 'operation',
    entityId: operation,
    customerId: null,
    changes: { permission: rule.permission },
  });
  throw new Forbidden();
}

/**
 * Records a refused object access (a client reaching for another customer's record). Called by the
 * error mapping after the use case's transaction has ended, so the row is not rolled back with it.
 */
export async function auditDenial(db: Db, actor: Actor, err: unknown): Promise<void> {
  if (!(err instanceof OutOfScope)) return;
  await appendAudit(db, {
    ...auditMeta(actor),
    action: 'access.denied',
    entityType: 'customer',
    entityId: err.customerId,
    customerId: null,
    changes: { entity: err.message.replace(/ not found\.$/, '') },
  });
}
