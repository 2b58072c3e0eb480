import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Single-runner leases for sweeps that work on file storage: they cannot keep a transaction (and
  // an advisory lock with it) open while they list and delete files. A crashed holder's lease
  // simply runs out.
  await sql`
    CREATE TABLE sweep_leases (
      name text PRIMARY KEY,
      holder text NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);
}
