/**
 * Wan video on Alibaba Cloud Model Studio through `@ai-sdk/alibaba`.
 *
 * Sources (written without network access to the provider's pages; prices and durations as
 * remembered, unverified in 2026-12):
 * - https://www.alibabacloud.com/help/en/model-studio/text-to-video-api-reference : sizes as
 *   "W*H" per tier (480P 832*480, 720P 1280*720 / 960*960, 1080P 1920*1080 / 1440*1440),
 *   durations 5/10 s (wan2.5), 5/10/15 s (wan2.6), task results kept 24 h;
 * - https://www.alibabacloud.com/help/en/model-studio/model-pricing : per second of output.
 */
import type { CatalogEntry, CatalogSize } from './catalog-entry.ts';
import type { ContinuitySupport } from './continuity.ts';
import { exactSize } from './size-helpers.ts';

const api = 'https://www.alibabacloud.com/help/en/model-studio/text-to-video-api-reference';
const pricing = 'https://www.alibabacloud.com/help/en/model-studio/model-pricing';
const asOf = '2025-12 (unverified in 2026-12)';

function tierSizes(prices: Record<string, number>): CatalogSize[] {
  const sizes: CatalogSize[] = [];
  if (prices['480p'] !== undefined)
    sizes.push(exactSize(832, 480, '480p', prices['480p']), exactSize(480, 832, '480p', prices['480p']));
  if (prices['720p'] !== undefined)
    sizes.push(
      exactSize(1280, 720, '720p', prices['720p']),
      exactSize(720, 1280, '720p', prices['720p']),
      exactSize(960, 960, '720p', prices['720p']),
    );
  if (prices['1080p'] !== undefined)
    sizes.push(
      exactSize(1920, 1080, '1080p', prices['1080p']),
      exactSize(1080, 1920, '1080p', prices['1080p']),
      exactSize(1440, 1440, '1080p', prices['1080p']),
    );
  return sizes;
}

/**
 * Wan 2.6 makes several shots in one job: `shot_type: "multi"` (with prompt expansion on) and
 * the shots timed in the prompt, `Shot 1 [0-3s] ... Shot 2 [3-5s] ...`; prompts up to 800
 * characters (@ai-sdk/alibaba sends `shotType`/`promptExtend` for wan2.6, not for 2.7/3).
 * The shot limit is not documented; 5 is assumed.
 */
const wan26Continuity: ContinuitySupport = {
  firstFrame: true,
  lastFrame: false,
  multiShot: {
    maxShots: 5,
    maxPromptChars: 800,
    request: { provider: 'alibaba', options: { shotType: 'multi', promptExtend: true } },
    source: `${api} (shot_type, prompt_extend); Wan 2.6 prompt format as fal and WaveSpeed document it`,
  },
  referenceImages: false,
  notes: [],
};

function wan(
  modelId: string,
  displayName: string,
  aliases: string[],
  durations: number[],
  prices: Record<string, number>,
  defaultSize: string,
  continuity?: ContinuitySupport,
): CatalogEntry {
  return {
    id: `alibaba:${modelId}`,
    provider: 'alibaba',
    modelId,
    displayName,
    aliases,
    durations: { kind: 'list', seconds: durations },
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: Math.max(...durations),
    sizes: tierSizes(prices),
    defaultSize,
    audio: true,
    imageToVideo: true,
    extension: { supported: false },
    ...(continuity ? { continuity } : {}),
    pricing: { perSecondUsd: Object.values(prices)[0]!, source: `${pricing} (per second by tier)`, asOf },
    typicalGeneration: {
      baseSeconds: 60,
      perVideoSecond: 12,
      referencePixels: 1280 * 720,
      pixelExponent: 0.8,
      queueSeconds: 10,
      source: `${api} (estimate)`,
    },
    sources: [api, pricing],
  };
}

export const alibabaEntries: readonly CatalogEntry[] = [
  wan(
    'wan2.6-t2v',
    'Wan 2.6',
    ['wan-2.6', 'wan2.6'],
    [5, 10, 15],
    { '720p': 0.1, '1080p': 0.15 },
    '1280x720',
    wan26Continuity,
  ),
  wan(
    'wan2.5-t2v-preview',
    'Wan 2.5 Preview',
    ['alibaba-wan-2.5'],
    [5, 10],
    { '480p': 0.05, '720p': 0.1, '1080p': 0.15 },
    '1280x720',
  ),
];
