import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE customer_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customers (id),
      note_type text NOT NULL CHECK (note_type IN ('general', 'call', 'meeting', 'email', 'issue', 'followup', 'internal')),
      title text,
      content text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 10000),
      is_pinned boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      created_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  // Pinned first, then newest: the list's keyset order.
  await sql`
    CREATE INDEX customer_notes_list_idx ON customer_notes (customer_id, is_pinned DESC, created_at DESC, id DESC)
    WHERE deleted_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE customer_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customers (id),
      category text NOT NULL CHECK (category IN ('contract', 'invoice', 'proposal', 'agreement', 'correspondence', 'report', 'other')),
      title text NOT NULL,
      description text,
      file_name text NOT NULL,
      mime_type text NOT NULL,
      size_bytes bigint NOT NULL,
      sha256 text NOT NULL,
      storage_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      created_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`
    CREATE INDEX customer_documents_list_idx ON customer_documents (customer_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL`.execute(db);
}
