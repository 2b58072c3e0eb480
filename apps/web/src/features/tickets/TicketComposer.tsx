import {
  can,
  DEFAULT_DOCUMENT_MAX_FILE_MB,
  DOCUMENT_ALLOWED_EXTENSIONS,
  type MessageVisibility,
  mayCall,
  TICKET_ATTACHMENTS_MAX,
  TICKET_BODY_MAX,
  type Ticket,
  ticketBody,
} from '@cm/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Lock, MessageSquare, Paperclip, Send, X } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { Button, Spinner } from '../../components/Button';
import { TextArea } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { cn } from '../../lib/cn';
import { apiError } from '../../lib/errors';
import { trpc, trpcClient } from '../../lib/trpc';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { sessionLost, useSessionUser } from '../auth/session';
import { checkDocumentFile } from '../documents/documentModel';
import { DropZone } from '../uploads/DropZone';
import { FileTypeIcon, formatBytes, listExtensions } from '../uploads/fileKinds';
import { ProgressBar } from '../uploads/UploadItemCard';
import { newIdempotencyKey, UploadError } from '../uploads/xhrUpload';
import { sendTicketMessage } from './sendTicketMessage';
import { bodyCounter, isMac, isSubmitShortcut, useTicketsRefresh } from './ticketModel';

interface Attachment {
  id: string;
  file: File;
  /** Why this file cannot go (type, size); it stays listed until removed. */
  error?: string;
}

let nextAttachmentId = 1;

const MODES: Record<
  MessageVisibility,
  { label: string; fieldLabel: string; send: string; hint: string; Icon: typeof Lock }
> = {
  public: {
    label: 'Public reply',
    fieldLabel: 'Reply to the customer',
    send: 'Send reply',
    hint: 'The customer sees this reply in their portal.',
    Icon: MessageSquare,
  },
  internal: {
    label: 'Internal note',
    fieldLabel: 'Internal note (staff only)',
    send: 'Add internal note',
    hint: 'Only staff see internal notes; the customer never does.',
    Icon: Lock,
  },
};

/**
 * Writes on a ticket, as a public reply or an internal note (clearly different), with up to five
 * attachments sent with per-file progress. Ctrl/Cmd+Enter sends; unsent text asks before leaving.
 */
