import { type Kysely, sql } from 'kysely';

/**
 * Accent- and case-insensitive customer search: "muller" finds "Müller", "lodz" finds "Łódź".
 * One SQL function folds both the stored search text and the searched term, so the two can
 * never disagree. Every function it calls is immutable, as a generated column requires.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT replace(replace(replace(replace(replace(
        lower(translate(regexp_replace(normalize(t, NFD), '[\\u0300-\\u036f]', '', 'g'),
                        'łŁøØđĐħĦı', 'llooddhhi')),
        'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe')
    $$`.execute(db);
  // Rebuilding the generated column drops its trigram index with it.
  await sql`ALTER TABLE customers DROP COLUMN search_text`.execute(db);
  await sql`
    ALTER TABLE customers ADD COLUMN search_text text GENERATED ALWAYS AS (
      search_fold(
        customer_number || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
        coalesce(company_name, '') || ' ' || email || ' ' || coalesce(phone, '')
      )
    ) STORED`.execute(db);
  await sql`CREATE INDEX customers_search_trgm_idx ON customers USING gin (search_text gin_trgm_ops)`.execute(db);
}
