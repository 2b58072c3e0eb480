import type { MessageVisibility, TicketMessage } from '@cm/domain';
import { UploadError } from '../uploads/xhrUpload';
import { ticketMessageUploadUrl } from './ticketModel';

const FALLBACK: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'The message could not be sent. Check it and try again.'],
  401: ['UNAUTHORIZED', 'Your session has ended. Sign in again.'],
  403: ['FORBIDDEN', 'You do not have permission to write here.'],
  404: ['NOT_FOUND', 'This ticket no longer exists.'],
  409: ['CONFLICT', 'Someone else changed this ticket. Reload it and try again.'],
  412: ['PRECONDITION_FAILED', 'This ticket cannot take messages any more.'],
  413: ['PAYLOAD_TOO_LARGE', 'An attachment is larger than the server accepts.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'One of the attachments is not an accepted kind of file.'],
  429: ['TOO_MANY_REQUESTS', 'Too many messages in a short time. Wait a little and retry.'],
};

function errorOf(xhr: XMLHttpRequest): UploadError {
  let err: Record<string, unknown> = {};
  try {
    err = (JSON.parse(xhr.responseText) as { error?: Record<string, unknown> }).error ?? {};
  } catch {
    // Not JSON (a proxy's page): the status decides.
  }
  const [fallbackCode, fallbackMessage] = FALLBACK[xhr.status] ?? [
    xhr.status >= 500 ? 'SERVER' : 'UNKNOWN',
    `The server could not take the message (HTTP ${xhr.status}). Retry in a moment.`,
  ];
  const code = typeof err.code === 'string' ? err.code : fallbackCode;
  const message = typeof err.message === 'string' && err.message ? err.message : fallbackMessage;
  const fieldErrors =
    typeof err.fieldErrors === 'object' && err.fieldErrors !== null
      ? (err.fieldErrors as Record<string, string[]>)
      : {};
  const retryAfter = Number.parseInt(xhr.getResponseHeader('Retry-After') ?? '', 10);
  return new UploadError(xhr.status, code, message, fieldErrors, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

/**
 * A message with attachments in one multipart request (`kind`, `body`, then up to five `file`
 * parts), reporting how many bytes each file has sent: the parts go in order, so a file's share
 * of the progress is the bytes past its start.
 */
export function sendTicketMessage({
  ticketId,
  kind,
  body,
  files,
  idempotencyKey,
  onProgress,
  signal,
}: {
  ticketId: string;
  kind: MessageVisibility;
  body: string;
  files: readonly File[];
  idempotencyKey: string;
  /** Bytes sent for each file, in the order given. */
  onProgress?: (sentPerFile: number[]) => void;
  signal?: AbortSignal;
}): Promise<TicketMessage> {
  return new Promise<TicketMessage>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadError(0, 'ABORTED', 'Sending cancelled.'));
      return;
    }
    const form = new FormData();
    form.append('kind', kind);
    form.append('body', body);
    for (const file of files) form.append('file', file, file.name);

    const preamble = new TextEncoder().encode(body).length + 300;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', ticketMessageUploadUrl(ticketId));
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable || !onProgress) return;
      // The multipart framing is small next to the files: spread what was sent over them in order.
      const total = files.reduce((n, f) => n + f.size, 0);
      const scale = total > 0 ? total / Math.max(1, e.total - preamble) : 0;
      let sent = Math.max(0, (e.loaded - preamble) * scale);
      if (e.loaded >= e.total) sent = total;
      onProgress(
        files.map((f) => {
          const part = Math.min(f.size, sent);
          sent = Math.max(0, sent - f.size);
          return part;
        }),
      );
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as TicketMessage);
        } catch {
          reject(
            new UploadError(xhr.status, 'UNKNOWN', 'The server answered in an unexpected way. Reload the ticket.'),
          );
        }
        return;
      }
      reject(errorOf(xhr));
    };
    xhr.onerror = () =>
      reject(new UploadError(0, 'NETWORK', 'The message was not sent: the connection failed. Retry to send it.'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new UploadError(0, 'ABORTED', 'Sending cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
