/**
 * Video models through OpenRouter's `/api/v1/videos` API (`@openrouter/ai-sdk-provider`,
 * adapted to start/status). OpenRouter passes provider prices through; the figures below are
 * placeholders taken from the direct providers (unverified in 2026-12).
 *
 * Sources: https://openrouter.ai/docs/api/api-reference/videos (submit/poll/download,
 * statuses, `callback_url`), https://openrouter.ai/docs/cookbook/video-generation/video-generation-webhooks
 * (signed webhooks), https://openrouter.ai/models?output_modalities=video (models, prices).
 */
import type { CatalogEntry } from './catalog-entry.ts';
import { sizeGrid } from './size-helpers.ts';

const api = 'https://openrouter.ai/docs/api/api-reference/videos';
const models = 'https://openrouter.ai/models?output_modalities=video';

function viaOpenRouter(
  modelId: string,
  displayName: string,
  durations: { min: number; max: number; list?: number[] },
  perSecondUsd: number,
): CatalogEntry {
  return {
    id: `openrouter:${modelId}`,
    provider: 'openrouter',
    modelId,
    displayName: `${displayName} (OpenRouter)`,
    aliases: [],
    durations: durations.list
      ? { kind: 'list', seconds: durations.list }
      : { kind: 'range', minSeconds: durations.min, maxSeconds: durations.max, stepSeconds: 1 },
    defaultDurationSeconds: durations.list?.[0] ?? durations.min,
    maxDurationPerCallSeconds: durations.max,
    sizes: sizeGrid(['16:9', '9:16'], ['720p']),
    defaultSize: '1280x720',
    audio: false,
    imageToVideo: true,
    extension: { supported: false },
    pricing: { perSecondUsd, source: `${models} (placeholder)`, asOf: 'placeholder (unverified in 2026-12)' },
    typicalGeneration: {
      baseSeconds: 40,
      perVideoSecond: 8,
      referencePixels: 1280 * 720,
      pixelExponent: 0.8,
      queueSeconds: 5,
      source: `${api} ("typically 30 seconds to several minutes"; estimate)`,
    },
    sources: [api, models],
  };
}

export const openrouterEntries: readonly CatalogEntry[] = [
  viaOpenRouter('google/veo-3.1-fast', 'Veo 3.1 Fast', { min: 4, max: 8, list: [4, 6, 8] }, 0.15),
  viaOpenRouter('bytedance/seedance-1-pro', 'Seedance 1 Pro', { min: 2, max: 12 }, 0.06),
  viaOpenRouter('kwaivgi/kling-v2.5-turbo', 'Kling 2.5 Turbo', { min: 5, max: 10, list: [5, 10] }, 0.07),
  viaOpenRouter('alibaba/wan-2.6', 'Wan 2.6', { min: 5, max: 15, list: [5, 10, 15] }, 0.1),
];
