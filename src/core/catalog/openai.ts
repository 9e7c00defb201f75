/**
 * OpenAI Videos API models (also served by OpenAI-compatible gateways and reelgate's emulator).
 * Facts: ../../../../shared/reference/openai-videos-api.md
 * - sizes per model: section 2 "Per-model sizes" (openai/skills scripts/sora.py) and the guide's
 *   1080p note for sora-2-pro;
 * - seconds 4, 8, 12, 16, 20: section 2 "seconds 16 and 20" (guide, March 2026) and section 8
 *   "Durations"; extensions up to 20 s each, 120 s total: section 2 "Extend";
 * - prices: section 8 "Pricing" (sora-2 $0.10/s and sora-2-pro $0.30/s at 720p from the official
 *   model page; $0.50/s at 1024x1792 and $0.70/s at 1080p from third-party sources only);
 * - input_reference as first frame: section 2 "Encoding and other rules";
 * - typical time: "several minutes" (section 8); the curve matches the emulator's timing model
 *   (src/emulator/core/timing.ts: 45 s + 10 s per video second at 720p, x1.6 for pro).
 */
import type { CatalogEntry, CatalogSize } from './catalog-entry.ts';

const reference = 'shared/reference/openai-videos-api.md';

const standardSizes: CatalogSize[] = [
  {
    size: '1280x720',
    width: 1280,
    height: 720,
    resolution: '720p',
    orientation: 'landscape',
    aspectRatio: '16:9',
  },
  {
    size: '720x1280',
    width: 720,
    height: 1280,
    resolution: '720p',
    orientation: 'portrait',
    aspectRatio: '9:16',
  },
];

const durations = { kind: 'list', seconds: [4, 8, 12, 16, 20] } as const;

export const sora2: CatalogEntry = {
  id: 'openai:sora-2',
  provider: 'openai',
  modelId: 'sora-2',
  displayName: 'Sora 2',
  aliases: ['sora-2', 'sora-2-2025-10-06', 'sora-2-2025-12-08', 'sora-1.0', 'sora'],
  durations,
  defaultDurationSeconds: 4,
  maxDurationPerCallSeconds: 20,
  sizes: standardSizes,
  defaultSize: '720x1280',
  audio: true,
  imageToVideo: true,
  extension: { supported: true, maxSecondsPerExtension: 20, maxTotalSeconds: 120 },
  pricing: { perSecondUsd: 0.1, source: `${reference} section 8 (official model page)`, asOf: '2026-11' },
  typicalGeneration: {
    baseSeconds: 45,
    perVideoSecond: 10,
    referencePixels: 1280 * 720,
    pixelExponent: 0.7,
    queueSeconds: 6,
    source: `${reference} section 8 ("several minutes"); emulator timing model`,
  },
  sources: [`${reference} sections 2, 8`],
};

export const sora2Pro: CatalogEntry = {
  id: 'openai:sora-2-pro',
  provider: 'openai',
  modelId: 'sora-2-pro',
  displayName: 'Sora 2 Pro',
  aliases: ['sora-2-pro', 'sora-2-pro-2025-10-06'],
  durations,
  defaultDurationSeconds: 4,
  maxDurationPerCallSeconds: 20,
  sizes: [
    { ...standardSizes[0]!, pricePerSecondUsd: 0.3 },
    { ...standardSizes[1]!, pricePerSecondUsd: 0.3 },
    {
      size: '1792x1024',
      width: 1792,
      height: 1024,
      resolution: '1080p',
      orientation: 'landscape',
      aspectRatio: '7:4',
      pricePerSecondUsd: 0.5,
    },
    {
      size: '1024x1792',
      width: 1024,
      height: 1792,
      resolution: '1080p',
      orientation: 'portrait',
      aspectRatio: '4:7',
      pricePerSecondUsd: 0.5,
    },
    {
      size: '1920x1080',
      width: 1920,
      height: 1080,
      resolution: '1080p',
      orientation: 'landscape',
      aspectRatio: '16:9',
      pricePerSecondUsd: 0.7,
    },
    {
      size: '1080x1920',
      width: 1080,
      height: 1920,
      resolution: '1080p',
      orientation: 'portrait',
      aspectRatio: '9:16',
      pricePerSecondUsd: 0.7,
    },
  ],
  defaultSize: '720x1280',
  audio: true,
  imageToVideo: true,
  extension: { supported: true, maxSecondsPerExtension: 20, maxTotalSeconds: 120 },
  pricing: {
    perSecondUsd: 0.3,
    source: `${reference} section 8 (0.30 official; 0.50 and 0.70 third-party)`,
    asOf: '2026-11',
  },
  typicalGeneration: {
    baseSeconds: 45 * 1.6,
    perVideoSecond: 10 * 1.6,
    referencePixels: 1280 * 720,
    pixelExponent: 0.7,
    queueSeconds: 6,
    source: `${reference} section 8 ("several minutes"); emulator timing model`,
  },
  sources: [`${reference} sections 2, 8`],
};

export const openaiEntries: readonly CatalogEntry[] = [sora2, sora2Pro];
