import { type Kysely, sql } from 'kysely';

/**
 * API tokens for other internal apps (SPEC §13): only the SHA-256 of the secret is stored; a token
 * is never deleted (the audit trail names it), only revoked. Audit rows written by a token request
 * record it next to the user who created it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      permissions text[] NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by uuid REFERENCES users (id)
    )`.execute(db);
  await sql`CREATE INDEX api_tokens_created_idx ON api_tokens (created_at DESC, id DESC)`.execute(db);
  await sql`ALTER TABLE audit_events ADD COLUMN api_token_id uuid REFERENCES api_tokens (id)`.execute(db);
}
