/**
 * OpenAI Videos API models (also served by OpenAI-compatible gateways and reelgate's emulator).
 * Public sources: https://platform.openai.com/docs/guides/video-generation (sizes, seconds,
 * remix, input_reference), https://platform.openai.com/docs/models/sora-2 and
 * https://openai.com/api/pricing/ (price per second). Details, from the project's reference notes:
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
import { type CatalogEntry, type CatalogSize, noOptionSupport } from './catalog-entry.ts';
import type { ContinuitySupport } from './continuity.ts';

const guide = 'https://platform.openai.com/docs/guides/video-generation';
const pricingPage = 'https://openai.com/api/pricing/';

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

/**
 * `POST /videos` takes only prompt, model, seconds, size and input_reference: no seed, audio
 * switch (audio is always generated), frame rate, negative prompt or extra fields.
 */
const soraOptions = { ...noOptionSupport, source: `${guide} (create request fields)` };

const durations = { kind: 'list', seconds: [4, 8, 12, 16, 20] } as const;

/** First frame only as reelgate drives it: the API's extensions are not sent by the binding. */
const soraContinuity: ContinuitySupport = {
  firstFrame: true,
  lastFrame: false,
  referenceImages: false,
  notes: ['OpenAI extends Sora videos, but the OpenAI-compatible binding sends no extension call.'],
};

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
  continuity: soraContinuity,
  pricing: { perSecondUsd: 0.1, source: `${pricingPage} ($0.10 per second at 720p)`, asOf: '2026-11' },
  typicalGeneration: {
    baseSeconds: 45,
    perVideoSecond: 10,
    referencePixels: 1280 * 720,
    pixelExponent: 0.7,
    queueSeconds: 6,
    source: `${guide} ("several minutes")`,
  },
  sources: [guide, pricingPage],
  options: soraOptions,
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
  continuity: soraContinuity,
  pricing: {
    perSecondUsd: 0.3,
    source: `${pricingPage} ($0.30 per second at 720p; larger sizes cost more)`,
    asOf: '2026-11',
  },
  typicalGeneration: {
    baseSeconds: 45 * 1.6,
    perVideoSecond: 10 * 1.6,
    referencePixels: 1280 * 720,
    pixelExponent: 0.7,
    queueSeconds: 6,
    source: `${guide} ("several minutes")`,
  },
  sources: [guide, pricingPage],
  options: soraOptions,
};

export const openaiEntries: readonly CatalogEntry[] = [sora2, sora2Pro];
