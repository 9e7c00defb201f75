/**
 * Typed errors of the reelgate client, one class per family of stable error codes. Branch on
 * the class or on `code`, never on the message.
 *
 * @example
 * try {
 *   await client.create({ prompt });
 * } catch (error) {
 *   if (error instanceof ContentPolicyError) showHint(error.hint);
 *   else if (error instanceof RateLimitError) retryLater(error.retryAfterSeconds);
 *   else throw error;
 * }
 */
import type { Generation } from './types.ts';

export interface ApiErrorBody {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
  retryable?: boolean;
  hint?: string;
  details?: Record<string, unknown>;
}

/** Base class of every error the client throws. */
export class ReelgateClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReelgateClientError';
  }
}

/** The gateway answered with an error envelope. */
export class ReelgateApiError extends ReelgateClientError {
  readonly status: number;
  /** Stable code, e.g. `invalid_request`, `not_found`, `input_refused`. */
  readonly code: string;
  readonly type: string;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: ApiErrorBody, headers?: Headers) {
    super(body.message ?? `Request failed with status ${status}.`);
    this.name = new.target.name;
    this.status = status;
    this.code = body.code ?? 'unknown';
    this.type = body.type ?? 'unknown';
    this.param = body.param ?? null;
    this.retryable = body.retryable ?? status >= 500;
    this.hint = body.hint;
    this.details = body.details;
    this.requestId = headers?.get('x-request-id') ?? undefined;
    const retryAfter = headers?.get('retry-after');
    this.retryAfterSeconds =
      retryAfter && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : undefined;
  }
}

export class InvalidRequestError extends ReelgateApiError {}
export class AuthenticationError extends ReelgateApiError {}
export class PermissionDeniedError extends ReelgateApiError {}
export class NotFoundError extends ReelgateApiError {}
export class ConflictError extends ReelgateApiError {}
export class PayloadTooLargeError extends ReelgateApiError {}
export class BudgetExceededError extends ReelgateApiError {}
export class RateLimitError extends ReelgateApiError {}
/** The content policy refused the prompt, the input image or the output. */
export class ContentPolicyError extends ReelgateApiError {}
/** The provider behind reelgate failed, timed out or lost the result. */
export class ProviderError extends ReelgateApiError {}
export class InternalServerError extends ReelgateApiError {}

type ApiErrorClass = new (status: number, body: ApiErrorBody, headers?: Headers) => ReelgateApiError;

/** Which class each stable code maps to. */
export const errorClassByCode: Readonly<Record<string, ApiErrorClass>> = {
  invalid_request: InvalidRequestError,
  unsupported_media_type: InvalidRequestError,
  unauthorized: AuthenticationError,
  forbidden: PermissionDeniedError,
  not_found: NotFoundError,
  conflict: ConflictError,
  canceled: ConflictError,
  payload_too_large: PayloadTooLargeError,
  budget_exceeded: BudgetExceededError,
  concurrency_limit: RateLimitError,
  rate_limited: RateLimitError,
  input_refused: ContentPolicyError,
  output_refused: ContentPolicyError,
  provider_outage: ProviderError,
  provider_rate_limited: ProviderError,
  timed_out: ProviderError,
  result_expired: ProviderError,
  download_failed: ProviderError,
  internal: InternalServerError,
};

function classForStatus(status: number): ApiErrorClass {
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 413) return PayloadTooLargeError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return InternalServerError;
  return InvalidRequestError;
}

/** The typed error for an error response. */
export function apiErrorFrom(status: number, body: ApiErrorBody, headers?: Headers): ReelgateApiError {
  const ErrorClass = (body.code ? errorClassByCode[body.code] : undefined) ?? classForStatus(status);
  return new ErrorClass(status, body, headers);
}

/** The gateway could not be reached (network error, connection refused). */
export class ConnectionError extends ReelgateClientError {}

/** `wait()` ran past its `timeoutMs`. */
export class WaitTimeoutError extends ReelgateClientError {}

/** The generation finished without a video (failed, canceled or expired). */
export class GenerationFailedError extends ReelgateClientError {
  readonly generation: Generation;
  /** The stable error code of the generation (`input_refused`, `provider_outage`, `canceled`...). */
  readonly code: string;
  readonly hint: string | undefined;

  constructor(generation: Generation) {
    super(generation.error?.message ?? `Generation ${generation.id} ended ${generation.status}.`);
    this.name = 'GenerationFailedError';
    this.generation = generation;
    this.code = generation.error?.code ?? generation.status;
    this.hint = generation.error?.hint;
  }
}
