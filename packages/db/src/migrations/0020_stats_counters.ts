import { type Kysely, sql } from 'kysely';

/**
 * Statistics that cost the same at any size (issue 13).
 *
 * - customer_counts gets stripes: every new customer moved the same three rows (status pending,
 *   KYC not_started, its type), so concurrent creations queued on those row locks until commit.
 *   Each backend now writes its own stripe (pid mod 8); readers sum the stripes.
 * - customer_created_days: live customers by UTC day of creation, striped the same way ("new in
 *   the last 30 days" sums ≤ 31 days' rows and counts only the boundary day's customers from the index).
 * - kyc_expiry_days: live, non-rejected KYC documents of live customers by expiry date
 *   ("KYC expiring in the next 30 days" sums ≤ 31 rows), exactly the set the old join counted.
 *
 * All kept by statement-level triggers in the same transaction as the change; `stats:repair`
 * recounts them (recountStatsCounters).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE customer_counts ADD COLUMN stripe smallint NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE customer_counts DROP CONSTRAINT customer_counts_pkey`.execute(db);
  await sql`ALTER TABLE customer_counts ADD PRIMARY KEY (dimension, value, stripe)`.execute(db);

  // Two statements per event, each over the same changed rows: the stripe counters, the creation days.
  const rows = (table: string, d: number) =>
    `SELECT status, kyc_status, type, (created_at AT TIME ZONE 'UTC')::date AS day, ${d} AS d
     FROM ${table} WHERE deleted_at IS NULL`;
  const track = (source: string) => `
      WITH delta AS (${source}), s AS (SELECT (pg_backend_pid() % 8)::smallint AS stripe)
      INSERT INTO customer_counts (dimension, value, stripe, n)
      SELECT 'status', status, s.stripe, sum(d) FROM delta, s GROUP BY status, s.stripe HAVING sum(d) <> 0
      UNION ALL SELECT 'kyc_status', kyc_status, s.stripe, sum(d) FROM delta, s GROUP BY kyc_status, s.stripe HAVING sum(d) <> 0
      UNION ALL SELECT 'type', type, s.stripe, sum(d) FROM delta, s GROUP BY type, s.stripe HAVING sum(d) <> 0
      ON CONFLICT (dimension, value, stripe) DO UPDATE SET n = customer_counts.n + EXCLUDED.n;
      WITH delta AS (${source}), s AS (SELECT (pg_backend_pid() % 8)::smallint AS stripe)
      INSERT INTO customer_created_days (day, stripe, n)
      SELECT day, s.stripe, sum(d) FROM delta, s GROUP BY day, s.stripe HAVING sum(d) <> 0
      ON CONFLICT (day, stripe) DO UPDATE SET n = customer_created_days.n + EXCLUDED.n;`;

  await sql`
    CREATE TABLE customer_created_days (
      day date NOT NULL,
      stripe smallint NOT NULL DEFAULT 0,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (day, stripe)
    )`.execute(db);
  await sql`
    CREATE TABLE kyc_expiry_days (
      day date PRIMARY KEY,
      n bigint NOT NULL DEFAULT 0
    )`.execute(db);

  // Replaces 0008's function (same triggers): counters by stripe, plus the creation days, plus the
  // expiry days of a customer's documents when the customer is deleted or restored.
  await sql`
    CREATE OR REPLACE FUNCTION customer_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Each branch names only the transition tables its event has.
      IF TG_OP = 'INSERT' THEN${sql.raw(track(rows('new_rows', 1)))}
      ELSIF TG_OP = 'DELETE' THEN${sql.raw(track(rows('old_rows', -1)))}
      ELSE${sql.raw(track(`${rows('new_rows', 1)} UNION ALL ${rows('old_rows', -1)}`))}
      -- A customer deleted or restored takes its documents' expiry days with it.
      WITH moved AS (
        SELECT n.id, CASE WHEN n.deleted_at IS NULL THEN 1 ELSE -1 END AS d
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.deleted_at IS NULL) <> (o.deleted_at IS NULL)
      ), delta AS (
        SELECT k.expires_at AS day, sum(m.d) AS d
        FROM moved m JOIN kyc_documents k ON k.customer_id = m.id
        WHERE k.deleted_at IS NULL AND k.status <> 'rejected' AND k.expires_at IS NOT NULL
        GROUP BY k.expires_at HAVING sum(m.d) <> 0
      )
      INSERT INTO kyc_expiry_days (day, n) SELECT day, d FROM delta
      ON CONFLICT (day) DO UPDATE SET n = kyc_expiry_days.n + EXCLUDED.n;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  const docRows = (table: string, d: number) =>
    `SELECT k.expires_at AS day, ${d} AS d FROM ${table} k JOIN customers c ON c.id = k.customer_id
     WHERE k.deleted_at IS NULL AND k.status <> 'rejected' AND k.expires_at IS NOT NULL AND c.deleted_at IS NULL`;
  const docUpsert = `
      INSERT INTO kyc_expiry_days (day, n) SELECT day, sum(d) FROM delta GROUP BY day HAVING sum(d) <> 0
      ON CONFLICT (day) DO UPDATE SET n = kyc_expiry_days.n + EXCLUDED.n;`;
  // Only the customer's liveness as it is now matters: customers and documents change in separate
  // statements, and the customers trigger moves the days when a customer's liveness changes.
  await sql`
    CREATE FUNCTION kyc_expiry_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
      WITH delta AS (${sql.raw(docRows('new_rows', 1))})${sql.raw(docUpsert)}
      ELSIF TG_OP = 'DELETE' THEN
      WITH delta AS (${sql.raw(docRows('old_rows', -1))})${sql.raw(docUpsert)}
      ELSE
      WITH delta AS (${sql.raw(docRows('new_rows', 1))} UNION ALL ${sql.raw(docRows('old_rows', -1))})${sql.raw(docUpsert)}
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER kyc_documents_expiry_insert AFTER INSERT ON kyc_documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kyc_expiry_days_track()`.execute(db);
  await sql`
    CREATE TRIGGER kyc_documents_expiry_update AFTER UPDATE ON kyc_documents
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kyc_expiry_days_track()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER kyc_documents_expiry_delete AFTER DELETE ON kyc_documents
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kyc_expiry_days_track()`.execute(db);

  await sql`
    INSERT INTO customer_created_days (day, n)
    SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1`.execute(
    db,
  );
  await sql`
    INSERT INTO kyc_expiry_days (day, n)
    SELECT k.expires_at, count(*) FROM kyc_documents k JOIN customers c ON c.id = k.customer_id
    WHERE k.deleted_at IS NULL AND k.status <> 'rejected' AND k.expires_at IS NOT NULL AND c.deleted_at IS NULL
    GROUP BY 1`.execute(db);
}
