import { type Kysely, sql } from 'kysely';

/**
 * Privacy and retention (SPEC §14): legal holds with their history, when a customer's relationship
 * ended (closed_at), and the state of an erasure — when it was asked and done, and when the KYC
 * records kept for the retention period are due to go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE legal_holds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customers (id),
      reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
      placed_by uuid REFERENCES users (id),
      placed_at timestamptz NOT NULL,
      lifted_by uuid REFERENCES users (id),
      lifted_at timestamptz,
      lift_reason text CHECK (lift_reason IS NULL OR char_length(lift_reason) BETWEEN 1 AND 1000),
      CHECK ((lifted_at IS NULL) = (lift_reason IS NULL))
    )`.execute(db);
  // At most one hold in force per customer; lifted ones stay as history.
  await sql`CREATE UNIQUE INDEX legal_holds_active_key ON legal_holds (customer_id) WHERE lifted_at IS NULL`.execute(
    db,
  );

  await sql`ALTER TABLE customers ADD COLUMN closed_at timestamptz`.execute(db);
  await sql`ALTER TABLE customers ADD COLUMN erasure_requested_at timestamptz`.execute(db);
  await sql`ALTER TABLE customers ADD COLUMN erasure_requested_by uuid REFERENCES users (id)`.execute(db);
  await sql`ALTER TABLE customers ADD COLUMN erased_at timestamptz`.execute(db);
  await sql`ALTER TABLE customers ADD COLUMN kyc_erase_due timestamptz`.execute(db);
  await sql`ALTER TABLE customers ADD COLUMN kyc_erased_at timestamptz`.execute(db);
  // Customers closed before this migration: the close recorded in the audit trail, else their last change.
  await sql`
    UPDATE customers c SET closed_at = coalesce(
      (SELECT max(occurred_at) FROM audit_events a WHERE a.action = 'customer.closed' AND a.customer_id = c.id),
      c.updated_at)
    WHERE c.status = 'closed'`.execute(db);
  // The retention sweep reads erased customers whose KYC records are due.
  await sql`CREATE INDEX customers_kyc_erase_due_idx ON customers (kyc_erase_due) WHERE kyc_erased_at IS NULL AND kyc_erase_due IS NOT NULL`.execute(
    db,
  );
}
