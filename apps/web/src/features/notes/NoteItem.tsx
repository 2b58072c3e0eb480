import { NOTE_CONTENT_MAX, NOTE_TYPE_LABELS, type Note, type NoteType, noteUpdateInput } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Pencil, Pin, PinOff, RefreshCw, Trash2 } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, TextArea, TextInput } from '../../components/Field';
import { SelectControl } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { cn } from '../../lib/cn';
import { apiError, type FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useUnsavedWork } from '../../lib/unsavedWork';
import { RelativeTime } from '../uploads/ui';
import type { PickedCustomer } from '../users/CustomerPicker';
import { NoteTicketLink } from './NoteTicketLink';
import {
  contentCounter,
  isSubmitShortcut,
  issuesToFieldErrors,
  NOTE_TONE,
  NOTE_TYPE_OPTIONS,
  useNotesRefresh,
} from './noteModel';

interface Draft {
  noteType: NoteType;
  title: string;
  content: string;
}

const LONG = 600;

/** One note: read, pin, edit in place (with the version it was read at), delete for admins. */
export function NoteItem({
  note,
  customer,
  mayEdit,
  mayDelete,
}: {
  note: Note;
  customer: PickedCustomer;
  mayEdit: boolean;
  mayDelete: boolean;
}) {
  const customerId = customer.id;
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const refresh = useNotesRefresh();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>({
    noteType: note.noteType,
    title: note.title ?? '',
    content: note.content,
  });
  const [version, setVersion] = useState(note.version);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<null | 'stale' | 'reloaded'>(null);
  const [latest, setLatest] = useState<Note | null>(null);
  const [reloading, setReloading] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [expanded, setExpanded] = useState(false);

  const startEdit = () => {
    setDraft({ noteType: note.noteType, title: note.title ?? '', content: note.content });
    setVersion(note.version);
    setErrors({});
    setConflict(null);
    setLatest(null);
    setEditing(true);
  };

  const update = useMutation(
    trpc.notes.update.mutationOptions({
      onSuccess: async () => {
        toast.success('Note saved');
        setEditing(false);
        setConflict(null);
        await refresh();
      },
      onError: (err) => {
        const info = apiError(err);
        if (info.code === 'CONFLICT') setConflict('stale');
        else if (Object.keys(info.fieldErrors).length > 0) setErrors(info.fieldErrors);
        else {
          toast.error('Note not saved', info.message);
          if (info.code === 'NOT_FOUND') void refresh();
        }
      },
    }),
  );
  const pin = useMutation(
    trpc.notes.pin.mutationOptions({
      onSuccess: async (n) => {
        toast.success(n.isPinned ? 'Note pinned' : 'Note unpinned');
        await refresh();
      },
      onError: (err) => toast.error('Not changed', apiError(err).message),
    }),
  );
  const remove = useMutation(
    trpc.notes.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Note deleted');
        setConfirmDelete(false);
        await refresh();
      },
      onError: (err) => {
        toast.error('Not deleted', apiError(err).message);
        setConfirmDelete(false);
      },
    }),
  );

  const save = (e?: FormEvent) => {
    e?.preventDefault();
    if (update.isPending) return;
    const parsed = noteUpdateInput.safeParse({ customerId, noteId: note.id, version, ...draft });
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    update.mutate(parsed.data);
  };

  /** Fetches the latest saved note; the typed text stays, the next save carries the new version. */
  const reload = async () => {
    setReloading(true);
    try {
      const fresh = await queryClient.fetchQuery(
        trpc.notes.byId.queryOptions({ customerId, noteId: note.id }, { staleTime: 0 }),
      );
      setLatest(fresh);
      setVersion(fresh.version);
      setConflict('reloaded');
      void refresh();
    } catch (err) {
      toast.error('Could not reload the note', apiError(err).message);
    } finally {
      setReloading(false);
    }
  };

  /** Whether the draft differs from the saved note (Escape then asks before discarding it). */
  const changed =
    draft.noteType !== note.noteType || draft.title !== (note.title ?? '') || draft.content !== note.content;
  useUnsavedWork(editing && changed);

  const onKeyDown = (e: KeyboardEvent) => {
    if (isSubmitShortcut(e)) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape' && !update.isPending) {
      e.preventDefault();
      // Escape is easy to hit by accident: ask before throwing typed changes away.
      if (changed) setConfirmDiscard(true);
      else setEditing(false);
    }
  };

  const edited = Date.parse(note.updatedAt) - Date.parse(note.createdAt) > 1000;
  const long = note.content.length > LONG || note.content.split('\n').length > 10;

  return (
    <li
      data-testid="note"
      data-pinned={note.isPinned || undefined}
      className={cn('relative px-5 py-4', note.isPinned && 'bg-amber-50/50')}
    >
      {note.isPinned && <span className="absolute inset-y-0 left-0 w-0.5 bg-amber-400" aria-hidden="true" />}
      {editing ? (
        <form onSubmit={save} noValidate className="space-y-3" aria-label="Edit note">
          {conflict === 'stale' && (
            <div
              role="alert"
              className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
            >
              <p className="font-semibold">Someone else changed this note while you were editing</p>
              <p className="mt-1">
                Your text has not been saved and is kept below. Load the latest version, then save again.
              </p>
              <Button className="mt-2" size="sm" variant="primary" onClick={() => void reload()} busy={reloading}>
                <RefreshCw className="size-3.5" aria-hidden="true" /> Reload latest
              </Button>
            </div>
          )}
          {conflict === 'reloaded' && latest && (
            <div
              role="status"
              className="rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950"
              data-testid="note-latest"
            >
              <p className="font-semibold">Latest version loaded — your text is kept</p>
              <p className="mt-1">Saving now replaces the latest saved note, shown here for comparison:</p>
              <blockquote className="mt-2 max-h-40 overflow-auto rounded-md bg-white px-3 py-2 whitespace-pre-wrap text-slate-700 ring-1 ring-indigo-100">
                {latest.title && <span className="mb-1 block font-semibold">{latest.title}</span>}
                {latest.content}
              </blockquote>
            </div>
          )}
          <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
            <Field id={`${id}-type`} label="Type" error={errors.noteType}>
              {(control) => (
                <SelectControl
                  control={control}
                  value={draft.noteType}
                  onValueChange={(v) => setDraft((d) => ({ ...d, noteType: v as NoteType }))}
                  options={NOTE_TYPE_OPTIONS}
                />
              )}
            </Field>
            <Field id={`${id}-title`} label="Title" error={errors.title}>
              {(control) => (
                <TextInput
                  {...control}
                  value={draft.title}
                  maxLength={200}
                  onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
                  onKeyDown={onKeyDown}
                />
              )}
            </Field>
          </div>
          <Field id={`${id}-content`} label="Note" required error={errors.content}>
            {(control) => (
              <div>
                <TextArea
                  {...control}
                  value={draft.content}
                  rows={5}
                  autoFocus
                  onChange={(e) => setDraft((d) => ({ ...d, content: e.target.value }))}
                  onKeyDown={onKeyDown}
                />
                <p
                  className={cn(
                    'mt-1 text-right text-xs text-slate-500 tabular-nums',
                    draft.content.trim().length > NOTE_CONTENT_MAX && 'font-medium text-rose-700',
                  )}
                >
                  {contentCounter(draft.content.length)} characters
                </p>
              </div>
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button size="sm" onClick={() => setEditing(false)} disabled={update.isPending}>
              Cancel
            </Button>
            <Button size="sm" type="submit" variant="primary" busy={update.isPending} disabled={conflict === 'stale'}>
              Save note
            </Button>
          </div>
        </form>
      ) : (
        <article aria-labelledby={`${id}-heading`}>
          <div className="flex items-start gap-3">
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={NOTE_TONE[note.noteType]}>{NOTE_TYPE_LABELS[note.noteType]}</Badge>
                {note.isPinned && (
                  <span className="inline-flex items-center gap-1 text-xs font-medium text-amber-800">
                    <Pin className="size-3" aria-hidden="true" /> Pinned
                  </span>
                )}
                <h3 id={`${id}-heading`} className="text-sm font-semibold text-slate-900">
                  {note.title ?? <span className="sr-only">{NOTE_TYPE_LABELS[note.noteType]} note</span>}
                </h3>
              </div>
              <p
                className={cn(
                  'mt-2 text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800',
                  long && !expanded && 'line-clamp-6',
                )}
              >
                {note.content}
              </p>
              {long && (
                <button
                  type="button"
                  className="mt-1 text-xs font-medium text-indigo-700 hover:underline"
                  aria-expanded={expanded}
                  onClick={() => setExpanded((v) => !v)}
                >
                  {expanded ? 'Show less' : 'Show more'}
                </button>
              )}
              <p className="mt-2 text-xs text-slate-500">
                <span className="font-medium text-slate-600">{note.createdByName ?? 'Unknown user'}</span> ·{' '}
                <RelativeTime iso={note.createdAt} />
                {edited && (
                  <>
                    {' '}
                    · edited <RelativeTime iso={note.updatedAt} />
                  </>
                )}
              </p>
              <NoteTicketLink note={note} customer={customer} />
            </div>
            {(mayEdit || mayDelete) && (
              <div className="flex shrink-0 items-center gap-0.5">
                {mayEdit && (
                  <>
                    <IconButton
                      label={note.isPinned ? 'Unpin note' : 'Pin note'}
                      pressed={note.isPinned}
                      busy={pin.isPending}
                      onClick={() => pin.mutate({ customerId, noteId: note.id, pinned: !note.isPinned })}
                    >
                      {note.isPinned ? (
                        <PinOff className="size-4" aria-hidden="true" />
                      ) : (
                        <Pin className="size-4" aria-hidden="true" />
                      )}
                    </IconButton>
                    <IconButton label="Edit note" onClick={startEdit}>
                      <Pencil className="size-4" aria-hidden="true" />
                    </IconButton>
                  </>
                )}
                {mayDelete && (
                  <IconButton label="Delete note" danger onClick={() => setConfirmDelete(true)}>
                    <Trash2 className="size-4" aria-hidden="true" />
                  </IconButton>
                )}
              </div>
            )}
          </div>
        </article>
      )}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this note?"
        description="It disappears from the customer's notes. The deletion is recorded in the activity timeline."
        confirmLabel="Delete note"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ customerId, noteId: note.id })}
      />
      <ConfirmDialog
        open={confirmDiscard}
        onOpenChange={setConfirmDiscard}
        title="Discard your changes?"
        description="Your edits to this note have not been saved. Cancel to keep editing."
        confirmLabel="Discard changes"
        onConfirm={() => {
          setConfirmDiscard(false);
          setEditing(false);
        }}
      />
    </li>
  );
}

function IconButton({
  label,
  onClick,
  children,
  pressed,
  busy,
  danger,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
  pressed?: boolean;
  busy?: boolean;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      disabled={busy}
      className={cn(
        'rounded-md p-1.5 text-slate-400 transition-colors disabled:opacity-50',
        danger ? 'hover:bg-rose-50 hover:text-rose-700' : 'hover:bg-slate-100 hover:text-slate-700',
        pressed && 'text-amber-600',
      )}
    >
      {children}
    </button>
  );
}
