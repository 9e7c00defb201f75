/** The OpenAI `VideoResource` shape (object "video"), with reelgate's extra fields appended. */
import type { Generation, PublicStatus } from '../../core/generation.ts';
import type { FileLinker } from '../signed-links.ts';
import { terminalError, toUnixSeconds, toUnixSecondsOrNull } from './common.ts';
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

export function presentVideo(generation: Generation, link: FileLinker): Record<string, unknown> {
  const status = toVideoStatus(generation.status);
  const error = status === 'failed' ? terminalError(generation) : null;
  return {
    id: generation.id,
    object: 'video',
    model: generation.requested.model ?? generation.model,
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
    error: error ? { code: error.code, message: error.message } : null,
    // Extras (allowed by the OpenAI shape; ignored by its SDK).
    warnings: generation.warnings,
    eta: toUnixSecondsOrNull(generation.etaMs),
    queue_position: generation.queuePosition,
    cost: generation.costUsd,
    emulated: generation.emulated,
    routed_model: generation.model,
    url:
      status === 'completed' && generation.video ? link(generation.accountId, generation.id, 'video') : null,
    ...presentSegmented(generation),
  };
}
