import {
  KYC_DOCUMENT_TYPE_LABELS,
  REOPEN_WINDOW_DAYS,
  TICKET_BODY_MAX,
  TICKET_TYPE_LABELS,
  type Ticket,
  ticketBody,
} from '@cm/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, FileWarning, Lock, MessageSquarePlus } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { Field, TextArea } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { Alert, EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useUnsavedWork } from '../../lib/unsavedWork';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { sessionLost, useSessionUser } from '../auth/session';
import { KycUploader, type KycUploaderHandle } from '../kyc/KycUploader';
import { isSubmitShortcut } from '../notes/noteModel';
import { newIdempotencyKey, UploadError } from '../uploads/xhrUpload';
import type { UnsentFilesState } from './PortalNewRequestPage';
import { AttachmentPicker, ClientStatusBadge, PublicThread } from './PortalTicketParts';
import { postTicketMessage } from './PortalTicketUpload';
import { useTicketChanges } from './useTicketChanges';

export function PortalRequestPage() {
  const { id = '' } = useParams();
  useTicketChanges();
  const ticket = useQuery(trpc.tickets.byId.queryOptions({ id }, { staleTime: 0 }));
  useDocumentTitle(ticket.data ? `${ticket.data.ticketNumber} · ${ticket.data.subject}` : 'My request');

  if (ticket.isPending) return <LoadingBlock label="Loading your request…" lines={6} />;
  if (ticket.isError) {
    const notFound = ['NOT_FOUND', 'BAD_REQUEST', 'FORBIDDEN'].includes(apiError(ticket.error).code);
    return notFound ? (
      <EmptyState
        title="We could not find this request"
        action={
          <Link to="/portal/requests" className={buttonClass('secondary')}>
            Back to my requests
          </Link>
        }
      >
        It may have been removed, or the link is not complete.
      </EmptyState>
    ) : (
      <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} title="Your request could not be loaded" />
    );
  }
  return <RequestView ticket={ticket.data} />;
}

function RequestView({ ticket }: { ticket: Ticket }) {
  const user = useSessionUser();
  const customerId = user.customerId ?? user.customer?.id ?? ticket.customerId;
  const awaitingDoc =
    ticket.status === 'pending_customer' && ticket.awaiting?.kind === 'kyc_document'
      ? ticket.awaiting.documentType
      : null;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link to="/portal/requests" className="inline-flex items-center gap-1 hover:text-slate-800">
            <ArrowLeft className="size-4" aria-hidden="true" /> My requests
          </Link>
        }
        title={<span className="break-words">{ticket.subject}</span>}
        description={
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="tabular-nums">{ticket.ticketNumber}</span>
            <span className="contents" data-testid="portal-request-status">
              <ClientStatusBadge status={ticket.status} />
            </span>
            <span>{TICKET_TYPE_LABELS[ticket.type]}</span>
            <span>Opened {formatDateTime(ticket.createdAt)}</span>
            {ticket.assigneeName && <span>Handled by {ticket.assigneeName}</span>}
          </div>
        }
      />
      {awaitingDoc && (
        <AwaitingDocument
          customerId={customerId}
          documentType={awaitingDoc}
          label={KYC_DOCUMENT_TYPE_LABELS[awaitingDoc]}
        />
      )}
      <Thread ticketId={ticket.id} />
      <ReplyArea ticket={ticket} />
    </div>
  );
}

/** The request waits for a KYC document: say which, and let the client send it right here. */
function AwaitingDocument({
  customerId,
  documentType,
  label,
}: {
  customerId: string;
  documentType: NonNullable<Ticket['awaiting']>['documentType'];
  label: string;
}) {
  const uploader = useRef<KycUploaderHandle>(null);
  return (
    <section
      aria-labelledby="awaiting-title"
      data-testid="portal-awaiting"
      className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-4 text-amber-950 sm:px-5"
    >
      <h2 id="awaiting-title" className="flex items-center gap-2 text-base font-semibold">
        <FileWarning className="size-5 shrink-0 text-amber-600" aria-hidden="true" />
        We need your {label}
      </h2>
      <p className="mt-1 text-sm">
        Please send it through your documents. As soon as it arrives we carry on with this request.
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="primary" onClick={() => uploader.current?.pick([documentType])}>
          Upload your {label}
        </Button>
        <Link to="/portal#kyc" className={buttonClass('secondary')}>
          Go to my documents
        </Link>
      </div>
      <div className="mt-4 rounded-lg bg-white p-3 ring-1 ring-amber-200">
        <KycUploader customerId={customerId} ref={uploader} title={`Drop your ${label} here`} />
      </div>
    </section>
  );
}

