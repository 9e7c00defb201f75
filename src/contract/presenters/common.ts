import { type ErrorType, ReelgateError } from '../../core/errors.ts';
import type { Generation, GenerationError } from '../../core/generation.ts';

export const toUnixSeconds = (ms: number): number => Math.floor(ms / 1000);
export const toUnixSecondsOrNull = (ms: number | null): number | null =>
  ms === null ? null : toUnixSeconds(ms);

/**
 * The model name the compatible surfaces answer with: the name the caller sent, else the
 * provider's own model name for OpenAI models (`sora-2`, as a Sora client expects), else the
 * routed id (`fal:...`). `routed_model` always carries the routed id.
 */
export function callerModelName(generation: Generation): string {
  if (generation.requested.model) return generation.requested.model;
  const [provider, ...rest] = generation.model.split(':');
  return provider === 'openai' && rest.length > 0 ? rest.join(':') : generation.model;
}

/** The OpenAI-style error `type` that belongs to a stable error code. */
export function errorTypeOf(error: GenerationError): ErrorType {
  return new ReelgateError({ code: error.code, message: error.message }).type;
}

/**
 * The error a finished-but-unsuccessful generation reports. Canceled and expired generations may
 * carry no error of their own; they still need one in the 4-status vocabularies.
 */
export function terminalError(generation: Generation): GenerationError | null {
  if (generation.error) return generation.error;
  if (generation.status === 'canceled') {
    return { code: 'canceled', message: 'The generation was canceled.', retryable: false };
  }
  if (generation.status === 'expired') {
    return {
      code: 'result_expired',
      message: 'The generation expired before its video was stored.',
      retryable: true,
    };
  }
  if (generation.status === 'failed') {
    return { code: 'internal', message: 'The generation failed.', retryable: true };
  }
  return null;
}

/**
 * Every model tried for a generation, in order: the ones left after a failed start (or passed
 * over), then the current one with its status and cost. Undefined without a fallback list
 * unless `always`.
 */
export type PresentedAttempt = {
  model: string;
  provider: string;
  status: string;
  error: { code: string; message: string } | null;
  cost: number | null;
  at: number;
};

export function presentAttempts(generation: Generation, always = false): PresentedAttempt[] | undefined {
  if (!generation.fallbackAttempts && !always) return undefined;
  return [
    ...(generation.fallbackAttempts ?? []).map((attempt) => ({
      model: attempt.model,
      provider: attempt.provider,
      status: attempt.outcome,
      error: attempt.error,
      cost: attempt.costUsd,
      at: Math.floor(attempt.atMs / 1000),
    })),
    {
      model: generation.model,
      provider: generation.provider,
      status: generation.status,
      error: generation.error ? { code: generation.error.code, message: generation.error.message } : null,
      cost: generation.costUsd,
      at: Math.floor(generation.updatedAt / 1000),
    },
  ];
}
