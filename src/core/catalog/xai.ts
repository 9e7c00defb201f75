/**
 * xAI video (Grok Imagine) through `@ai-sdk/xai`.
 *
 * Sources (as remembered; no network access while writing, so unverified in 2026-11):
 * - https://docs.x.ai/docs/guides/video-generation : `POST /v1/videos/generations`, duration
 *   1-15 s, resolution 480p/720p (1080p on grok-imagine-video-1.5, per @ai-sdk/xai 5.0.12's
 *   warnings), aspect ratios 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, image-to-video via `image`,
 *   audio generated with the video, temporary result URLs;
 * - https://docs.x.ai/docs/models : price per second of output ($0.05 at 480p, $0.07 at 720p;
 *   1080p figure is a guess).
 * - https://docs.x.ai/developers/model-capabilities/video/extension (read 2026-12):
 *   `POST /v1/videos/extensions` continues a source video of 2-15 s by 2-10 s (default 6); the
 *   result is one video, source first then the continuation, at the source's aspect ratio and
 *   resolution capped at 720p; no aspect_ratio/resolution. Vercel's AI Gateway docs (same
 *   month) say only grok-imagine-video extends (1.5 does image-to-video, with a last frame).
 *   The source goes in `video.url` as a public URL or a base64 data URL (per a mirror of the
 *   API reference; docs.x.ai shows URLs only).
 */
import type { CatalogEntry, ModelOptionSupport } from './catalog-entry.ts';
import type { ContinuitySupport } from './continuity.ts';
import { sizeGrid } from './size-helpers.ts';

const guide = 'https://docs.x.ai/docs/guides/video-generation';
const models = 'https://docs.x.ai/docs/models';
const asOf = '2025-10 (unverified in 2026-11)';
const ratios = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'];
const extensionDocs = 'https://docs.x.ai/developers/model-capabilities/video/extension';

/** grok-imagine-video: native extension through @ai-sdk/xai's `mode: 'extend-video'`. */
const grokContinuity: ContinuitySupport = {
  extend: {
    durations: { kind: 'range', minSeconds: 2, maxSeconds: 10, stepSeconds: 1 },
    sourceSeconds: { min: 2, max: 15 },
    resultIncludesSource: true,
    request: { provider: 'xai', options: { mode: 'extend-video' }, sourceUrlKey: 'videoUrl' },
    // As fal lists Grok Imagine extend-video ($0.01 per input second); xAI's own page unconfirmed.
    sourcePricePerSecondUsd: 0.01,
    source: `${extensionDocs}; @ai-sdk/xai 5.0.12 (POST /videos/extensions)`,
  },
  firstFrame: true,
  lastFrame: false,
  referenceImages: true,
  notes: [],
};

/** grok-imagine-video-1.5: first and last frame (@ai-sdk/xai sends `last_frame` for 1.5 only), no extension. */
const grok15Continuity: ContinuitySupport = {
  firstFrame: true,
  lastFrame: true,
  referenceImages: true,
  notes: ['xAI extends only grok-imagine-video; 1.5 continues from a first frame.'],
};

/**
 * Request options of `POST /v1/videos/generations`: `generate_audio` is sent by @ai-sdk/xai
 * 5.0.12 as xAI's API takes it; xAI has no seed, frame rate or negative prompt (the package
 * warns that seed and fps are unsupported). `user` identifies the end user for abuse monitoring.
 */
const grokOptions: ModelOptionSupport = {
  seed: 'ignored',
  generateAudio: 'honoured',
  fps: 'ignored',
  negativePrompt: 'ignored',
  providerOptions: {
    user: { type: 'string', description: 'Your end user id, for abuse monitoring (`user`).' },
  },
  source: `${guide}; @ai-sdk/xai 5.0.12 request body`,
};

function grok(
  modelId: string,
  displayName: string,
  aliases: string[],
  resolutions: string[],
  prices: Record<string, number>,
  continuity: ContinuitySupport,
): CatalogEntry {
  return {
    id: `xai:${modelId}`,
    provider: 'xai',
    modelId,
    displayName,
    aliases,
    durations: { kind: 'range', minSeconds: 1, maxSeconds: 15, stepSeconds: 1 },
    defaultDurationSeconds: 6,
    maxDurationPerCallSeconds: 15,
    sizes: sizeGrid(ratios, resolutions, prices),
    defaultSize: '854x480',
    audio: true,
    imageToVideo: true,
    extension: continuity.extend ? { supported: true, maxSecondsPerExtension: 10 } : { supported: false },
    continuity,
    pricing: {
      perSecondUsd: prices['480p']!,
      source: `${models} (per second of output by resolution)`,
      asOf,
    },
    typicalGeneration: {
      baseSeconds: 20,
      perVideoSecond: 4,
      referencePixels: 1280 * 720,
      pixelExponent: 0.7,
      queueSeconds: 3,
      source: `${guide} (estimate)`,
    },
    sources: [guide, models],
    options: grokOptions,
  };
}

export const xaiEntries: readonly CatalogEntry[] = [
  grok(
    'grok-imagine-video',
    'Grok Imagine Video',
    ['grok-video', 'grok-imagine', 'grok'],
    ['480p', '720p'],
    {
      '480p': 0.05,
      '720p': 0.07,
    },
    grokContinuity,
  ),
  grok(
    'grok-imagine-video-1.5',
    'Grok Imagine Video 1.5',
    ['grok-video-1.5', 'grok-imagine-1.5'],
    ['480p', '720p', '1080p'],
    {
      '480p': 0.05,
      '720p': 0.07,
      '1080p': 0.1,
    },
    grok15Continuity,
  ),
];
