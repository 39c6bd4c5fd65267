/**
 * Expected failures are values: a service returns `Result<T, E>` where `E` is a union of `DomainError`s with a
 * literal `code`. Routes turn them into HTTP responses. `AppError` is the thrown form, used where a failure has to
 * cross a framework boundary (a hook, a validator) and for the final error handler.
 */
export interface DomainError<C extends string = string> {
  readonly code: C;
  readonly message: string;
  /** The field or parameter the error is about, when there is one. */
  readonly target?: string;
  readonly details?: readonly DomainError[];
}

export type Result<T, E extends DomainError = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <C extends string>(code: C, message: string, extra: { target?: string; details?: DomainError[] } = {}) =>
  ({ ok: false as const, error: { code, message, ...extra } });

/** HTTP status for the codes every module shares. A module may map its own codes explicitly. */
export const STATUS_BY_CODE: Record<string, number> = {
  BadRequest: 400,
  ValidationFailed: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Gone: 410,
  PreconditionFailed: 412,
  PayloadTooLarge: 413,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
};

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly details: readonly DomainError[] | undefined;

  constructor(status: number, code: string, message: string, extra: { target?: string; details?: readonly DomainError[] } = {}) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.target = extra.target;
    this.details = extra.details;
  }

  static from(error: DomainError, status?: number): AppError {
    return new AppError(status ?? STATUS_BY_CODE[error.code] ?? 400, error.code, error.message, {
      ...(error.target !== undefined ? { target: error.target } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
    });
  }
}

/** Unwraps a result in a route: the value, or the error thrown as an `AppError` with its mapped status. */
export function unwrap<T>(result: Result<T>, statusByCode: Record<string, number> = {}): T {
  if (result.ok) return result.value;
  throw AppError.from(result.error, statusByCode[result.error.code] ?? STATUS_BY_CODE[result.error.code]);
}
