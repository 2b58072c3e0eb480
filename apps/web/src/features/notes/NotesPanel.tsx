import { type Customer, can, NOTE_TYPE_LABELS, NOTE_TYPES } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { StickyNote } from 'lucide-react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useSearchParamChoice } from '../../lib/useSearchParamChoice';
import { useSessionUser } from '../auth/session';
import { FilterChips } from '../uploads/ui';
import { NoteComposer } from './NoteComposer';
import { NoteItem } from './NoteItem';
import { NOTE_TYPE_OPTIONS } from './noteModel';

const PAGE = 20;

/** The Notes tab: composer, type filter, pinned notes first, then newest, with "Load more". */
export function NotesPanel({ customer }: { customer: Customer }) {
  const user = useSessionUser();
  const [noteType, setNoteType] = useSearchParamChoice('noteType', NOTE_TYPES);
  const notes = useInfiniteQuery(
    trpc.notes.list.infiniteQueryOptions(
      { customerId: customer.id, limit: PAGE, ...(noteType ? { noteType } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];
  const mayCreate = can(user.role, 'notes:create');
  const mayEdit = can(user.role, 'notes:edit');
  const mayDelete = can(user.role, 'notes:delete');

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      {mayCreate && (
        <Card className="lg:sticky lg:top-6">
          <CardHeader title="Add a note" description="Calls, meetings, follow-ups and internal remarks." />
          <div className="p-5">
            <NoteComposer customerId={customer.id} />
          </div>
        </Card>
      )}
      <Card className={mayCreate ? undefined : 'lg:col-span-2'}>
        <CardHeader title="Notes" description="Pinned notes first, then the newest." />
        <div className="border-b border-slate-100 px-5 py-3">
          <FilterChips
            label="Filter notes by type"
            options={NOTE_TYPE_OPTIONS}
            value={noteType}
            onChange={setNoteType}
            allLabel="All types"
          />
        </div>
        {notes.isPending ? (
          <LoadingBlock label="Loading notes…" />
        ) : notes.isError ? (
          <ErrorState error={notes.error} onRetry={() => void notes.refetch()} title="Notes could not be loaded" />
        ) : items.length === 0 ? (
          noteType ? (
            <EmptyState
              icon={<StickyNote className="size-6" />}
              title={`No ${NOTE_TYPE_LABELS[noteType].toLowerCase()} notes`}
              action={<Button onClick={() => setNoteType(null)}>Show all notes</Button>}
            />
          ) : (
            <EmptyState icon={<StickyNote className="size-6" />} title="No notes yet">
              {mayCreate
                ? `Notes about ${customer.displayName} will appear here, pinned ones first.`
                : 'Nobody has written a note yet.'}
            </EmptyState>
          )
        ) : (
          <>
            <ul className="divide-y divide-slate-100" aria-label="Notes" aria-busy={notes.isFetching || undefined}>
              {items.map((note) => (
                <NoteItem key={note.id} note={note} customer={customer} mayEdit={mayEdit} mayDelete={mayDelete} />
              ))}
            </ul>
            {notes.hasNextPage && (
              <div className="flex justify-center border-t border-slate-100 px-5 py-4">
                <Button onClick={() => void notes.fetchNextPage()} busy={notes.isFetchingNextPage}>
                  Load more
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
