import {
  attemptSucceeded,
  beginPasswordAttempt,
  burnPasswordCheck,
  checkPasswordPolicy,
  hashPassword,
  revokeSession,
  revokeUserSessions,
  type SessionPolicy,
  startSession,
  verifyPassword,
} from '@cm/auth';
import { appendAudit, type Db, findCustomer, findUserByEmail, findUserById, recordSignIn, updateUser } from '@cm/db';
import { Conflict, customerDisplayName, Invalid, type SessionUser, TooManyRequests, Unauthorized } from '@cm/domain';
import { type Actor, auditMeta } from './actor';
import type { ServiceDeps } from './customers';

const WRONG = 'Wrong email or password.';

/** The signed-in user as the API returns it; a client also gets its customer's name and number. */
export async function sessionUserOf(deps: ServiceDeps, userId: string): Promise<SessionUser | null> {
  const u = await findUserById(deps.db, userId);
  if (!u) return null;
  const base: SessionUser = {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    customerId: u.customer_id,
    mustChangePassword: u.must_change_password,
  };
  if (u.role !== 'client' || !u.customer_id) return base;
  const c = await findCustomer(deps.db, u.customer_id);
  if (!c) return base;
  return {
    ...base,
    customer: {
      id: c.id,
      customerNumber: c.customer_number,
      type: c.type,
      displayName: customerDisplayName({
        type: c.type,
        firstName: c.first_name,
        lastName: c.last_name,
        companyName: c.company_name,
      }),
    },
  };
}

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/**
 * Opens a password check for `email` (see `beginPasswordAttempt`) in one short transaction. A
 * throttled attempt is audited and answers TOO_MANY_REQUESTS. `lookUp` finds the user in the same
 * transaction.
 */
async function openAttempt(
  deps: ServiceDeps,
  actor: Actor,
  email: string,
  now: Date,
  lookUp: (trx: Db) => Promise<UserRow | undefined>,
  via: 'login' | 'changePassword',
): Promise<{ attemptId: string; user: UserRow | undefined }> {
  const ip = actor.clientIp ?? 'unknown';
  const opened = await deps.db.transaction().execute(async (trx) => {
    const user = await lookUp(trx);
    try {
      return { attemptId: await beginPasswordAttempt(trx, email, ip, now), user };
    } catch (err) {
      if (!(err instanceof TooManyRequests)) throw err;
      await appendAudit(trx, {
        ...auditMeta(actor),
        actorUserId: actor.userId ?? user?.id ?? null,
        actorRole: actor.role ?? user?.role ?? null,
        action: 'auth.login_throttled',
        entityType: 'user',
        entityId: user?.id ?? null,
        customerId: null,
        // A client user's email is their customer's personal data: sealed under that customer's key.
        dataSubjectId: user?.customer_id ?? null,
        changes: { email, via },
      });
      return { throttled: err };
    }
  });
  if ('throttled' in opened) throw opened.throttled;
  return opened;
}

/**
 * Sign-in: throttled per account and per IP; an unknown email, a disabled user and a wrong
 * password all answer the same message after the same password-hash work. The hash runs outside
 * any transaction, so sign-ins never hold a database connection (the embedded database's only one)
 * while they compute.
 */
export async function login(
  deps: ServiceDeps & { session: SessionPolicy },
  actor: Actor,
  input: { email: string; password: string; userAgent: string | null },
) {
  const now = deps.now();
  const email = input.email.trim().toLowerCase();
  const { attemptId, user } = await openAttempt(deps, actor, email, now, (trx) => findUserByEmail(trx, email), 'login');
  const ok = user ? await verifyPassword(user.password_hash, input.password) : await burnPasswordCheck(input.password);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // The user as it is now: disabled or given a new password while the hash ran means no session.
    const current = user && ok ? await findUserById(trx, user.id, { forUpdate: true }) : undefined;
    if (!current || current.disabled_at || current.password_hash !== user?.password_hash) {
      await appendAudit(trx, {
        ...auditMeta(actor),
        actorUserId: user?.id ?? null,
        actorRole: user?.role ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        customerId: null,
        dataSubjectId: user?.customer_id ?? null,
        changes: { email },
      });
      return null;
    }
    await attemptSucceeded(trx, attemptId);
    await recordSignIn(trx, current.id, now);
    const session = await startSession(trx, current.id, now, deps.session, {
      clientIp: actor.clientIp,
      userAgent: input.userAgent,
    });
    await appendAudit(trx, {
      ...auditMeta(actor),
      actorUserId: current.id,
      actorRole: current.role,
      action: 'auth.login',
      entityType: 'user',
      entityId: current.id,
      customerId: current.customer_id,
    });
    return { session, userId: current.id };
  });
  if (!outcome) throw new Unauthorized(WRONG);
  const me = await sessionUserOf(deps, outcome.userId);
  return { session: outcome.session, user: me! };
}

/**
 * A user changing their own password: the current one is required, and every other session ends.
 * A wrong current password counts toward the sign-in throttle like a failed login (a stolen session
 * must not become a way to guess the password), and is audited.
 */
export async function changeOwnPassword(
  deps: ServiceDeps,
  actor: Actor & { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
) {
  checkPasswordPolicy(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw Invalid.field('newPassword', 'Choose a password different from the current one.');
  }
  const now = deps.now();
  const self = await findUserById(deps.db, actor.userId);
  if (!self) throw new Unauthorized();
  const { attemptId, user } = await openAttempt(
    deps,
    actor,
    self.email.toLowerCase(),
    now,
    (trx) => findUserById(trx, actor.userId),
    'changePassword',
  );
  if (!user) throw new Unauthorized();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await appendAudit(deps.db, {
      ...auditMeta(actor),
      action: 'auth.password_change_failed',
      entityType: 'user',
      entityId: user.id,
      customerId: user.customer_id,
    });
    throw Invalid.field('currentPassword', 'Your current password is not correct.');
  }
  await attemptSucceeded(deps.db, attemptId);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    // A new version, so an admin's edit made from what they read before cannot overwrite the new
    // password; and an admin's change since we checked the current password wins over this one.
    // Choosing one's own password also ends a reset's "must change" state.
    if (!(await updateUser(trx, user.id, user.version, { password_hash: passwordHash, must_change_password: false }))) {
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
