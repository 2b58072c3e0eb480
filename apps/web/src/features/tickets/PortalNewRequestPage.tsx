import {
  TICKET_BODY_MAX,
  TICKET_SUBJECT_MAX,
  TICKET_TYPE_LABELS,
  type TicketType,
  ticketCreateInput,
} from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field, TextArea, TextInput } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { SelectControl } from '../../components/SelectField';
import { Alert, EmptyState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError, type FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { useSessionUser } from '../auth/session';
import { isSubmitShortcut, issuesToFieldErrors } from '../notes/noteModel';
import { newIdempotencyKey, UploadError } from '../uploads/xhrUpload';
import { AttachmentPicker } from './PortalTicketParts';
import { postTicketMessage } from './PortalTicketUpload';

/** What a client may open; compliance work is started by staff. */
const CLIENT_TYPES = ['question', 'request', 'complaint', 'incident'] as const satisfies readonly TicketType[];
const TYPE_OPTIONS = CLIENT_TYPES.map((t) => ({ value: t, label: TICKET_TYPE_LABELS[t] }));

export interface UnsentFilesState {
  unsentFiles?: File[];
  unsentError?: string;
}

export function PortalNewRequestPage() {
  useDocumentTitle('Open a request');
  const user = useSessionUser();
  const customerId = user.customerId ?? user.customer?.id ?? null;
  if (!customerId) {
    return (
      <EmptyState title="Your login is not linked to an account yet">
        Please contact us so we can link your login to your customer account.
      </EmptyState>
    );
  }
  return <NewRequestForm customerId={customerId} />;
}

function NewRequestForm({ customerId }: { customerId: string }) {
  const id = useId();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState('');
  const [type, setType] = useState<TicketType | ''>('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const attachKey = useRef(newIdempotencyKey());
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const create = useMutation(trpc.tickets.create.mutationOptions());
  const busy = create.isPending || progress !== null;
  const dirty = (subject.trim() !== '' || body.trim() !== '' || files.length > 0) && !busy;
  const guard = useUnsavedChangesGuard(
    dirty,
    'Your request has not been sent. If you leave now, what you typed is lost.',
  );

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setFailure(null);
    const parsed = ticketCreateInput.safeParse({ customerId, subject, type: type || undefined, body });
    if (!parsed.success) {
      const found = issuesToFieldErrors(parsed.error.issues);
      setErrors(found);
      if (found.subject) subjectRef.current?.focus();
      else if (found.body && !found.type) bodyRef.current?.focus();
      return;
    }
    setErrors({});
    let ticket: Awaited<ReturnType<typeof create.mutateAsync>>;
    try {
      ticket = await create.mutateAsync({ customerId, subject, type: parsed.data.type, body });
    } catch (err) {
      const info = apiError(err);
      if (Object.keys(info.fieldErrors).length > 0) setErrors(info.fieldErrors);
      setFailure(info.message);
      return;
    }
    void queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() });
    guard.allowNextNavigation();
    let unsent: UnsentFilesState = {};
    if (files.length > 0) {
      setProgress(0);
      try {
        await postTicketMessage({
          ticketId: ticket.id,
          body: `Attached: ${files.map((f) => f.name).join(', ')}`,
          files,
          idempotencyKey: attachKey.current,
          onProgress: setProgress,
        });
      } catch (err) {
        const message = err instanceof UploadError ? err.message : 'The files could not be sent.';
        unsent = { unsentFiles: files, unsentError: message };
      } finally {
        setProgress(null);
      }
    }
    if (unsent.unsentFiles) {
      toast.error(`Request ${ticket.ticketNumber} opened, but the files were not attached`, unsent.unsentError);
    } else {
      toast.success(`Request ${ticket.ticketNumber} sent`, 'We will answer here; you will see our reply on this page.');
    }
    await navigate(`/portal/requests/${ticket.id}`, { state: unsent });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (isSubmitShortcut(e)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/portal/requests" className="inline-flex items-center gap-1 hover:text-slate-800">
            <ArrowLeft className="size-4" aria-hidden="true" /> My requests
          </Link>
        }
        title="Open a request"
        description="Tell us what you need. We answer on working days; you can follow the conversation here."
      />
      <Card className="p-4 sm:p-6">
        <form onSubmit={(e) => void submit(e)} noValidate className="space-y-5" aria-label="New request">
          {failure && <Alert title="Your request was not sent">{failure}</Alert>}
          <Field id={`${id}-subject`} label="Subject" required error={errors.subject}>
            {(control) => (
              <TextInput
                {...control}
                ref={subjectRef}
                value={subject}
                maxLength={TICKET_SUBJECT_MAX}
                onChange={(e) => setSubject(e.target.value)}
                onKeyDown={onKeyDown}
                placeholder="In a few words"
              />
            )}
          </Field>
          <Field id={`${id}-type`} label="What is it about?" required error={errors.type}>
            {(control) => (
              <SelectControl
                control={control}
                value={type}
                onValueChange={(v) => {
                  setType(v as TicketType);
                  setErrors(({ type: _, ...rest }) => rest);
                }}
                options={TYPE_OPTIONS}
                placeholder="Choose a kind of request"
              />
            )}
          </Field>
          <Field
            id={`${id}-body`}
            label="Description"
            required
            error={errors.body}
            hint="Ctrl+Enter (⌘+Enter on a Mac) sends the request."
          >
            {(control) => (
              <TextArea
                {...control}
                ref={bodyRef}
                rows={7}
                value={body}
                maxLength={TICKET_BODY_MAX}
                onChange={(e) => setBody(e.target.value)}
                onKeyDown={onKeyDown}
              />
            )}
          </Field>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">Attachments (optional)</legend>
            <AttachmentPicker files={files} onChange={setFiles} progress={progress} disabled={busy} />
          </fieldset>
          <div className="flex flex-wrap justify-end gap-2">
            <Link to="/portal/requests" className={buttonClass('secondary')}>
              Cancel
            </Link>
            <Button type="submit" variant="primary" busy={busy}>
              Send request
            </Button>
          </div>
        </form>
      </Card>
      {guard.dialog}
    </>
  );
}
