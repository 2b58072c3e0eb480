import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { CustomerNotesTable, Database } from '../schema';

/** Notes with their author's name and the ticket made from them, if any (its live status). */
const withAuthor = (db: Kysely<Database>) =>
  db
    .selectFrom('customer_notes as n')
    .leftJoin('users as u', 'u.id', 'n.created_by')
    .leftJoin('tickets as t', (j) => j.onRef('t.source_note_id', '=', 'n.id').on('t.deleted_at', 'is', null))
    .selectAll('n')
    .select(['u.name as created_by_name', 't.id as ticket_id', 't.ticket_number', 't.status as ticket_status']);

export function insertNote(db: Kysely<Database>, values: Insertable<CustomerNotesTable>) {
  return db.insertInto('customer_notes').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findNote(db: Kysely<Database>, customerId: string, noteId: string) {
  return withAuthor(db)
    .where('n.id', '=', noteId)
    .where('n.customer_id', '=', customerId)
    .where('n.deleted_at', 'is', null)
    .executeTakeFirst();
}

export function updateNote(db: Kysely<Database>, id: string, version: number, patch: Updateable<CustomerNotesTable>) {
  return db
    .updateTable('customer_notes')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** Pinned first, then newest; keyset over (is_pinned, created_at, id), all descending. */
export function listNotes(
  db: Kysely<Database>,
  q: {
    customerId: string;
    noteType?: string;
    after?: [boolean, string, string];
    limit: number;
    includeDeleted?: boolean;
  },
) {
  let query = withAuthor(db)
    .where('n.customer_id', '=', q.customerId)
    .orderBy('n.is_pinned', 'desc')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(q.limit + 1);
  if (!q.includeDeleted) query = query.where('n.deleted_at', 'is', null);
  if (q.noteType) query = query.where('n.note_type', '=', q.noteType as never);
  if (q.after) {
    query = query.where(
      sql`(n.is_pinned, n.created_at, n.id)`,
      '<',
      sql`(${q.after[0]}::boolean, ${q.after[1]}::timestamptz, ${q.after[2]}::uuid)`,
    );
  }
  return query.execute();
}
