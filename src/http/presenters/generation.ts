/** reelgate's own generation resource (native API, event streams, client SDK, studio). */
import type { Generation, StoredFile } from '../../core/generation.ts';
import type { FileLinker } from '../signed-links.ts';
import { errorTypeOf, terminalError, toUnixSeconds, toUnixSecondsOrNull } from './common.ts';
import { presentSegmented } from './planning.ts';

function presentFile(file: StoredFile | null, url: string) {
  return file ? { url, bytes: file.bytes, content_type: file.contentType, sha256: file.sha256 } : null;
}

export function presentGeneration(generation: Generation, link: FileLinker): Record<string, unknown> {
  const error = terminalError(generation);
  return {
    object: 'generation',
    id: generation.id,
    status: generation.status,
    state: generation.state,
    model: generation.model,
    provider: generation.provider,
    prompt: generation.prompt,
    resolution: generation.resolution,
    size: generation.size,
    duration: generation.durationSeconds,
    progress: generation.status === 'completed' ? 100 : Math.round(generation.progress),
    queue_position: generation.queuePosition,
    eta: toUnixSecondsOrNull(generation.etaMs),
    warnings: generation.warnings,
    error: error
      ? {
          code: error.code,
          type: errorTypeOf(error),
          message: error.message,
          retryable: error.retryable,
          ...(error.hint ? { hint: error.hint } : {}),
        }
      : null,
    cost: generation.costUsd,
    emulated: generation.emulated,
    parent_id: generation.parentId,
    requested: {
      model: generation.requested.model,
      resolution: generation.requested.resolution,
      size: generation.requested.size,
      duration: generation.requested.durationSeconds,
      surface: generation.requested.surface,
    },
    video: presentFile(generation.video, link(generation.accountId, generation.id, 'video')),
    thumbnail: presentFile(generation.thumbnail, link(generation.accountId, generation.id, 'thumbnail')),
    created_at: toUnixSeconds(generation.createdAt),
    updated_at: toUnixSeconds(generation.updatedAt),
    completed_at: toUnixSecondsOrNull(generation.completedAt),
    ...presentSegmented(generation),
  };
}
