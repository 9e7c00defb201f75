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
 */
import type { CatalogEntry } from './catalog-entry.ts';
import { sizeGrid } from './size-helpers.ts';

const guide = 'https://docs.x.ai/docs/guides/video-generation';
const models = 'https://docs.x.ai/docs/models';
const asOf = '2025-10 (unverified in 2026-11)';
const ratios = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'];

function grok(
  modelId: string,
  displayName: string,
  aliases: string[],
  resolutions: string[],
  prices: Record<string, number>,
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
    extension: { supported: false },
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
  };
}

export const xaiEntries: readonly CatalogEntry[] = [
  grok('grok-imagine-video', 'Grok Imagine Video', ['grok-video', 'grok-imagine', 'grok'], ['480p', '720p'], {
    '480p': 0.05,
    '720p': 0.07,
  }),
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
  ),
];
