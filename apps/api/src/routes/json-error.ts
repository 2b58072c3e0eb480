import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describeError, type ErrorBody } from '../errors';

/** The plain-HTTP error body of SPEC §7: `{ error: { code, message } }`. */
export function jsonError(
  c: Context,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return c.json({ error: { code, message, ...extra } }, status as ContentfulStatusCode);
}

/** Maps anything thrown in a plain route the same way tRPC errors are mapped. */
export function respondWithError(
  c: Context,
  err: unknown,
  requestId: string | null,
  logger?: { error: (obj: object, msg: string) => void },
) {
  const body = describeError(err, requestId);
  if (body.status >= 500) logger?.error({ err, requestId }, 'request failed');
  return respondWithBody(c, body);
}

/** Sends an already mapped error (`describeError`'s result) as the plain-HTTP error body. */
export function respondWithBody(c: Context, body: ErrorBody) {
  if (body.retryAfterSeconds) c.header('Retry-After', String(body.retryAfterSeconds));
  return jsonError(c, body.status, body.code, body.message, body.data);
}
