/** The OpenAI `VideoResource` shape (object "video"), with reelgate's extra fields appended. */
import type { VideoResource } from '../videos.ts';
import type { Generation, GenerationError, PublicStatus } from '../../core/generation.ts';
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

export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export function toVideoStatus(status: PublicStatus): VideoStatus {
  switch (status) {
    case 'queued':
      return 'queued';
    case 'running':
    case 'downloading':
      return 'in_progress';
    case 'completed':
      return 'completed';
    default:
      return 'failed';
  }
}

/**
 * OpenAI reported moderation refusals as `moderation_blocked` (the code Sora clients check);
 * the gateway's own code stays in `reelgate_code`, and `hint` says what to change.
 */
export function presentVideoError(error: GenerationError): NonNullable<VideoResource['error']> {
  const refused = error.code === 'input_refused' || error.code === 'output_refused';
  return {
    code: refused ? 'moderation_blocked' : error.code,
    message: error.message,
    type: errorTypeOf(error),
    ...(refused ? { reelgate_code: error.code } : {}),
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

export function presentVideo(generation: Generation, link: FileLinker): VideoResource {
  const status = toVideoStatus(generation.status);
  const error = status === 'failed' ? terminalError(generation) : null;
  return {
    id: generation.id,
    object: 'video',
    model: callerModelName(generation),
    status,
    progress: status === 'completed' ? 100 : Math.round(generation.progress),
    created_at: toUnixSeconds(generation.createdAt),
    completed_at: toUnixSecondsOrNull(generation.completedAt),
    // reelgate keeps its own copy: content never expires.
    expires_at: null,
    prompt: generation.prompt,
    size: generation.size,
    seconds: String(generation.durationSeconds),
    remixed_from_video_id: generation.parentId,
    error: error ? presentVideoError(error) : null,
    // Extras (allowed by the OpenAI shape; ignored by its SDK).
    warnings: generation.warnings,
    eta: toUnixSecondsOrNull(generation.etaMs),
    queue_position: generation.queuePosition,
    cost: generation.costUsd,
    emulated: generation.emulated,
    routed_model: generation.model,
    ...optionExtras(generation),
    url:
      status === 'completed' && generation.video ? link(generation.accountId, generation.id, 'video') : null,
    ...presentSegmented(generation),
  };
}

/** reelgate extensions: the seed sent, and the models tried when the request named a list. */
function optionExtras(generation: Generation): Record<string, unknown> {
  const attempts = presentAttempts(generation);
  return {
    ...(generation.options?.seed !== undefined ? { seed: generation.options.seed } : {}),
    ...(attempts ? { attempts } : {}),
  };
}
