import { checkPasswordPolicy, hashPassword, newTemporaryPassword, revokeUserSessions } from '@cm/auth';
import {
  appendAudit,
  type Db,
  findCustomer,
  findUserByEmail,
  findUserById,
  insertUser,
  isUniqueViolation,
  listUsers,
  lockActiveAdmins,
  updateUser,
} from '@cm/db';
import {
  Conflict,
  Invalid,
  keysetPage,
  NotFound,
  PreconditionFailed,
  readCursor,
  type userCreateInput,
  type userUpdateInput,
} from '@cm/domain';
import type { z } from 'zod';
import { type Actor, auditMeta } from './actor';
import type { ServiceDeps } from './customers';
import { toUser } from './mappers';

const emailTaken = () =>
  new Conflict('A user with this email already exists.', {
    fieldErrors: { email: ['A user with this email already exists.'] },
  });

async function assertLinkedCustomer(deps: ServiceDeps, customerId: string | null | undefined) {
  if (customerId && !(await findCustomer(deps.db, customerId))) {
    throw Invalid.field('customerId', 'No such customer.');
  }
}

/**
 * User management must stay possible: the last active admin cannot be demoted or disabled (by
 * themselves or anyone). Called before the change, under a lock, so two admins demoting each other
 * at once cannot both succeed.
 */
async function assertAnotherActiveAdmin(trx: Db, userId: string) {
  const admins = await lockActiveAdmins(trx);
  if (admins.includes(userId) && admins.length === 1) {
    throw new PreconditionFailed(
      'This is the last active admin: make another user an admin (or enable one) before removing this one.',
    );
  }
}

export async function createUser(deps: ServiceDeps, actor: Actor, input: z.output<typeof userCreateInput>) {
  checkPasswordPolicy(input.password);
  await assertLinkedCustomer(deps, input.customerId);
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (await findUserByEmail(trx, input.email)) throw emailTaken();
      const row = await insertUser(trx, {
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        customer_id: input.customerId ?? null,
        password_hash: passwordHash,
      });
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        customerId: row.customer_id,
        changes: { after: { email: row.email, name: row.name, role: row.role, customerId: row.customer_id } },
      });
      return toUser(row);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) throw emailTaken();
    throw err;
  }
}

export async function listUserPage(
  deps: ServiceDeps,
  cursor: string | null | undefined,
  limit: number,
  search?: string,
) {
  const after = readCursor(cursor, ['string']);
  const rows = await listUsers(deps.db, after?.[0] ?? null, limit, search);
  return keysetPage(rows, limit, (last) => [last.email], toUser);
}

/** One user, for showing who a saved choice (an audit log filter in the address) refers to. */
export async function getUser(deps: ServiceDeps, id: string) {
  const row = await findUserById(deps.db, id);
  if (!row) throw new NotFound('User');
  return toUser(row);
}

export async function updateUserAccount(deps: ServiceDeps, actor: Actor, input: z.output<typeof userUpdateInput>) {
  if (input.password) checkPasswordPolicy(input.password);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    if (input.role !== undefined && input.role !== 'admin') await assertAnotherActiveAdmin(trx, input.id);
    const before = await findUserById(trx, input.id);
    if (!before) throw new NotFound('User');
    const role = input.role ?? before.role;
    // No one promotes or demotes themselves: a role change always takes a second admin.
    if (role !== before.role && actor.userId === before.id) {
      throw new PreconditionFailed('You cannot change your own role; ask another admin.');
    }
    const customerId = input.customerId !== undefined ? input.customerId : before.customer_id;
    if (role === 'client' && !customerId)
      throw Invalid.field('customerId', 'A client login must be linked to a customer.');
    if (role !== 'client' && customerId)
      throw Invalid.field('customerId', 'Only client logins are linked to a customer.');
    if (customerId && customerId !== before.customer_id && !(await findCustomer(trx, customerId))) {
      throw Invalid.field('customerId', 'No such customer.');
    }
    const row = await updateUser(trx, input.id, input.version, {
      name: input.name ?? before.name,
      role,
      customer_id: customerId ?? null,
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    });
    if (!row) throw new Conflict('Someone else changed this user. Reload to see their changes.');
    // A new password, role or link ends every other session of the user.
    if (passwordHash || role !== before.role || customerId !== before.customer_id) {
      await revokeUserSessions(trx, row.id, now, actor.userId === row.id ? (actor.sessionId ?? undefined) : undefined);
    }
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'user.updated',
      entityType: 'user',
      entityId: row.id,
      customerId: row.customer_id,
      changes: {
        before: { name: before.name, role: before.role, customerId: before.customer_id },
        after: { name: row.name, role: row.role, customerId: row.customer_id, passwordChanged: Boolean(passwordHash) },
      },
    });
    return toUser(row);
  });
}

/** Disabling a user ends all their sessions at once. */
export function disableUser(deps: ServiceDeps, actor: Actor, id: string) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) throw new NotFound('User');
    if (actor.userId === id) throw Invalid.field('id', 'You cannot disable your own account.');
    if (before.disabled_at) return toUser(before);
    await assertAnotherActiveAdmin(trx, id);
    const row = await updateUser(trx, id, before.version, { disabled_at: now });
    if (!row) throw new Conflict('Someone else changed this user. Reload to see their changes.');
    await revokeUserSessions(trx, id, now);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'user.disabled',
      entityType: 'user',
      entityId: id,
      customerId: row.customer_id,
    });
    return toUser(row);
  });
}

/** Re-enables a disabled user; their old sessions stay revoked, they sign in afresh. */
export function enableUser(deps: ServiceDeps, actor: Actor, id: string) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) throw new NotFound('User');
    if (!before.disabled_at) return toUser(before);
    const row = await updateUser(trx, id, before.version, { disabled_at: null });
    if (!row) throw new Conflict('Someone else changed this user. Reload to see their changes.');
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'user.enabled',
      entityType: 'user',
      entityId: id,
      customerId: row.customer_id,
    });
    return toUser(row);
  });
}

/**
 * An admin resets a user's password: the server picks a one-time password (returned once, never
 * stored in the clear), every session of the user ends, and the user must choose their own at the
 * next sign-in. Resetting your own password goes through changing it instead.
 */
export async function resetUserPassword(deps: ServiceDeps, actor: Actor, id: string) {
  if (actor.userId === id) throw Invalid.field('id', 'Change your own password from the user menu.');
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, id, { forUpdate: true });
    if (!before) throw new NotFound('User');
    const row = await updateUser(trx, id, before.version, { password_hash: passwordHash, must_change_password: true });
    if (!row) throw new Conflict('Someone else changed this user. Reload to see their changes.');
    await revokeUserSessions(trx, id, now);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      customerId: row.customer_id,
    });
    return { user: toUser(row), temporaryPassword };
  });
}
