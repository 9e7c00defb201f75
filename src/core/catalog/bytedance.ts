/**
 * Seedance on BytePlus ModelArk through `@ai-sdk/bytedance` (adapted to start/status).
 *
 * Sources (prices as remembered; unverified in 2026-12):
 * - https://docs.byteplus.com/en/docs/ModelArk/1520757 (video generation API): durations
 *   2-12 s (1.5 Pro: 4-12 s), resolutions 480p/720p/1080p, ratios 16:9 4:3 1:1 3:4 9:16 21:9
 *   with the output sizes below, `return_last_frame`, results kept 24 h;
 * - https://docs.byteplus.com/en/docs/ModelArk/1544106 (pricing): tokens = width x height x
 *   24 fps x seconds / 1024, priced per million tokens (Pro about $2.5/M, Lite $1.8/M), shown
 *   here as per-second prices at each size.
 */
import type { CatalogEntry, CatalogSize } from './catalog-entry.ts';
import type { ContinuitySupport } from './continuity.ts';
import { exactSize } from './size-helpers.ts';

const api = 'https://docs.byteplus.com/en/docs/ModelArk/1520757';
const pricing = 'https://docs.byteplus.com/en/docs/ModelArk/1544106';
const asOf = '2025-10 (unverified in 2026-12)';

const table: Record<string, Array<[number, number]>> = {
  '480p': [
    [864, 480],
    [480, 864],
    [640, 640],
    [736, 544],
    [544, 736],
    [960, 416],
  ],
  '720p': [
    [1248, 704],
    [704, 1248],
    [960, 960],
    [1120, 832],
    [832, 1120],
    [1504, 640],
  ],
  '1080p': [
    [1920, 1088],
    [1088, 1920],
    [1440, 1440],
    [1664, 1248],
    [1248, 1664],
    [2176, 928],
  ],
};

/**
 * Seedance joins clips by first frame (`role: first_frame`, with `last_frame` for first-and-last
 * frame) and returns a task's last frame as a PNG link on request (`return_last_frame`), so
 * reelgate never decodes it. No extension of a video.
 */
const seedanceContinuity: ContinuitySupport = {
  firstFrame: true,
  lastFrame: true,
  returnsLastFrame: {
    request: { provider: 'bytedance', options: { returnLastFrame: true } },
    metadataKey: 'lastFrameUrl',
    source: `${api} (return_last_frame, content.last_frame_url)`,
  },
  // Reference images are documented for the 1.0 Lite image-to-video model only, which needs an
  // image on every call and is not listed here; none of these models takes assets.
  referenceImages: false,
  notes: [],
};

function sizes(resolutions: string[], usdPerMillionTokens: number): CatalogSize[] {
  return resolutions.flatMap((resolution) =>
    table[resolution]!.map(([width, height]) => {
      const perSecond = ((width * height * 24) / 1024 / 1_000_000) * usdPerMillionTokens;
      return exactSize(width, height, resolution as '480p', Math.round(perSecond * 10_000) / 10_000);
    }),
  );
}

function seedance(
  modelId: string,
  displayName: string,
  aliases: string[],
  minSeconds: number,
  resolutions: string[],
  usdPerMillionTokens: number,
  audio: boolean,
): CatalogEntry {
  const all = sizes(resolutions, usdPerMillionTokens);
  return {
    id: `bytedance:${modelId}`,
    provider: 'bytedance',
    modelId,
    displayName,
    aliases,
    durations: { kind: 'range', minSeconds, maxSeconds: 12, stepSeconds: 1 },
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 12,
    sizes: all,
    defaultSize: resolutions.includes('1080p') ? '1920x1088' : '1248x704',
    audio,
    imageToVideo: true,
    extension: { supported: false },
    continuity: seedanceContinuity,
    pricing: {
      perSecondUsd: all[0]!.pricePerSecondUsd!,
      source: `${pricing} ($${usdPerMillionTokens} per million tokens; tokens = w x h x 24 x s / 1024)`,
      asOf,
    },
    typicalGeneration: {
      baseSeconds: 30,
      perVideoSecond: 8,
      referencePixels: 1248 * 704,
      pixelExponent: 0.8,
      queueSeconds: 5,
      source: `${api} (estimate)`,
    },
    sources: [api, pricing],
  };
}

export const bytedanceEntries: readonly CatalogEntry[] = [
  seedance(
    'seedance-1-0-pro-250528',
    'Seedance 1.0 Pro',
    ['seedance-1.0-pro', 'modelark-seedance-pro'],
    2,
    ['480p', '720p', '1080p'],
    2.5,
    false,
  ),
  seedance(
    'seedance-1-0-pro-fast-251015',
    'Seedance 1.0 Pro Fast',
    ['seedance-1.0-pro-fast'],
    2,
    ['480p', '720p', '1080p'],
    1,
    false,
  ),
  seedance(
    'seedance-1-0-lite-t2v-250428',
    'Seedance 1.0 Lite',
    ['seedance-1.0-lite', 'seedance-lite'],
    2,
    ['480p', '720p'],
    1.8,
    false,
  ),
  seedance(
    'seedance-1-5-pro-251215',
    'Seedance 1.5 Pro',
    ['seedance-1.5-pro', 'seedance-1.5'],
    4,
    ['480p', '720p', '1080p'],
    2.4,
    true,
  ),
];
