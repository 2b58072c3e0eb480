import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE kyc_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customers (id),
      document_type text NOT NULL CHECK (document_type IN ('passport', 'national_id', 'drivers_license',
        'proof_of_address', 'bank_statement', 'tax_certificate', 'business_registration')),
      document_number text,
      issuing_country char(2),
      issued_at date,
      expires_at date,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected')),
      rejection_reason text,
      verified_by uuid REFERENCES users (id),
      verified_at timestamptz,
      uploaded_by uuid REFERENCES users (id),
      uploaded_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      file_name text NOT NULL,
      mime_type text NOT NULL,
      size_bytes bigint NOT NULL,
      sha256 text NOT NULL,
      storage_key text NOT NULL UNIQUE,
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX kyc_documents_customer_idx ON kyc_documents (customer_id, uploaded_at DESC) WHERE deleted_at IS NULL`.execute(
    db,
  );
  // Same content twice for one customer is refused by the service; the index makes it impossible.
  await sql`CREATE UNIQUE INDEX kyc_documents_customer_sha_key ON kyc_documents (customer_id, sha256) WHERE deleted_at IS NULL`.execute(
    db,
  );
  // Expiry sweep and "expiring soon" read live, non-rejected documents by date.
  await sql`CREATE INDEX kyc_documents_expiry_idx ON kyc_documents (expires_at) WHERE deleted_at IS NULL AND status <> 'rejected'`.execute(
    db,
  );

  await sql`
    CREATE TABLE idempotency_keys (
      user_id uuid NOT NULL REFERENCES users (id),
      key text NOT NULL,
      route text NOT NULL,
      response_status integer NOT NULL,
      response_body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    )`.execute(db);
}
