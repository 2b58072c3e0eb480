import {
  assertNotThrottled,
  burnPasswordCheck,
  checkPasswordPolicy,
  hashPassword,
  recordAttempt,
  revokeSession,
  revokeUserSessions,
  type SessionPolicy,
  startSession,
  verifyPassword,
} from '@cm/auth';
import { appendAudit, findCustomer, findUserByEmail, findUserById, lockLoginAttempts, updateUser } from '@cm/db';
import { Conflict, customerDisplayName, Invalid, type SessionUser, Unauthorized } from '@cm/domain';
import { type Actor, auditMeta } from './actor';
import type { ServiceDeps } from './customers';

const WRONG = 'Wrong email or password.';

/** The signed-in user as the API returns it; a client also gets its customer's name and number. */
export async function sessionUserOf(deps: ServiceDeps, userId: string): Promise<SessionUser | null> {
  const u = await findUserById(deps.db, userId);
  if (!u) return null;
  const base: SessionUser = { id: u.id, email: u.email, name: u.name, role: u.role, customerId: u.customer_id };
  if (u.role !== 'client' || !u.customer_id) return base;
  const c = await findCustomer(deps.db, u.customer_id);
  if (!c) return base;
  return {
    ...base,
    customer: {
      id: c.id,
      customerNumber: c.customer_number,
      displayName: customerDisplayName({
        type: c.type,
        firstName: c.first_name,
        lastName: c.last_name,
        companyName: c.company_name,
      }),
    },
  };
}

/**
 * Sign-in: throttled per account and per IP; an unknown email, a disabled user and a wrong
 * password all answer the same message after the same password-hash work.
 */
export async function login(
  deps: ServiceDeps & { session: SessionPolicy },
  actor: Actor,
  input: { email: string; password: string; userAgent: string | null },
) {
  const now = deps.now();
  const email = input.email.trim().toLowerCase();
  const ip = actor.clientIp ?? 'unknown';
  // One attempt per account and per IP at a time, across instances: parallel guesses cannot all
  // read the failure count before any of them records its failure.
  const outcome = await deps.db.transaction().execute(async (trx) => {
    await lockLoginAttempts(trx, email, ip);
    await assertNotThrottled(trx, email, ip, now);
    const user = await findUserByEmail(trx, email);
    const ok = user
      ? await verifyPassword(user.password_hash, input.password)
      : await burnPasswordCheck(input.password);
    await recordAttempt(trx, email, ip, Boolean(user && ok && !user.disabled_at), now);
    if (!user || !ok || user.disabled_at) {
      await appendAudit(trx, {
        ...auditMeta(actor),
        actorUserId: user?.id ?? null,
        actorRole: user?.role ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        customerId: null,
        changes: { email },
      });
      return null;
    }
    const session = await startSession(trx, user.id, now, deps.session, {
      clientIp: actor.clientIp,
      userAgent: input.userAgent,
    });
    await appendAudit(trx, {
      ...auditMeta(actor),
      actorUserId: user.id,
      actorRole: user.role,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      customerId: user.customer_id,
    });
    return { session, userId: user.id };
  });
  if (!outcome) throw new Unauthorized(WRONG);
  const me = await sessionUserOf(deps, outcome.userId);
  return { session: outcome.session, user: me! };
}

/** A user changing their own password: the current one is required, and every other session ends. */
export async function changeOwnPassword(
  deps: ServiceDeps,
  actor: Actor & { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
) {
  const user = await findUserById(deps.db, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw Invalid.field('currentPassword', 'Your current password is not correct.');
  }
  checkPasswordPolicy(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw Invalid.field('newPassword', 'Choose a password different from the current one.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    // A new version, so an admin's edit made from what they read before cannot overwrite the new
    // password; and an admin's change since we checked the current password wins over this one.
    if (!(await updateUser(trx, user.id, user.version, { password_hash: passwordHash }))) {
      throw new Conflict('Your account was changed meanwhile; please try again.');
    }
    await revokeUserSessions(trx, user.id, deps.now(), actor.sessionId);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      customerId: user.customer_id,
    });
  });
}

export async function logout(deps: ServiceDeps, actor: Actor & { sessionId: string }) {
  await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, actor.sessionId, deps.now());
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
      customerId: actor.customerId,
    });
  });
}
