import { DomainError, type DomainErrorCode, httpStatusOf } from '@cm/domain';
import { z } from 'zod';

/** Connection loss, pool exhaustion and timeouts mean "try again shortly", not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      '57014',
      '08006',
      '08001',
      '08003',
    ].includes(e.code ?? '')
  ) {
    return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Query read timeout/i.test(
    e.message ?? '',
  );
}

export type ErrorBody = {
  code: DomainErrorCode | 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE';
  message: string;
  status: number;
  data: Record<string, unknown>;
  retryAfterSeconds?: number;
};

/** The one mapping from anything thrown to what a client sees; internals never leave the server. */
export function describeError(err: unknown, requestId: string | null): ErrorBody {
  const cause = unwrap(err);
  if (cause instanceof DomainError) {
    const retry = (cause.data as { retryAfterSeconds?: number }).retryAfterSeconds;
    return {
      code: cause.code,
      message: cause.message,
      status: httpStatusOf[cause.code],
      data: cause.data,
      ...(retry ? { retryAfterSeconds: retry } : {}),
    };
  }
  if (cause instanceof z.ZodError) {
    const flat = z.flattenError(cause);
    return {
      code: 'BAD_REQUEST',
      message: flat.formErrors[0] ?? 'Some fields need attention.',
      status: 400,
      data: { fieldErrors: flat.fieldErrors },
    };
  }
  if (isDatabaseUnavailable(cause)) {
    return {
      code: 'SERVICE_UNAVAILABLE',
      message: 'The service is temporarily unavailable. Please try again shortly.',
      status: 503,
      data: {},
      retryAfterSeconds: 5,
    };
  }
  return {
    code: 'INTERNAL_SERVER_ERROR',
    message: `Something went wrong on our side. Reference: ${requestId ?? 'unknown'}.`,
    status: 500,
    data: {},
  };
}

function unwrap(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 5; i++) {
    const next = (e as { cause?: unknown } | null)?.cause;
    if (e instanceof DomainError || e instanceof z.ZodError || next === undefined) return e;
    e = next;
  }
  return e;
}
