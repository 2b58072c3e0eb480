import { NOTE_CONTENT_MAX, type NoteType, noteCreateInput } from '@cm/domain';
import { useMutation } from '@tanstack/react-query';
import { Pin } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Field, TextArea, TextInput } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { cn } from '../../lib/cn';
import { apiError, type FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { contentCounter, isSubmitShortcut, issuesToFieldErrors, NOTE_TYPE_OPTIONS, useNotesRefresh } from './noteModel';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The note type as a row of radio pills: one glance, one click, arrow keys move between them. */
export function NoteTypePicker({
  name,
  value,
  onChange,
  error,
}: {
  name: string;
  value: NoteType;
  onChange: (t: NoteType) => void;
  error?: string;
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">Type</legend>
      <div className="flex flex-wrap gap-1.5">
        {NOTE_TYPE_OPTIONS.map((o) => (
          <label
            key={o.value}
            className={cn(
              'cursor-pointer rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600',
              value === o.value
                ? 'bg-indigo-50 text-indigo-800 ring-indigo-500'
                : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
            )}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="sr-only"
            />
            {o.label}
          </label>
        ))}
      </div>
      {error && <p className="mt-1 text-sm text-rose-700">{error}</p>}
    </fieldset>
  );
}

/** Writes a note: type, optional title, text with a counter, pin; Ctrl/Cmd+Enter adds it. */
export function NoteComposer({ customerId }: { customerId: string }) {
  const id = useId();
  const toast = useToast();
  const refresh = useNotesRefresh();
  const [noteType, setNoteType] = useState<NoteType>('general');
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [isPinned, setPinned] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const guard = useUnsavedChangesGuard(
    Boolean(title.trim() || content.trim()),
    'Your note has not been added yet. If you leave now it is lost.',
  );

  const create = useMutation(
    trpc.notes.create.mutationOptions({
      onSuccess: async (note) => {
        toast.success(note.isPinned ? 'Note added and pinned' : 'Note added');
        setTitle('');
        setContent('');
        setPinned(false);
        setErrors({});
        await refresh();
      },
      onError: (err) => {
        const info = apiError(err);
        if (Object.keys(info.fieldErrors).length > 0) setErrors(info.fieldErrors);
        else toast.error('Note not saved', info.message);
      },
    }),
  );

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (create.isPending) return;
    const parsed = noteCreateInput.safeParse({ customerId, noteType, title, content, isPinned });
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const over = content.trim().length > NOTE_CONTENT_MAX;
  const onKeyDown = (e: KeyboardEvent) => {
    if (isSubmitShortcut(e)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="New note">
      {guard.dialog}
      <NoteTypePicker name={`${id}-type`} value={noteType} onChange={setNoteType} error={errors.noteType?.[0]} />
      <Field id={`${id}-title`} label="Title" hint="Optional" error={errors.title}>
        {(control) => (
          <TextInput
            {...control}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={onKeyDown}
          />
        )}
      </Field>
      <Field id={`${id}-content`} label="Note" required error={errors.content}>
        {(control) => (
          <div>
            <TextArea
              {...control}
              aria-describedby={[control['aria-describedby'], `${id}-counter`].filter(Boolean).join(' ')}
              value={content}
              rows={4}
              placeholder="What happened, what was agreed, what comes next…"
              onChange={(e) => {
                setContent(e.target.value);
                if (errors.content) setErrors(({ content: _, ...rest }) => rest);
              }}
              onKeyDown={onKeyDown}
            />
            <div className="mt-1 flex justify-between text-xs text-slate-500">
              <span>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>
                +<kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Enter</kbd> to add
              </span>
              <span
                id={`${id}-counter`}
                className={cn('tabular-nums', over && 'font-medium text-rose-700')}
                data-testid="note-counter"
              >
                {contentCounter(content.length)} characters
              </span>
            </div>
          </div>
        )}
      </Field>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={isPinned}
            onChange={(e) => setPinned(e.target.checked)}
            className="size-4 rounded border-slate-300 text-indigo-600 accent-indigo-600"
          />
          <Pin className="size-3.5 text-slate-500" aria-hidden="true" /> Pin to the top
        </label>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Add note
        </Button>
      </div>
    </form>
  );
}
