import { type Kysely, sql } from 'kysely';

/**
 * What keeps tickets.stats flat at 1M tickets (measured by `pnpm bench`): ticket numbers past
 * T-999999, counters for what does not depend on the clock, and an index that bounds what does by
 * the tickets currently at risk instead of all open ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // lpad() truncates: T-1000000 would have become T-100000 (a duplicate). Six digits minimum.
  await sql`
    CREATE FUNCTION next_ticket_number() RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT 'T-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END
      FROM nextval('ticket_number_seq') AS n
    $$`.execute(db);
  await sql`ALTER TABLE tickets ALTER COLUMN ticket_number SET DEFAULT next_ticket_number()`.execute(db);

  // Live tickets by status, open ones by priority, and open ones with a recorded breach, kept in
  // the same transaction as every change (as customer_counts is).
  await sql`
    CREATE TABLE ticket_counts (
      dimension text NOT NULL,
      value text NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (dimension, value)
    )`.execute(db);
  // Statement-level triggers with transition tables: one upsert per changed counter per statement;
  // a change that moves no counter (most edits, every SLA refresh without a new breach) writes nothing.
  const upsert = sql.raw(`
      INSERT INTO ticket_counts (dimension, value, n)
      SELECT 'status', status, sum(d) FROM delta GROUP BY status HAVING sum(d) <> 0
      UNION ALL SELECT 'open_priority', priority, sum(d) FROM delta WHERE open GROUP BY priority HAVING sum(d) <> 0
      UNION ALL SELECT 'open_breached', 'marked', sum(d) FROM delta WHERE open AND marked HAVING sum(d) <> 0
      ON CONFLICT (dimension, value) DO UPDATE SET n = ticket_counts.n + EXCLUDED.n;`);
  const row = (table: string, d: number) =>
    `SELECT status, priority, status IN ('new', 'open', 'pending_customer', 'on_hold') AS open,
       (first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL) AS marked, ${d} AS d
     FROM ${table} WHERE deleted_at IS NULL`;
  await sql`
    CREATE FUNCTION ticket_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Each branch names only the transition tables its event has.
      IF TG_OP = 'INSERT' THEN
      WITH delta AS (${sql.raw(row('new_rows', 1))})${upsert}
      ELSIF TG_OP = 'DELETE' THEN
      WITH delta AS (${sql.raw(row('old_rows', -1))})${upsert}
      ELSE
      WITH delta AS (${sql.raw(row('new_rows', 1))} UNION ALL ${sql.raw(row('old_rows', -1))})${upsert}
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tickets_counts_insert AFTER INSERT ON tickets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_track()`.execute(db);
  await sql`
    CREATE TRIGGER tickets_counts_update AFTER UPDATE ON tickets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_track()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER tickets_counts_delete AFTER DELETE ON tickets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_track()`.execute(db);
  await sql`
    INSERT INTO ticket_counts (dimension, value, n)
    SELECT 'status', status, count(*) FROM tickets WHERE deleted_at IS NULL GROUP BY status
    UNION ALL
    SELECT 'open_priority', priority, count(*) FROM tickets
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold') GROUP BY priority
    UNION ALL
    SELECT 'open_breached', 'marked', count(*) FROM tickets
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold')
      AND (first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL)
    HAVING count(*) > 0`.execute(db);

  // Open tickets with no breach recorded, by the first moment they count as at risk (due soon, or
  // past due and not yet swept): the counts that depend on the clock read only those at risk now.
  await sql`
    CREATE INDEX tickets_open_at_risk_idx ON tickets ((least(due_soon_at, next_due_at)))
    INCLUDE (due_soon_at, next_due_at, status)
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold')
      AND first_response_breached_at IS NULL AND resolution_breached_at IS NULL`.execute(db);
  // The median first response reads the creation time from the index (no visit to the table).
  await sql`DROP INDEX tickets_first_response_idx`.execute(db);
  await sql`
    CREATE INDEX tickets_first_response_idx ON tickets (first_responded_at) INCLUDE (created_at)
    WHERE deleted_at IS NULL`.execute(db);
}
