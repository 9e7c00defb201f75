import { type ErrorType, ReelgateError } from '../../core/errors.ts';
import type { Generation, GenerationError } from '../../core/generation.ts';

export const toUnixSeconds = (ms: number): number => Math.floor(ms / 1000);
export const toUnixSecondsOrNull = (ms: number | null): number | null =>
  ms === null ? null : toUnixSeconds(ms);

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
