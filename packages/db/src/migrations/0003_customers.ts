import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE SEQUENCE customer_number_seq`.execute(db);
  await sql`
    CREATE TABLE customers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_number text NOT NULL UNIQUE
        DEFAULT 'C-' || lpad(nextval('customer_number_seq')::text, 6, '0'),
      type text NOT NULL CHECK (type IN ('individual', 'business')),
      first_name text,
      last_name text,
      company_name text,
      email text NOT NULL,
      phone text,
      date_of_birth date,
      address_line1 text,
      address_line2 text,
      city text,
      state text,
      postal_code text,
      country char(2) NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended', 'closed')),
      status_reason text,
      kyc_status text NOT NULL DEFAULT 'not_started'
        CHECK (kyc_status IN ('not_started', 'pending', 'verified', 'rejected', 'expired')),
      risk_level text NOT NULL DEFAULT 'medium' CHECK (risk_level IN ('low', 'medium', 'high')),
      sort_name text GENERATED ALWAYS AS (
        lower(CASE WHEN type = 'business' THEN coalesce(company_name, '')
              ELSE coalesce(last_name, '') || ' ' || coalesce(first_name, '') END)
      ) STORED,
      search_text text GENERATED ALWAYS AS (
        lower(
          customer_number || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
          coalesce(company_name, '') || ' ' || email || ' ' || coalesce(phone, '')
        )
      ) STORED,
      -- Millisecond precision so keyset cursors built from JavaScript dates match exactly.
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      created_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  // Email is unique among live customers only, case-insensitively.
  await sql`CREATE UNIQUE INDEX customers_email_live_key ON customers (lower(email)) WHERE deleted_at IS NULL`.execute(
    db,
  );
  // Keyset pagination for both sort orders; the partial predicate matches the default list query.
  await sql`CREATE INDEX customers_created_idx ON customers (created_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customers_name_idx ON customers (sort_name, id) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX customers_search_trgm_idx ON customers USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX customers_status_idx ON customers (status) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX customers_kyc_status_idx ON customers (kyc_status) WHERE deleted_at IS NULL`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)`.execute(
    db,
  );
}
