import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // What the first request with a key carried (route, metadata, file hash): a key reused for a
  // different request is refused instead of answered with the first result. Keys stored before
  // this have none and keep replaying on the key alone.
  await sql`ALTER TABLE idempotency_keys ADD COLUMN fingerprint text`.execute(db);
}
