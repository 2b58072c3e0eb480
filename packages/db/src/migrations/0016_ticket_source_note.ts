import { type Kysely, sql } from 'kysely';

/** A ticket made from a customer note (issue 11): linked both ways, one ticket per note. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tickets ADD COLUMN source_note_id uuid REFERENCES customer_notes (id)`.execute(db);
  await sql`CREATE UNIQUE INDEX tickets_source_note_key ON tickets (source_note_id) WHERE source_note_id IS NOT NULL`.execute(
    db,
  );
}
