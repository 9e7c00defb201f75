/**
 * One typed error hierarchy for all of reelgate. Every error carries a stable machine-readable
 * `code`, the HTTP status it maps to, and whether retrying the same request could succeed.
 * Callers branch on `code` or the class, never on message text.
 */

/** Stable error codes; the API, the SDK, the CLI and the studio all speak these. */
export type ErrorCode =
  // caller's fault
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'budget_exceeded'
  | 'concurrency_limit'
  | 'rate_limited'
  // content policy
  | 'input_refused'
  | 'output_refused'
  // provider / lifecycle
  | 'provider_outage'
  | 'provider_rate_limited'
  | 'timed_out'
  | 'result_expired'
  | 'canceled'
  | 'download_failed'
  | 'internal';

/** The OpenAI-style `type` of the error envelope `{error: {message, type, param, code}}`. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'content_policy_violation'
  | 'provider_error'
  | 'server_error';

export interface ReelgateErrorOptions {
  code: ErrorCode;
  message: string;
  status?: number;
  type?: ErrorType;
  retryable?: boolean;
  /** The request field at fault, when there is one. */
  param?: string | null;
  /** A short human hint: what to change so the next attempt works. */
  hint?: string;
  /** Seconds to wait before retrying (429/503). */
  retryAfterSeconds?: number;
  cause?: unknown;
  /** Extra machine-readable details (e.g. remaining budget, models that can serve a request). */
  details?: Record<string, unknown>;
}

const defaults: Record<ErrorCode, { status: number; type: ErrorType; retryable: boolean }> = {
  invalid_request: { status: 400, type: 'invalid_request_error', retryable: false },
  unauthorized: { status: 401, type: 'authentication_error', retryable: false },
  forbidden: { status: 403, type: 'permission_error', retryable: false },
  not_found: { status: 404, type: 'not_found_error', retryable: false },
  conflict: { status: 409, type: 'invalid_request_error', retryable: false },
  payload_too_large: { status: 413, type: 'invalid_request_error', retryable: false },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', retryable: false },
  budget_exceeded: { status: 402, type: 'invalid_request_error', retryable: false },
  concurrency_limit: { status: 429, type: 'rate_limit_error', retryable: true },
  rate_limited: { status: 429, type: 'rate_limit_error', retryable: true },
  input_refused: { status: 400, type: 'content_policy_violation', retryable: false },
  output_refused: { status: 422, type: 'content_policy_violation', retryable: false },
  provider_outage: { status: 502, type: 'provider_error', retryable: true },
  provider_rate_limited: { status: 503, type: 'provider_error', retryable: true },
  timed_out: { status: 504, type: 'provider_error', retryable: true },
  result_expired: { status: 410, type: 'provider_error', retryable: true },
  canceled: { status: 409, type: 'invalid_request_error', retryable: false },
  download_failed: { status: 502, type: 'provider_error', retryable: true },
  internal: { status: 500, type: 'server_error', retryable: true },
};

export class ReelgateError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: ErrorType;
  readonly retryable: boolean;
  readonly param: string | null;
  readonly hint: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(options: ReelgateErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    const base = defaults[options.code];
    this.name = 'ReelgateError';
    this.code = options.code;
    this.status = options.status ?? base.status;
    this.type = options.type ?? base.type;
    this.retryable = options.retryable ?? base.retryable;
    this.param = options.param ?? null;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** The wire envelope: `{error: {message, type, param, code, ...}}`. */
  toJSON(): { error: Record<string, unknown> } {
    return {
      error: {
        message: this.message,
        type: this.type,
        param: this.param,
        code: this.code,
        retryable: this.retryable,
        ...(this.hint ? { hint: this.hint } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export function invalidRequest(
  message: string,
  param: string | null = null,
  details?: Record<string, unknown>,
) {
  return new ReelgateError({ code: 'invalid_request', message, param, ...(details ? { details } : {}) });
}

export function notFound(what: string): ReelgateError {
  return new ReelgateError({ code: 'not_found', message: `No ${what} found with that id.` });
}

export function isReelgateError(error: unknown): error is ReelgateError {
  return error instanceof ReelgateError;
}
