import { TICKET_STATUS_CLIENT_LABELS, type TicketMessage, type TicketStatus } from '@cm/domain';
import { Download, Paperclip, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Badge, type Tone } from '../../components/Badge';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { DropZone } from '../uploads/DropZone';
import { FileTypeIcon, formatBytes } from '../uploads/fileKinds';
import { ProgressBar } from '../uploads/UploadItemCard';
import { RelativeTime } from '../uploads/ui';
import {
  attachmentHint,
  checkAttachment,
  PORTAL_ATTACHMENT_EXTENSIONS,
  PORTAL_ATTACHMENTS_MAX,
  ticketAttachmentUrl,
} from './PortalTicketUpload';

const STATUS_TONE: Record<TicketStatus, Tone> = {
  new: 'sky',
  open: 'indigo',
  on_hold: 'indigo',
  pending_customer: 'amber',
  solved: 'green',
  closed: 'slate',
};

/** The status as a client reads it: plain words, never the staff vocabulary. */
export function ClientStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {TICKET_STATUS_CLIENT_LABELS[status]}
    </Badge>
  );
}

/**
 * Files to send with a message: pick or drop, each checked before sending (type, size, at most five),
 * removable until sent; one progress bar while the message travels.
 */
export function AttachmentPicker({
  files,
  onChange,
  progress,
  disabled,
  testId = 'ticket-file-input',
}: {
  files: readonly File[];
  onChange: (files: File[]) => void;
  /** 0–1 while sending, null otherwise. */
  progress: number | null;
  disabled?: boolean;
  testId?: string;
}) {
  const [problems, setProblems] = useState<string[]>([]);
  // Once the files are sent (the list empties), earlier refusals no longer apply.
  useEffect(() => {
    if (files.length === 0 && progress === null) setProblems([]);
  }, [files.length, progress]);

  const add = (picked: File[]) => {
    const found: string[] = [];
    const next = [...files];
    for (const file of picked) {
      const problem = checkAttachment(file);
      if (problem) found.push(problem);
      else if (next.length >= PORTAL_ATTACHMENTS_MAX)
        found.push(`${file.name}: a message can carry at most ${PORTAL_ATTACHMENTS_MAX} files.`);
      else if (!next.some((f) => f.name === file.name && f.size === file.size)) next.push(file);
    }
    setProblems(found);
    onChange(next);
  };

  return (
    <div className="space-y-3">
      <DropZone
        extensions={PORTAL_ATTACHMENT_EXTENSIONS}
        onFiles={add}
        title="Attach files"
        hint={attachmentHint}
        compact
        disabled={disabled || files.length >= PORTAL_ATTACHMENTS_MAX}
        testId={testId}
      />
      {problems.length > 0 && (
        <ul role="alert" className="space-y-1 text-sm text-rose-700">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul aria-label="Files to send" className="space-y-2">
          {files.map((file, i) => (
            <li
              key={`${file.name}-${file.size}`}
              className="flex min-w-0 items-center gap-3 rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200"
            >
              <FileTypeIcon fileName={file.name} className="size-8" />
              <div className="min-w-0 flex-1 text-sm">
                <p className="truncate font-medium text-slate-900">{file.name}</p>
                <p className="text-xs text-slate-500">{formatBytes(file.size)}</p>
              </div>
              <button
                type="button"
                disabled={disabled}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
                className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-50"
                aria-label={`Remove ${file.name}`}
              >
                <X className="size-4" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {progress !== null && files.length > 0 && (
        <div className="space-y-1">
          <ProgressBar value={progress * 100} label="Sending files" />
          <p className="text-xs text-slate-500" aria-live="polite">
            Sending files… {Math.round(progress * 100)}%
          </p>
        </div>
      )}
    </div>
  );
}

const AUTHOR_LABEL: Record<TicketMessage['authorKind'], string> = {
  staff: 'Our team',
  client: 'You',
  system: 'Update',
};

/** The public conversation, oldest first; bodies are plain text with their line breaks kept. */
export function PublicThread({ ticketId, messages }: { ticketId: string; messages: readonly TicketMessage[] }) {
  return (
    <ol className="space-y-4" aria-label="Conversation">
      {messages.map((m) => {
        const mine = m.authorKind === 'client';
        return (
          <li
            key={m.id}
            data-testid="portal-message"
            className={cn(
              'min-w-0 rounded-xl px-4 py-3 ring-1',
              mine
                ? 'bg-indigo-50/60 ring-indigo-100 sm:ml-10'
                : m.authorKind === 'system'
                  ? 'bg-slate-50 ring-slate-200'
                  : 'bg-white ring-slate-200 sm:mr-10',
            )}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 text-sm">
              <p className="font-medium text-slate-900">
                {mine ? 'You' : (m.authorName ?? AUTHOR_LABEL[m.authorKind])}
                {m.authorKind === 'staff' && m.authorName && (
                  <span className="font-normal text-slate-500"> · {AUTHOR_LABEL.staff}</span>
                )}
              </p>
              <RelativeTime iso={m.createdAt} className="text-xs text-slate-600" />
            </div>
            <p className="mt-2 text-sm break-words whitespace-pre-wrap text-slate-800">{m.body}</p>
            {m.attachments.length > 0 && (
              <ul className="mt-3 flex flex-col gap-2" aria-label="Attachments">
                {m.attachments.map((a) => (
                  <li key={a.id} className="min-w-0">
                    <a
                      href={ticketAttachmentUrl(ticketId, a.id)}
                      className="inline-flex max-w-full items-center gap-2 rounded-md bg-white px-2.5 py-1.5 text-sm text-indigo-700 ring-1 ring-slate-200 hover:bg-slate-50"
                      download={a.fileName}
                    >
                      <Paperclip className="size-4 shrink-0 text-slate-400" aria-hidden="true" />
                      <span className="truncate">{a.fileName}</span>
                      <span className="shrink-0 text-xs text-slate-500">{formatBytes(a.sizeBytes)}</span>
                      <Download className="size-4 shrink-0" aria-hidden="true" />
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function LastUpdate({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDateTime(iso)}
    </time>
  );
}
