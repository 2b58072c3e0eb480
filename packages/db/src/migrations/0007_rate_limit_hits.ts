import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Sliding-window counters shared by every API instance (upload limits and similar).
  await sql`
    CREATE TABLE rate_limit_hits (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      bucket text NOT NULL,
      hit_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX rate_limit_hits_bucket_idx ON rate_limit_hits (bucket, hit_at)`.execute(db);
}
