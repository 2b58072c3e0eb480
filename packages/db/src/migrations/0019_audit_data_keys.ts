import { type Kysely, sql } from 'kysely';

/**
 * One data key per customer, wrapped by the master key (`DATA_KEY`): personal values in audit rows
 * are encrypted under it, and erasure destroys it (the audit rows themselves are never touched).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE customer_data_keys (
      customer_id uuid PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
      wrapped_key bytea,
      master_key_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      destroyed_at timestamptz,
      CONSTRAINT customer_data_keys_live_or_destroyed CHECK (
        (wrapped_key IS NOT NULL AND master_key_id IS NOT NULL AND destroyed_at IS NULL)
        OR (wrapped_key IS NULL AND destroyed_at IS NOT NULL)
      )
    )`.execute(db);
  // A destroyed key stays destroyed: no code path (or restored backup of a row) can bring it back.
  await sql`
    CREATE FUNCTION customer_data_keys_stay_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.destroyed_at IS NOT NULL THEN
        RAISE EXCEPTION 'customer data key was destroyed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER customer_data_keys_no_resurrection BEFORE UPDATE ON customer_data_keys
    FOR EACH ROW EXECUTE FUNCTION customer_data_keys_stay_destroyed()`.execute(db);
}
