import { type Kysely, sql } from 'kysely';

/**
 * Accounts without dead ends (issue 9): a password an admin reset must be changed at the next
 * sign-in, and admins see when each user last signed in. The KYC review queue reads pending
 * documents oldest first across customers from a partial index; the audit log filters by actor
 * and action.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz`.execute(db);
  await sql`CREATE INDEX kyc_documents_review_queue_idx ON kyc_documents (uploaded_at, id) WHERE status = 'pending' AND deleted_at IS NULL`.execute(
    db,
  );
  // The admins' audit log filters by who acted and by what action, newest first.
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id DESC)`.execute(db);
  await sql`CREATE INDEX audit_events_action_idx ON audit_events (action, id DESC)`.execute(db);
}
