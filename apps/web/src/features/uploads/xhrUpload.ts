import type { FieldErrors } from '../../lib/errors';

/** Why an upload failed, read from the API's `{ error: { code, message, fieldErrors? } }` body. */
export class UploadError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer (network, aborted). */
    readonly status: number,
    /** The API's error code (BAD_REQUEST, CONFLICT, PAYLOAD_TOO_LARGE…), NETWORK or ABORTED. */
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }

  /** Asking again unchanged may work: the network, a rate limit, or the server having a moment. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface UploadRequest {
  url: string;
  /** Metadata fields, sent before the file part (the API reads them first). Blank ones are left out. */
  fields: Record<string, string | null | undefined>;
  file: File;
  /** One key per file, reused on every retry so the server never records it twice. */
  idempotencyKey: string;
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
  /** Statuses besides 2xx whose JSON body is an answer, not an error (the import's 422 report). */
  answerStatuses?: readonly number[];
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

const FALLBACK_MESSAGES: Record<string, string> = {
  PAYLOAD_TOO_LARGE: 'The file is larger than the server accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'This kind of file is not accepted.',
  TOO_MANY_REQUESTS: 'Too many uploads in a short time. Wait a little and retry.',
  UNAUTHORIZED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'You do not have permission to upload here.',
  NETWORK: 'The upload was interrupted. Check your connection and retry.',
};

function errorFrom(status: number, bodyText: string, retryAfterHeader: string | null): UploadError {
  let body: unknown = null;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    body = null;
  }
  const err = (body as { error?: Record<string, unknown> } | null)?.error ?? {};
  const code =
    typeof err.code === 'string' ? err.code : (STATUS_CODES[status] ?? (status >= 500 ? 'SERVER' : 'UNKNOWN'));
  const message =
    typeof err.message === 'string' && err.message
      ? err.message
      : (FALLBACK_MESSAGES[code] ?? `The server could not take the file (HTTP ${status}). Retry in a moment.`);
  const fieldErrors = isFieldErrors(err.fieldErrors) ? err.fieldErrors : {};
  const retryAfter = retryAfterHeader ? Number.parseInt(retryAfterHeader, 10) : Number.NaN;
  return new UploadError(status, code, message, fieldErrors, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

function isFieldErrors(value: unknown): value is FieldErrors {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))
  );
}

/**
 * A multipart upload with real progress (fetch cannot report upload progress; XMLHttpRequest can).
 * Resolves with the created record (201), rejects with an `UploadError`.
 */
export function uploadWithProgress<T>({
  url,
  fields,
  file,
  idempotencyKey,
  onProgress,
  signal,
  answerStatuses = [],
}: UploadRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadError(0, 'ABORTED', 'Upload cancelled.'));
      return;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (value !== null && value !== undefined && value.trim() !== '') form.append(name, value.trim());
    }
    form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded, e.total);
    };
    xhr.onload = () => {
      if ((xhr.status >= 200 && xhr.status < 300) || answerStatuses.includes(xhr.status)) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(
            new UploadError(xhr.status, 'UNKNOWN', 'The server answered in an unexpected way. Retry in a moment.'),
          );
        }
        return;
      }
      reject(errorFrom(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
    };
    xhr.onerror = () => reject(new UploadError(0, 'NETWORK', FALLBACK_MESSAGES.NETWORK as string));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new UploadError(0, 'ABORTED', 'Upload cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** A fresh idempotency key for one file (kept with the file for its retries). */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
