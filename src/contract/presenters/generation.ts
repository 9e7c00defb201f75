/** reelgate's own generation resource (native API, event streams, client SDK, studio). */
import type { GenerationResource } from '../../contract/generations.ts';
import type { Generation, StoredFile } from '../../core/generation.ts';
import type { FileLinker } from '../../shared/signed-links.ts';
import { errorTypeOf, presentAttempts, terminalError, toUnixSeconds, toUnixSecondsOrNull } from './common.ts';
import { presentSegmented } from './planning.ts';

function presentFile(file: StoredFile | null, url: string) {
  return file ? { url, bytes: file.bytes, content_type: file.contentType, sha256: file.sha256 } : null;
}

export function presentGeneration(generation: Generation, link: FileLinker): GenerationResource {
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
    seed: generation.options?.seed ?? null,
    attempts: presentAttempts(generation, true) ?? [],
    options: presentOptions(generation),
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
    ...(generation.assets
      ? {
          assets: generation.assets.map((use) => ({
            id: use.assetId,
            kind: use.kind,
            name: use.name,
            sha256: use.sha256,
            shot: use.shot,
          })),
        }
      : {}),
  };
}

/** The request options sent besides the seed, in the API's spelling. */
function presentOptions(generation: Generation): Record<string, unknown> {
  const options = generation.options ?? {};
  return {
    ...(options.generateAudio !== undefined ? { generate_audio: options.generateAudio } : {}),
    ...(options.fps !== undefined ? { fps: options.fps } : {}),
    ...(options.negativePrompt !== undefined ? { negative_prompt: options.negativePrompt } : {}),
    ...(options.providerOptions ? { provider_options: options.providerOptions } : {}),
  };
}
