import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database, UsersTable } from '../schema';

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(db.fn('lower', ['email']), '=', email.toLowerCase())
    .executeTakeFirst();
}

/** `forUpdate` holds the row until the transaction ends, so a concurrent change waits or is seen. */
export function findUserById(db: Kysely<Database>, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.selectFrom('users').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * The ids of the active (enabled) admins, taken under a lock held until the transaction ends, so
 * two admins demoting or disabling each other at once are judged one after the other.
 */
export async function lockActiveAdmins(db: Kysely<Database>): Promise<string[]> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('users:active-admins'))`.execute(db);
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export function insertUser(db: Kysely<Database>, values: Insertable<UsersTable>) {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Applies the patch only when `version` still matches; returns undefined on a stale version. */
export function updateUser(db: Kysely<Database>, id: string, version: number, patch: Updateable<UsersTable>) {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: new Date(), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** By email; `search` narrows to a case-insensitive substring of the name or email. */
export function listUsers(db: Kysely<Database>, afterEmail: string | null, limit: number, search?: string) {
  let q = db
    .selectFrom('users')
    .selectAll()
    .orderBy('email')
    .limit(limit + 1);
  if (afterEmail) q = q.where('email', '>', afterEmail);
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  return q.execute();
}

/** A successful sign-in: when, for the admins' list. Not an edit, so the version stays. */
export async function recordSignIn(db: Kysely<Database>, id: string, at: Date) {
  await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}