export function TicketComposer({ ticket }: { ticket: Ticket }) {
  const id = useId();
  const user = useSessionUser();
  const toast = useToast();
  const refresh = useTicketsRefresh();
  const mayNote = mayCall(user.role, 'tickets.note');
  const [mode, setMode] = useState<MessageVisibility>('public');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<number[] | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const limits = useQuery(trpc.documents.uploadLimits.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const maxMb = limits.data?.maxFileMb ?? DEFAULT_DOCUMENT_MAX_FILE_MB;

  const dirty = body.trim() !== '' || files.length > 0;
  const guard = useUnsavedChangesGuard(
    dirty,
    'Your message on this ticket has not been sent. If you leave now it is lost.',
  );

  const changed = () => {
    // Different content is a different message: a retry of the old one must not answer for it.
    idempotencyKey.current = null;
    if (error) setError(undefined);
  };

  const send = useMutation({
    mutationFn: async (input: { kind: MessageVisibility; body: string; files: File[] }) => {
      if (input.files.length === 0) {
        return input.kind === 'internal'
          ? trpcClient.tickets.note.mutate({ id: ticket.id, body: input.body })
          : trpcClient.tickets.reply.mutate({ id: ticket.id, body: input.body });
      }
      idempotencyKey.current ??= newIdempotencyKey();
      const controller = new AbortController();
      abort.current = controller;
      setProgress(input.files.map(() => 0));
      return sendTicketMessage({
        ticketId: ticket.id,
        kind: input.kind,
        body: input.body,
        files: input.files,
        idempotencyKey: idempotencyKey.current,
        onProgress: setProgress,
        signal: controller.signal,
      });
    },
    onSuccess: async (_message, input) => {
      toast.success(input.kind === 'internal' ? 'Internal note added' : 'Reply sent');
      setBody('');
      setFiles([]);
      setError(undefined);
      idempotencyKey.current = null;
      await refresh();
      textRef.current?.focus();
    },
    onError: (err) => {
      if (err instanceof UploadError) {
        if (err.code === 'ABORTED') return;
        if (err.code === 'UNAUTHORIZED') sessionLost();
        setError(
          err.code === 'NOT_FOUND' && !err.message
            ? 'This ticket no longer exists.'
            : `${err.message}${err.transient ? ' Retrying sends the same message; it will not be posted twice.' : ''}`,
        );
        return;
      }
      const info = apiError(err);
      setError(info.fieldErrors.body?.[0] ?? info.message);
    },
    onSettled: () => {
      setProgress(null);
      abort.current = null;
    },
  });

  const addFiles = (picked: File[]) => {
    const room = TICKET_ATTACHMENTS_MAX - files.length;
    if (room <= 0) {
      setError(`A message can carry at most ${TICKET_ATTACHMENTS_MAX} attachments.`);
      return;
    }
    if (picked.length > room) {
      setError(`Only ${TICKET_ATTACHMENTS_MAX} attachments fit on one message; the rest were left out.`);
    } else if (error) setError(undefined);
    idempotencyKey.current = null;
    setFiles((all) => [
      ...all,
      ...picked.slice(0, room).map((file) => ({
        id: `attachment-${nextAttachmentId++}`,
        file,
        error: checkDocumentFile(file, maxMb),
      })),
    ]);
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (send.isPending) return;
    const parsed = ticketBody.safeParse(body);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      textRef.current?.focus();
      return;
    }
    if (files.some((f) => f.error)) {
      setError('Remove the files that cannot be attached first.');
      return;
    }
    send.mutate({ kind: mode, body: parsed.data, files: files.map((f) => f.file) });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (isSubmitShortcut(e)) {
      e.preventDefault();
      submit();
    }
  };

  if (ticket.status === 'closed') {
    return (
      <p className="rounded-xl border border-slate-200 bg-slate-50 px-5 py-4 text-sm text-slate-600">
        This ticket is closed: it takes no more replies or notes. Open a new ticket for anything further.
      </p>
    );
  }
  if (!can(user.role, 'tickets:reply')) return null;

  const internal = mode === 'internal';
  const m = MODES[mode];
  const over = body.length > TICKET_BODY_MAX;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={m.label}
      data-mode={mode}
      data-testid="ticket-composer"
      className={cn(
        'rounded-xl border-2 p-4 shadow-xs transition-colors sm:p-5',
        internal ? 'border-amber-300 bg-amber-50' : 'border-indigo-200 bg-white',
      )}
    >
      {guard.dialog}
      {mayNote && (
        <fieldset className="mb-3">
          <legend className="sr-only">Message kind</legend>
          <div className="inline-flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
            {(['public', 'internal'] as const).map((k) => {
              const on = mode === k;
              const Icon = MODES[k].Icon;
              return (
                <label
                  key={k}
                  className={cn(
                    'inline-flex cursor-pointer items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600',
                    on && k === 'public' && 'bg-indigo-600 text-white shadow-sm',
                    on && k === 'internal' && 'bg-amber-500 text-amber-950 shadow-sm',
                    !on && 'text-slate-700 hover:text-slate-900',
                  )}
                >
                  <input
                    type="radio"
                    name={`${id}-mode`}
                    value={k}
                    checked={on}
                    onChange={() => setMode(k)}
                    className="sr-only"
                    disabled={send.isPending}
                  />
                  <Icon className="size-4" aria-hidden="true" />
                  {MODES[k].label}
                </label>
              );
            })}
          </div>
        </fieldset>
      )}
      <label htmlFor={`${id}-body`} className="flex items-center gap-1.5 text-sm font-medium text-slate-800">
        {internal && <Lock className="size-3.5 text-amber-700" aria-hidden="true" />}
        {m.fieldLabel}
      </label>
      <p id={`${id}-hint`} className={cn('mt-0.5 text-xs', internal ? 'text-amber-800' : 'text-slate-500')}>
        {m.hint}
      </p>
      <TextArea
        ref={textRef}
        id={`${id}-body`}
        className={cn('mt-2', internal && 'ring-amber-400 focus:ring-amber-600')}
        rows={5}
        value={body}
        aria-invalid={error && !files.length ? true : undefined}
        aria-describedby={`${id}-hint ${id}-counter${error ? ` ${id}-error` : ''}`}
        placeholder={internal ? 'Context for colleagues: what you checked, what comes next…' : 'Write your reply…'}
        onChange={(e) => {
          setBody(e.target.value);
          changed();
        }}
        onKeyDown={onKeyDown}
        readOnly={send.isPending}
      />
      <div className="mt-1 flex flex-wrap justify-between gap-2 text-xs text-slate-500">
        <span>
          <kbd className="rounded border border-slate-300 bg-white px-1 font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+
          <kbd className="rounded border border-slate-300 bg-white px-1 font-sans">Enter</kbd> to send
        </span>
        <span
          id={`${id}-counter`}
          className={cn('tabular-nums', over && 'font-medium text-rose-700')}
          data-testid="composer-counter"
        >
          {bodyCounter(body.length)} characters
        </span>
      </div>

      <div className="mt-3">
        <DropZone
          extensions={DOCUMENT_ALLOWED_EXTENSIONS}
          onFiles={addFiles}
          compact
          title="Drop attachments here"
          hint={`Up to ${TICKET_ATTACHMENTS_MAX} files: ${listExtensions(DOCUMENT_ALLOWED_EXTENSIONS)}, ${maxMb} MB each.`}
          disabled={send.isPending || files.length >= TICKET_ATTACHMENTS_MAX}
          testId="ticket-attachment-input"
        />
        {files.length > 0 && (
          <ul className="mt-2 space-y-2" aria-label="Attachments">
            {files.map((f, i) => {
              const sent = progress?.[i] ?? 0;
              return (
                <li
                  key={f.id}
                  className={cn(
                    'rounded-lg border bg-white px-3 py-2',
                    f.error ? 'border-rose-200' : 'border-slate-200',
                  )}
                  data-testid="composer-attachment"
                >
                  <div className="flex items-center gap-3">
                    <FileTypeIcon fileName={f.file.name} className="size-8" />
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium text-slate-900" title={f.file.name}>
                        {f.file.name}
                      </p>
                      <p className="text-xs text-slate-500">{formatBytes(f.file.size)}</p>
                    </div>
                    {!send.isPending && (
                      <button
                        type="button"
                        onClick={() => {
                          setFiles((all) => all.filter((x) => x.id !== f.id));
                          changed();
                        }}
                        className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
                        aria-label={`Remove ${f.file.name}`}
                      >
                        <X className="size-4" aria-hidden="true" />
                      </button>
                    )}
                  </div>
                  {progress && (
                    <div className="mt-2">
                      <ProgressBar
                        value={f.file.size > 0 ? (sent / f.file.size) * 100 : 100}
                        label={`Sending ${f.file.name}`}
                      />
                    </div>
                  )}
                  {f.error && (
                    <p role="alert" className="mt-1.5 text-sm text-rose-700">
                      {f.error}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>

      {error && (
        <p id={`${id}-error`} role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <div className="mt-4 flex flex-wrap items-center justify-end gap-2">
        {files.length > 0 && (
          <span className="mr-auto inline-flex items-center gap-1 text-xs text-slate-500">
            <Paperclip className="size-3.5" aria-hidden="true" />
            {files.length} of {TICKET_ATTACHMENTS_MAX} attachments
          </span>
        )}
        {send.isPending && progress && <Button onClick={() => abort.current?.abort()}>Cancel</Button>}
        {internal ? (
          <button
            type="submit"
            disabled={send.isPending}
            aria-busy={send.isPending || undefined}
            className="inline-flex h-9 shrink-0 items-center justify-center gap-2 rounded-md bg-amber-500 px-4 text-sm font-medium whitespace-nowrap text-amber-950 shadow-sm transition-colors hover:bg-amber-400 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {send.isPending ? <Spinner /> : <Lock className="size-4" aria-hidden="true" />}
            {m.send}
          </button>
        ) : (
          <Button type="submit" variant="primary" busy={send.isPending}>
            {!send.isPending && <Send className="size-4" aria-hidden="true" />}
            {m.send}
          </Button>
        )}
      </div>
    </form>
  );
}
