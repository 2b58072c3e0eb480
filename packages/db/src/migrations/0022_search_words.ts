import { type Kysely, sql } from 'kysely';

/**
 * Customer search whose first page costs the same at any size (issue 13).
 *
 * A substring of letters only can occur in the folded search text only inside one of its words,
 * where a word is a maximal run of characters other than ASCII digits, punctuation and spaces
 * (`search_words`). So such a term is searched among the distinct words (`customer_search_vocab`,
 * a few thousand rows with a trigram index), and for each matching word the customers using it are
 * read in keyset order from `customer_search_words` (word, created_at, customer_id), stopping after
 * one page per word. The trigram index on customers.search_text stays for every other term.
 * Words shorter than three characters are left out: search terms of that length use the name prefix.
 *
 * Both tables are kept by a statement-level trigger in the same transaction as every insert,
 * update (including erasure) and delete of customers. A word leaves the vocabulary when its last
 * customer does, so erased names do not stay behind. Writers adding words take a key-share lock on
 * them (shared, so concurrent creations do not queue); removing a word takes an exclusive lock and
 * checks again, so a word is never removed while another transaction adds a customer using it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION search_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT w), '{}')
      FROM regexp_split_to_table(t, '[\\x01-\\x40\\x5b-\\x60\\x7b-\\x7f]+') AS w
      WHERE length(w) >= 3
    $$`.execute(db);
  await sql`
    CREATE TABLE customer_search_words (
      word text NOT NULL,
      created_at timestamptz NOT NULL,
      customer_id uuid NOT NULL,
      live boolean NOT NULL
    )`.execute(db);
  await sql`CREATE TABLE customer_search_vocab (word text PRIMARY KEY)`.execute(db);

  await sql`
    INSERT INTO customer_search_words (word, created_at, customer_id, live)
    SELECT w, c.created_at, c.id, c.deleted_at IS NULL FROM customers c, unnest(search_words(c.search_text)) AS w`.execute(
    db,
  );
  // Keys after the backfill: one sorted build. INCLUDE (live) lets a page skip deleted customers from the index alone.
  await sql`ALTER TABLE customer_search_words ADD PRIMARY KEY (word, created_at, customer_id) INCLUDE (live)`.execute(
    db,
  );
  await sql`INSERT INTO customer_search_vocab (word) SELECT DISTINCT word FROM customer_search_words`.execute(db);
  await sql`CREATE INDEX customer_search_vocab_trgm_idx ON customer_search_vocab USING gin (word gin_trgm_ops)`.execute(
    db,
  );

  // Rows whose words or keyset position changed, as (old, new) pairs; for INSERT/DELETE one side only.
  const changed = `old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.search_text, o.created_at, o.deleted_at IS NULL) IS DISTINCT FROM (n.search_text, n.created_at, n.deleted_at IS NULL)`;
  await sql`
    CREATE FUNCTION customer_search_words_track() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      added text[];
      removed text[];
      words_kept text[];
      locked int;
    BEGIN
      -- Each branch names only the transition tables its event has; every branch splits each text once.
      IF TG_OP = 'INSERT' THEN
        WITH i AS (
          INSERT INTO customer_search_words (word, created_at, customer_id, live)
          SELECT w, n.created_at, n.id, n.deleted_at IS NULL FROM new_rows n, unnest(search_words(n.search_text)) AS w
          RETURNING word)
        SELECT array_agg(DISTINCT word) INTO added FROM i;
      ELSIF TG_OP = 'DELETE' THEN
        WITH d AS (
          DELETE FROM customer_search_words s USING old_rows o, unnest(search_words(o.search_text)) AS w
          WHERE s.word = w AND s.created_at = o.created_at AND s.customer_id = o.id
          RETURNING s.word)
        SELECT array_agg(DISTINCT word) INTO removed FROM d;
      ELSE
        WITH d AS (
          DELETE FROM customer_search_words s
          USING ${sql.raw(changed.replace('WHERE', ', unnest(search_words(o.search_text)) AS w WHERE'))}
            AND s.word = w AND s.created_at = o.created_at AND s.customer_id = o.id
          RETURNING s.word)
        SELECT array_agg(DISTINCT word) INTO removed FROM d;
        WITH i AS (
          INSERT INTO customer_search_words (word, created_at, customer_id, live)
          SELECT w, n.created_at, n.id, n.deleted_at IS NULL
          FROM ${sql.raw(changed.replace('WHERE', ', unnest(search_words(n.search_text)) AS w WHERE'))}
          RETURNING word)
        SELECT array_agg(DISTINCT word) INTO added FROM i;
        -- Words both removed (from one customer) and added (to another) stay in the vocabulary.
        SELECT array_agg(w) INTO words_kept FROM (SELECT unnest(added) INTERSECT SELECT unnest(removed)) AS k(w);
        SELECT array_agg(w) INTO added FROM unnest(added) AS w WHERE w <> ALL (coalesce(words_kept, '{}'));
        SELECT array_agg(w) INTO removed FROM unnest(removed) AS w WHERE w <> ALL (coalesce(words_kept, '{}'));
      END IF;
      IF added IS NOT NULL THEN
        -- Until every added word is in the vocabulary and locked against removal (a concurrent
        -- removal may delete one between the insert and the lock: then insert it again).
        LOOP
          INSERT INTO customer_search_vocab (word) SELECT unnest(added) ORDER BY 1 ON CONFLICT DO NOTHING;
          SELECT count(*) INTO locked FROM (
            SELECT 1 FROM customer_search_vocab WHERE word = ANY (added) ORDER BY word FOR KEY SHARE) AS l;
          EXIT WHEN locked = cardinality(added);
        END LOOP;
      END IF;
      IF removed IS NOT NULL THEN
        -- Lock first, then look (a fresh snapshot): a transaction adding one of these words either
        -- committed before the lock, and its rows are seen, or re-inserts the word after ours.
        PERFORM 1 FROM customer_search_vocab WHERE word = ANY (removed) ORDER BY word FOR UPDATE;
        DELETE FROM customer_search_vocab v WHERE v.word = ANY (removed)
          AND NOT EXISTS (SELECT 1 FROM customer_search_words s WHERE s.word = v.word);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const [event, tables] of [
    ['INSERT', 'NEW TABLE AS new_rows'],
    ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ['DELETE', 'OLD TABLE AS old_rows'],
  ] as const) {
    await sql`
      CREATE TRIGGER ${sql.raw(`customer_search_words_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON customers
      REFERENCING ${sql.raw(tables)} FOR EACH STATEMENT EXECUTE FUNCTION customer_search_words_track()`.execute(db);
  }
}
