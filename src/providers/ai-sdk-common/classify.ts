/**
 * Mapping what an @ai-sdk package throws into reelgate's one error vocabulary. HTTP errors
 * (`APICallError`) map by status: 429 -> provider_rate_limited (with the Retry-After hint),
 * 401/403 -> provider_outage that retrying cannot fix (credentials), other 4xx ->
 * invalid_request, 5xx and network failures -> provider_outage (retryable). Provider families
 * add their own refusal rules on top (see each provider's *-errors.ts).
 */
import { APICallError } from '@ai-sdk/provider';
import { retryAfterFromHeaders } from '../../core/backoff.ts';
import { type ErrorCode, ReelgateError } from '../../core/errors.ts';

export const refusalHints = {
  input:
    'Rephrase the prompt: no real people (including public figures), no graphic violence, no copyrighted characters; reference images must not show human faces.',
  output:
    'The provider refused the generated video; change the prompt so the result stays within its content policy.',
} as const;

export interface FailureInfo {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  providerCode?: string | null;
  retryAfterMs?: number;
  /** For `provider_job_lost`: the provider's job id. */
  providerJobId?: string | null;
}

export function toReelgateError(info: FailureInfo, cause?: unknown): ReelgateError {
  const refusal =
    info.code === 'input_refused'
      ? refusalHints.input
      : info.code === 'output_refused'
        ? refusalHints.output
        : undefined;
  return new ReelgateError({
    code: info.code,
    message: info.message,
    retryable: info.retryable,
    ...(refusal ? { hint: refusal } : {}),
    ...(info.retryAfterMs !== undefined ? { retryAfterSeconds: info.retryAfterMs / 1000 } : {}),
    details: {
      providerCode: info.providerCode ?? null,
      ...(info.providerJobId !== undefined ? { providerJobId: info.providerJobId } : {}),
      ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {}),
    },
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** The generic mapping of a thrown error; `provider` names the provider in messages. */
export function classifyThrown(provider: string, error: unknown, nowMs: number): FailureInfo {
  if (error instanceof ReelgateError) {
    return { code: error.code, message: error.message, retryable: error.retryable };
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const retryAfterMs = retryAfterFromHeaders(error.responseHeaders, nowMs);
    const detail = error.message || `HTTP ${status ?? 'error'}`;
    if (status === 429) {
      return {
        code: 'provider_rate_limited',
        message: `${provider} is rate limiting requests: ${detail}`,
        retryable: true,
        providerCode: '429',
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    }
    if (status === 401 || status === 403) {
      return {
        code: 'provider_outage',
        message: `${provider} rejected reelgate's credentials (HTTP ${status}); check the configured API key.`,
        retryable: false,
        providerCode: String(status),
      };
    }
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409) {
      return {
        code: 'invalid_request',
        message: `${provider} refused the request: ${detail}`,
        retryable: false,
        providerCode: String(status),
      };
    }
    return {
      code: 'provider_outage',
      message: `${provider} failed: ${detail}`,
      retryable: true,
      providerCode: status === undefined ? null : String(status),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'provider_outage',
    message: `${provider} could not be reached: ${message}`,
    retryable: true,
  };
}

/** Removes every secret from a text (messages may echo URLs or headers). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
