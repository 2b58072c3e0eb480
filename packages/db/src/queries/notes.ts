import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { prepared } from '../prepared';
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

/** A customer's live notes in page order, compiled once: the console's notes tab reads these on every visit. */
const liveNotesPage = {
  first: prepared((db, customerId: string, take: number) =>
    notesPage(withAuthor(db), customerId, take).where('n.deleted_at', 'is', null),
  ),
  after: prepared((db, customerId: string, take: number, pinned: boolean, createdAt: string, id: string) =>
    keysetAfter(notesPage(withAuthor(db), customerId, take).where('n.deleted_at', 'is', null), [pinned, createdAt, id]),
  ),
};

type NotesQuery = ReturnType<typeof withAuthor>;

/** Pinned first, then newest; keyset over (is_pinned, created_at, id), all descending. */
function notesPage(query: NotesQuery, customerId: string, take: number) {
  return query
    .where('n.customer_id', '=', customerId)
    .orderBy('n.is_pinned', 'desc')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(take);
}

function keysetAfter(query: NotesQuery, after: [boolean, string, string]) {
  return query.where(
    sql`(n.is_pinned, n.created_at, n.id)`,
    '<',
    sql`(${after[0]}::boolean, ${after[1]}::timestamptz, ${after[2]}::uuid)`,
  );
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
  const take = q.limit + 1;
  if (!q.includeDeleted && !q.noteType) {
    return q.after
      ? liveNotesPage.after(db, q.customerId, take, ...q.after)
      : liveNotesPage.first(db, q.customerId, take);
  }
  let query = notesPage(withAuthor(db), q.customerId, take);
  if (!q.includeDeleted) query = query.where('n.deleted_at', 'is', null);
  if (q.noteType) query = query.where('n.note_type', '=', q.noteType as never);
  if (q.after) query = keysetAfter(query, q.after);
  return query.execute();
}
