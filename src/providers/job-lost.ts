/**
 * "The provider answers that the job does not exist" for a job reelgate started: the job (and
 * the video it was making) is lost at the provider. That is not an outage and retrying the same
 * status check cannot help, so it has its own code, `provider_job_lost`, and the message names
 * the generation it belonged to where the caller knows it.
 */
import { ReelgateError } from '../core/errors.ts';
import type { ProviderBinding } from './provider-port.ts';

/** Who the lost job belonged to, as the worker knows it. */
export interface ClassifyContext {
  /** reelgate's generation id. */
  generationId?: string | undefined;
}

export function jobLostError(options: {
  provider: string;
  /** The provider's job id, when known. */
  jobId?: string | undefined;
  /** What the provider answered. */
  detail: string;
  providerCode?: string | null;
  cause?: unknown;
}): ReelgateError {
  const job = options.jobId ? `job '${options.jobId}'` : 'the job';
  return new ReelgateError({
    code: 'provider_job_lost',
    message: `${options.provider} no longer has ${job} that reelgate started (it answered: ${options.detail}). The video it was making is lost; nothing was re-sent.`,
    retryable: false,
    details: { providerCode: options.providerCode ?? null, providerJobId: options.jobId ?? null },
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
  });
}

/** Names the generation in a `provider_job_lost` error (other errors are returned as they are). */
export function withGenerationContext(
  error: ReelgateError,
  context: ClassifyContext | undefined,
): ReelgateError {
  const generationId = context?.generationId;
  if (error.code !== 'provider_job_lost' || !generationId || error.details?.generationId) return error;
  return new ReelgateError({
    code: error.code,
    message: `Generation ${generationId}: ${error.message}`,
    retryable: error.retryable,
    ...(error.hint ? { hint: error.hint } : {}),
    details: { ...error.details, generationId },
    cause: error.cause ?? error,
  });
}

/**
 * The binding as the worker uses it for one generation: errors and failures it maps name that
 * generation (where the caller passes no context of its own).
 */
export function bindingForGeneration(binding: ProviderBinding, generationId: string): ProviderBinding {
  return {
    ...binding,
    classifyError: (error, nowMs, context) =>
      binding.classifyError(error, nowMs, context ?? { generationId }),
    statusInfo: (result, context) => binding.statusInfo(result, context ?? { generationId }),
  };
}