function Thread({ ticketId }: { ticketId: string }) {
  const messages = useInfiniteQuery(
    trpc.tickets.messages.infiniteQueryOptions(
      { id: ticketId, limit: 100 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 0 },
    ),
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messages;
  // Oldest first: the newest messages are on the last pages, so the whole thread is loaded.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card>
      <CardHeader title="Conversation" />
      <div className="p-4 sm:p-5">
        {messages.isPending ? (
          <LoadingBlock label="Loading the conversation…" lines={3} />
        ) : messages.isError ? (
          <ErrorState
            error={messages.error}
            onRetry={() => void messages.refetch()}
            title="The conversation could not be loaded"
          />
        ) : items.length === 0 ? (
          <p className="text-sm text-slate-600">No messages yet.</p>
        ) : (
          <PublicThread ticketId={ticketId} messages={items} />
        )}
      </div>
    </Card>
  );
}

function ClosedNotice({ expired }: { expired?: boolean }) {
  return (
    <section
      aria-labelledby="closed-title"
      data-testid="portal-closed"
      className="rounded-xl border border-slate-200 bg-white px-4 py-4 sm:px-5"
    >
      <h2 id="closed-title" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        <Lock className="size-4 text-slate-500" aria-hidden="true" />
        {expired
          ? 'This request can no longer be reopened — open a new one'
          : 'This request is closed — open a new one'}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {expired
          ? `It was solved more than ${REOPEN_WINDOW_DAYS} days ago. Anything further is a new request.`
          : 'Closed requests take no more replies. Anything further is a new request.'}
      </p>
      <Link to="/portal/requests/new" className={buttonClass('primary', 'md', 'mt-3')}>
        <MessageSquarePlus className="size-4" aria-hidden="true" /> Open a new request
      </Link>
    </section>
  );
}

function ReplyArea({ ticket }: { ticket: Ticket }) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const location = useLocation();
  const unsent = (location.state ?? {}) as UnsentFilesState;
  const [body, setBody] = useState(() => (unsent.unsentFiles?.length ? 'Here are the files for my request.' : ''));
  const [files, setFiles] = useState<File[]>(() => unsent.unsentFiles ?? []);
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [unsentNote, setUnsentNote] = useState<string | null>(unsent.unsentError ?? null);
  const [closedNow, setClosedNow] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const key = useRef(newIdempotencyKey());
  const textRef = useRef<HTMLTextAreaElement>(null);
  const reply = useMutation(trpc.tickets.reply.mutationOptions());
  const busy = reply.isPending || progress !== null;
  useUnsavedWork(body.trim() !== '' || files.length > 0);

  const solvedAgo = ticket.solvedAt ? Date.now() - new Date(ticket.solvedAt).getTime() : 0;
  const reopens = ticket.status === 'solved' && solvedAgo < REOPEN_WINDOW_DAYS * 86_400_000;
  if (ticket.status === 'closed' || closedNow) return <ClosedNotice />;
  if (ticket.status === 'solved' && !reopens) return <ClosedNotice expired />;

  const sent = async () => {
    setBody('');
    setFiles([]);
    setFailure(null);
    setUnsentNote(null);
    key.current = newIdempotencyKey();
    await queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() });
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setFailure(null);
    const parsed = ticketBody.safeParse(body);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      textRef.current?.focus();
      return;
    }
    setError(undefined);
    try {
      if (files.length > 0) {
        setProgress(0);
        await postTicketMessage({
          ticketId: ticket.id,
          body,
          files,
          idempotencyKey: key.current,
          onProgress: setProgress,
        });
      } else {
        await reply.mutateAsync({ id: ticket.id, body });
      }
    } catch (err) {
      const info = err instanceof UploadError ? { code: err.code, message: err.message } : apiError(err);
      if (info.code === 'UNAUTHORIZED' && err instanceof UploadError) sessionLost();
      if (info.code === 'PRECONDITION_FAILED') {
        setClosedNow(true);
        void queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() });
        return;
      }
      // What was typed (and the files) stays, so sending again is one click.
      setFailure(info.message);
      return;
    } finally {
      setProgress(null);
    }
    toast.success('Reply sent');
    await sent();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (isSubmitShortcut(e)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <Card>
      <CardHeader title="Reply" description={reopens ? 'Replying reopens this request.' : undefined} />
      <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4 p-4 sm:p-5" aria-label="Reply">
        {unsentNote && (
          <Alert tone="amber" title="Your files are not attached yet">
            {unsentNote} They are ready below: send them with a reply.
          </Alert>
        )}
        {failure && <Alert title="Your reply was not sent">{failure}</Alert>}
        <Field
          id={`${id}-body`}
          label="Your message"
          required
          error={error}
          hint="Ctrl+Enter (⌘+Enter on a Mac) sends."
        >
          {(control) => (
            <TextArea
              {...control}
              ref={textRef}
              rows={5}
              value={body}
              maxLength={TICKET_BODY_MAX}
              onChange={(e) => {
                setBody(e.target.value);
                if (error) setError(undefined);
              }}
              onKeyDown={onKeyDown}
            />
          )}
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Attachments (optional)</legend>
          <AttachmentPicker
            files={files}
            onChange={setFiles}
            progress={progress}
            disabled={busy}
            testId="reply-file-input"
          />
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" variant="primary" busy={busy}>
            Send reply
          </Button>
        </div>
      </form>
    </Card>
  );
}
