import { TRPCClientError } from '@trpc/client';

export type FieldErrors = Record<string, string[]>;

export interface ApiErrorInfo {
  /** tRPC code (BAD_REQUEST, CONFLICT, …), or NETWORK when the server could not be reached. */
  code: string;
  message: string;
  path?: string;
  fieldErrors: FieldErrors;
  retryAfterSeconds?: number;
  missingRequirements?: string[];
  data: Record<string, unknown>;
}

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** Reads what the API put in `error.data` without trusting its shape. */
export function apiError(error: unknown): ApiErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as Record<string, unknown>;
    const code = typeof data.code === 'string' ? data.code : 'NETWORK';
    const fieldErrors = isFieldErrors(data.fieldErrors) ? data.fieldErrors : {};
    return {
      code,
      message: code === 'NETWORK' ? NETWORK_MESSAGE : error.message,
      path: typeof data.path === 'string' ? data.path : undefined,
      fieldErrors,
      retryAfterSeconds: typeof data.retryAfterSeconds === 'number' ? data.retryAfterSeconds : undefined,
      missingRequirements: Array.isArray(data.missingRequirements)
        ? data.missingRequirements.filter((r): r is string => typeof r === 'string')
        : undefined,
      data,
    };
  }
  return {
    code: 'UNKNOWN',
    message: error instanceof Error ? error.message : 'Something went wrong.',
    fieldErrors: {},
    data: {},
  };
}

export function hasCode(error: unknown, code: string): boolean {
  return apiError(error).code === code;
}

function isFieldErrors(value: unknown): value is FieldErrors {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))
  );
}
