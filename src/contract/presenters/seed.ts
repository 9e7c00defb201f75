/**
 * The seed contract's response (`VideoGenerationResponse`): same fields and meanings as the
 * original guide, plus reelgate's extra fields (warnings, progress, eta, model, cost, emulated).
 */
import type { SeedGenerationResponse } from '../seed.ts';
import type { Generation, PublicStatus } from '../../core/generation.ts';
import type { FileLinker } from '../../shared/signed-links.ts';
import {
  callerModelName,
  errorTypeOf,
  presentAttempts,
  terminalError,
  toUnixSeconds,
  toUnixSecondsOrNull,
} from './common.ts';
import { presentSegmented } from './planning.ts';

export type SeedStatus = 'queued' | 'processing' | 'completed' | 'failed';

export function toSeedStatus(status: PublicStatus): SeedStatus {
  switch (status) {
    case 'queued':
      return 'queued';
    case 'running':
    case 'downloading':
      return 'processing';
    case 'completed':
      return 'completed';
    default:
      return 'failed';
  }
}

export function presentSeed(generation: Generation, link: FileLinker): SeedGenerationResponse {
  const status = toSeedStatus(generation.status);
  const error = status === 'failed' ? terminalError(generation) : null;
  return {
    id: generation.id,
    object: 'video.generation',
    status,
    created: toUnixSeconds(generation.createdAt),
    ...(status === 'completed' && generation.video
      ? {
          data: {
            url: link(generation.accountId, generation.id, 'video'),
            duration: generation.durationSeconds,
            resolution: generation.resolution,
            ...(generation.thumbnail
              ? { thumbnail_url: link(generation.accountId, generation.id, 'thumbnail') }
              : {}),
          },
        }
      : {}),
    ...(error
      ? {
          error: {
            message: error.message,
            type: errorTypeOf(error),
            code: error.code,
            retryable: error.retryable,
            ...(error.hint ? { hint: error.hint } : {}),
          },
        }
      : {}),
    model: callerModelName(generation),
    routed_model: generation.model,
    prompt: generation.prompt,
    resolution: generation.resolution,
    duration: generation.durationSeconds,
    size: generation.size,
    progress: status === 'completed' ? 100 : Math.round(generation.progress),
    eta: toUnixSecondsOrNull(generation.etaMs),
    queue_position: generation.queuePosition,
    warnings: generation.warnings,
    cost: generation.costUsd,
    emulated: generation.emulated,
    ...(generation.options?.seed !== undefined ? { seed: generation.options.seed } : {}),
    ...(generation.fallbackAttempts ? { attempts: presentAttempts(generation) } : {}),
    completed_at: toUnixSecondsOrNull(generation.completedAt),
    ...presentSegmented(generation),
  };
}
