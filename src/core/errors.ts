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
  | 'idempotency_key_reused'
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
  | 'provider_job_lost'
  | 'provider_rate_limited'
  | 'timed_out'
  | 'start_unconfirmed'
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
  idempotency_key_reused: { status: 409, type: 'invalid_request_error', retryable: false },
  payload_too_large: { status: 413, type: 'invalid_request_error', retryable: false },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', retryable: false },
  budget_exceeded: { status: 402, type: 'invalid_request_error', retryable: false },
  concurrency_limit: { status: 429, type: 'rate_limit_error', retryable: true },
  rate_limited: { status: 429, type: 'rate_limit_error', retryable: true },
  input_refused: { status: 400, type: 'content_policy_violation', retryable: false },
  output_refused: { status: 422, type: 'content_policy_violation', retryable: false },
  provider_outage: { status: 502, type: 'provider_error', retryable: true },
  provider_job_lost: { status: 502, type: 'provider_error', retryable: false },
  provider_rate_limited: { status: 503, type: 'provider_error', retryable: true },
  timed_out: { status: 504, type: 'provider_error', retryable: true },
  start_unconfirmed: { status: 502, type: 'provider_error', retryable: false },
  result_expired: { status: 410, type: 'provider_error', retryable: true },
  canceled: { status: 409, type: 'invalid_request_error', retryable: false },
  download_failed: { status: 502, type: 'provider_error', retryable: true },
  internal: { status: 500, type: 'server_error', retryable: true },
};

/** True for a code of the taxonomy (metrics map anything else to a bounded `other`). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(defaults, code);
}

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

/** Caller-supplied text quoted in a message, cut to `max` characters (ids may be anything). */
export function quoteInput(text: string, max = 64): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

export function notFound(what: string): ReelgateError {
  return new ReelgateError({ code: 'not_found', message: `No ${what} found with that id.` });
}

export function isReelgateError(error: unknown): error is ReelgateError {
  return error instanceof ReelgateError;
}
