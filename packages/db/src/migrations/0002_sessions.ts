import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      client_ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE login_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      client_ip text NOT NULL,
      succeeded boolean NOT NULL,
      attempted_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at)`.execute(db);
  await sql`CREATE INDEX login_attempts_ip_idx ON login_attempts (client_ip, attempted_at)`.execute(db);
}
