/**
 * The lifecycle's error taxonomy: how a generation can end badly, whatever the provider. Every
 * provider binding maps its own statuses and error shapes into these codes (see
 * docs/lifecycle.md); this file says what each means for the caller and, where the caller can
 * do something about it, what to change. Pure data and lookups.
 */
import type { ErrorCode } from './errors.ts';

export interface LifecycleErrorKind {
  /** Who has to act: the caller (change the request), or nobody (wait and retry). */
  cause: 'request' | 'provider' | 'reelgate';
  /** Whether the same request can succeed when tried again. */
  retryable: boolean;
  /** What to change (or do) before trying again. */
  hint: string;
}

/** The codes a generation can end with (`generation.error.code`). */
export const lifecycleErrors = {
  input_refused: {
    cause: 'request',
    retryable: false,
    hint: 'Rephrase the prompt: no real people (including public figures), no graphic violence, no copyrighted characters; reference images must not show human faces.',
  },
  output_refused: {
    cause: 'request',
    retryable: false,
    hint: 'The provider refused the generated video; change the prompt so the result stays within its content policy.',
  },
  invalid_request: {
    cause: 'request',
    retryable: false,
    hint: 'Check the model, size, duration and inputs against GET /v1/models.',
  },
  provider_outage: {
    cause: 'provider',
    retryable: true,
    hint: 'The provider failed; try again later or route to another model.',
  },
  provider_job_lost: {
    cause: 'provider',
    retryable: true,
    hint: 'The provider answers that the job reelgate started no longer exists, so its video cannot be fetched; nothing was re-sent. Create the generation again (a new, separately billed job).',
  },
  provider_rate_limited: {
    cause: 'provider',
    retryable: true,
    hint: 'The provider is rate limiting; try again later or lower the request rate.',
  },
  timed_out: {
    cause: 'provider',
    retryable: true,
    hint: 'Try again later or with a shorter or lower-resolution video; the provider may be congested.',
  },
  start_unconfirmed: {
    cause: 'provider',
    retryable: false,
    hint: 'The provider did not confirm the start and no job was found for it; a job may still exist at the provider (and be billed). Nothing was re-sent. If the job turns up later, reelgate attaches it and stores the video.',
  },
  result_expired: {
    cause: 'provider',
    retryable: true,
    hint: 'The provider deleted the result before it could be copied; generate it again.',
  },
  download_failed: {
    cause: 'provider',
    retryable: true,
    hint: "The provider's result could not be copied; generate it again.",
  },
  canceled: { cause: 'request', retryable: false, hint: 'The generation was canceled.' },
  internal: {
    cause: 'reelgate',
    retryable: true,
    hint: 'reelgate failed unexpectedly; try again, and report it if it persists.',
  },
} as const satisfies Partial<Record<ErrorCode, LifecycleErrorKind>>;

export type LifecycleErrorCode = keyof typeof lifecycleErrors;

/** The default "what to change" of a code, for errors made without one. */
export function defaultHint(code: ErrorCode): string | undefined {
  return (lifecycleErrors as Partial<Record<ErrorCode, LifecycleErrorKind>>)[code]?.hint;
}
