import type { TicketMessage } from '@cm/domain';
import { DEFAULT_DOCUMENT_MAX_FILE_MB, DOCUMENT_ALLOWED_EXTENSIONS, TICKET_ATTACHMENTS_MAX } from '@cm/domain';
import { extensionOf, formatBytes, listExtensions } from '../uploads/fileKinds';
import { UploadError } from '../uploads/xhrUpload';

/**
 * Clients hold no documents permission, so they cannot ask the server for its document limit; this
 * hint matches the default and the server's 413 has the last word.
 */
export const PORTAL_ATTACHMENT_MAX_MB = DEFAULT_DOCUMENT_MAX_FILE_MB;
export const PORTAL_ATTACHMENT_EXTENSIONS = DOCUMENT_ALLOWED_EXTENSIONS;
export const PORTAL_ATTACHMENTS_MAX = TICKET_ATTACHMENTS_MAX;

export const attachmentHint = `Up to ${PORTAL_ATTACHMENTS_MAX} files: ${listExtensions(PORTAL_ATTACHMENT_EXTENSIONS)}, up to ${PORTAL_ATTACHMENT_MAX_MB} MB each.`;

export const ticketMessagesUrl = (ticketId: string) => `/api/tickets/${encodeURIComponent(ticketId)}/messages`;
export const ticketAttachmentUrl = (ticketId: string, attachmentId: string) =>
  `/api/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}/download`;

/** Why a file cannot be attached (type or size), before anything is sent. */
export function checkAttachment(file: File): string | undefined {
  const ext = extensionOf(file.name);
  if (!(PORTAL_ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext)) {
    return `${file.name}: this kind of file is not accepted (${listExtensions(PORTAL_ATTACHMENT_EXTENSIONS)}).`;
  }
  if (file.size > PORTAL_ATTACHMENT_MAX_MB * 1024 * 1024) {
    return `${file.name} is ${formatBytes(file.size)}; files can be at most ${PORTAL_ATTACHMENT_MAX_MB} MB.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  return undefined;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

const MESSAGES: Record<string, string> = {
  PAYLOAD_TOO_LARGE: `A file is larger than we accept (${PORTAL_ATTACHMENT_MAX_MB} MB each).`,
  UNSUPPORTED_MEDIA_TYPE: 'One of the files is not a kind we accept, or its content does not match its name.',
  TOO_MANY_REQUESTS: 'Too many messages in a short time. Wait a little and send again.',
  UNAUTHORIZED: 'Your session has ended. Sign in again.',
  NETWORK: 'Sending was interrupted. Check your connection and send again.',
};

function errorOf(status: number, text: string, retryAfter: string | null): UploadError {
  let body: { error?: { code?: unknown; message?: unknown } } | null = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const err = body?.error ?? {};
  const code =
    typeof err.code === 'string' ? err.code : (STATUS_CODES[status] ?? (status >= 500 ? 'SERVER' : 'UNKNOWN'));
  const message =
    typeof err.message === 'string' && err.message
      ? err.message
      : (MESSAGES[code] ?? `Your message could not be sent (HTTP ${status}). Try again in a moment.`);
  const seconds = retryAfter ? Number.parseInt(retryAfter, 10) : Number.NaN;
  return new UploadError(status, code, message, {}, Number.isFinite(seconds) ? seconds : undefined);
}

/**
 * A public message with files, in one multipart request (body first, then up to five `file` parts),
 * with upload progress. Resolves with the stored message (201); rejects with an `UploadError`.
 */
export function postTicketMessage({
  ticketId,
  body,
  files,
  idempotencyKey,
  onProgress,
  signal,
}: {
  ticketId: string;
  body: string;
  files: readonly File[];
  idempotencyKey: string;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<TicketMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadError(0, 'ABORTED', 'Sending cancelled.'));
      return;
    }
    const form = new FormData();
    form.append('kind', 'public');
    form.append('body', body);
    for (const file of files) form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', ticketMessagesUrl(ticketId));
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as TicketMessage);
        } catch {
          reject(new UploadError(xhr.status, 'UNKNOWN', 'The server answered in an unexpected way.'));
        }
        return;
      }
      reject(errorOf(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
    };
    xhr.onerror = () => reject(new UploadError(0, 'NETWORK', MESSAGES.NETWORK as string));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new UploadError(0, 'ABORTED', 'Sending cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
