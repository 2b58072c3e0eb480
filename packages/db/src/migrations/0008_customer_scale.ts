import { type Kysely, sql } from 'kysely';

/**
 * What keeps customers fast at 1M rows: customer numbers past C-999999, counters for the
 * statistics, and indexes for country filters and very short searches.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // lpad() truncates: C-1000000 would have become C-100000. Six digits minimum, more when needed.
  await sql`
    CREATE FUNCTION next_customer_number() RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT 'C-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END
      FROM nextval('customer_number_seq') AS n
    $$`.execute(db);
  await sql`ALTER TABLE customers ALTER COLUMN customer_number SET DEFAULT next_customer_number()`.execute(db);

  await sql`CREATE INDEX customers_country_idx ON customers (country, created_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(
    db,
  );
  // Searches of one or two characters cannot use trigrams; they match the start of the name instead.
  await sql`CREATE INDEX customers_sort_name_prefix_idx ON customers (sort_name text_pattern_ops) WHERE deleted_at IS NULL`.execute(
    db,
  );

  // Live customers by status, KYC status and type, kept in the same transaction as every change.
  await sql`
    CREATE TABLE customer_counts (
      dimension text NOT NULL,
      value text NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (dimension, value)
    )`.execute(db);
  // Statement-level triggers with transition tables: one upsert per changed counter per statement,
  // so bulk loads stay linear and edits that change none of the three columns write nothing.
  await sql`
    CREATE FUNCTION customer_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Each branch names only the transition tables its event has.
      IF TG_OP = 'INSERT' THEN
      WITH delta AS (SELECT status, kyc_status, type, 1 AS d FROM new_rows WHERE deleted_at IS NULL)
      INSERT INTO customer_counts (dimension, value, n)
      SELECT 'status', status, sum(d) FROM delta GROUP BY status HAVING sum(d) <> 0
      UNION ALL SELECT 'kyc_status', kyc_status, sum(d) FROM delta GROUP BY kyc_status HAVING sum(d) <> 0
      UNION ALL SELECT 'type', type, sum(d) FROM delta GROUP BY type HAVING sum(d) <> 0
      ON CONFLICT (dimension, value) DO UPDATE SET n = customer_counts.n + EXCLUDED.n;
      ELSIF TG_OP = 'DELETE' THEN
      WITH delta AS (SELECT status, kyc_status, type, -1 AS d FROM old_rows WHERE deleted_at IS NULL)
      INSERT INTO customer_counts (dimension, value, n)
      SELECT 'status', status, sum(d) FROM delta GROUP BY status HAVING sum(d) <> 0
      UNION ALL SELECT 'kyc_status', kyc_status, sum(d) FROM delta GROUP BY kyc_status HAVING sum(d) <> 0
      UNION ALL SELECT 'type', type, sum(d) FROM delta GROUP BY type HAVING sum(d) <> 0
      ON CONFLICT (dimension, value) DO UPDATE SET n = customer_counts.n + EXCLUDED.n;
      ELSE
      WITH delta AS (SELECT status, kyc_status, type, 1 AS d FROM new_rows WHERE deleted_at IS NULL UNION ALL SELECT status, kyc_status, type, -1 AS d FROM old_rows WHERE deleted_at IS NULL)
      INSERT INTO customer_counts (dimension, value, n)
      SELECT 'status', status, sum(d) FROM delta GROUP BY status HAVING sum(d) <> 0
      UNION ALL SELECT 'kyc_status', kyc_status, sum(d) FROM delta GROUP BY kyc_status HAVING sum(d) <> 0
      UNION ALL SELECT 'type', type, sum(d) FROM delta GROUP BY type HAVING sum(d) <> 0
      ON CONFLICT (dimension, value) DO UPDATE SET n = customer_counts.n + EXCLUDED.n;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A transition table may serve one event only, so each event gets its own trigger.
  await sql`
    CREATE TRIGGER customers_counts_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_track()`.execute(db);
  await sql`
    CREATE TRIGGER customers_counts_update AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_track()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER customers_counts_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_track()`.execute(db);
  await sql`
    INSERT INTO customer_counts (dimension, value, n)
    SELECT 'status', status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY status
    UNION ALL SELECT 'kyc_status', kyc_status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY kyc_status
    UNION ALL SELECT 'type', type, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY type`.execute(db);
}
