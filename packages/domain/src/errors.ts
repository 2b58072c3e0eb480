/** The one error vocabulary of the product; the API maps each `code` to a tRPC/HTTP code in one place. */
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS';

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class Invalid extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super('BAD_REQUEST', message, { fieldErrors });
  }
  /** One field, one message: the common case for a rule that checks a single input. */
  static field(field: string, message: string): Invalid {
    return new Invalid(message, { [field]: [message] });
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'Please sign in.') {
    super('UNAUTHORIZED', message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You do not have permission to do this.') {
    super('FORBIDDEN', message);
  }
}

export class NotFound extends DomainError {
  constructor(entity = 'Record') {
    super('NOT_FOUND', `${entity} not found.`);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('CONFLICT', message, data);
  }
}

export class PreconditionFailed extends DomainError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('PRECONDITION_FAILED', message, data);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', message, { retryAfterSeconds });
  }
}

/** HTTP status for each code; shared by the tRPC error formatter and the plain HTTP routes. */
export const httpStatusOf: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
};
