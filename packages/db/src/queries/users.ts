import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, UsersTable } from '../schema';

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(db.fn('lower', ['email']), '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
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

export function listUsers(db: Kysely<Database>, afterEmail: string | null, limit: number) {
  let q = db
    .selectFrom('users')
    .selectAll()
    .orderBy('email')
    .limit(limit + 1);
  if (afterEmail) q = q.where('email', '>', afterEmail);
  return q.execute();
}
