/**
 * Replicate's official video models (`owner/name`, predictions API).
 *
 * Sources (as remembered from each model's page, https://replicate.com/<owner>/<name>, whose
 * "Pricing" section bills per second of output; no network access while writing, so all
 * unverified in 2026-11):
 * - input schemas (duration, aspect_ratio, resolution, image fields): each model's API tab;
 * - prices: each model's pricing section;
 * - outputs of API predictions are deleted after one hour:
 *   https://replicate.com/docs/topics/predictions/data-retention ;
 * - typical times: the "typically completes in" line on each page (estimates).
 */
import type { CatalogEntry, DurationSupport, ModelOptionSupport } from './catalog-entry.ts';
import { sizeGrid } from './size-helpers.ts';

const page = (model: string) => `https://replicate.com/${model}`;
const asOf = '2025-10 (unverified in 2026-11)';

function entry(
  fields: Omit<CatalogEntry, 'id' | 'provider' | 'extension' | 'sources' | 'typicalGeneration'> & {
    typical: [number, number];
  },
): CatalogEntry {
  const { typical, ...rest } = fields;
  return {
    id: `replicate:${fields.modelId}`,
    provider: 'replicate',
    extension: { supported: false },
    sources: [page(fields.modelId), 'https://replicate.com/docs/topics/predictions/data-retention'],
    typicalGeneration: {
      baseSeconds: typical[0],
      perVideoSecond: typical[1],
      referencePixels: 1280 * 720,
      pixelExponent: 0.7,
      queueSeconds: 5,
      source: `${page(fields.modelId)} ("typically completes in"; estimate)`,
    },
    ...rest,
  };
}

const list = (...seconds: number[]): DurationSupport => ({ kind: 'list', seconds });

/**
 * Request options per model, from each model's input schema (the "API" tab of its page).
 * Keys of `provider_options` are the model's own input names; @ai-sdk/replicate sends unknown
 * keys as inputs unchanged.
 */
function replicateOptions(
  model: string,
  support: Omit<ModelOptionSupport, 'source' | 'providerOptions'>,
  providerOptions: ModelOptionSupport['providerOptions'] = {},
): ModelOptionSupport {
  return { ...support, providerOptions, source: `${page(model)} (API tab: input schema)` };
}

const veoOptions = (model: string) =>
  replicateOptions(model, {
    seed: 'honoured',
    generateAudio: 'unconfirmed',
    fps: 'ignored',
    negativePrompt: 'honoured',
  });

export const replicateEntries: readonly CatalogEntry[] = [
  entry({
    modelId: 'google/veo-3',
    displayName: 'Veo 3 (Replicate)',
    aliases: ['replicate-veo-3'],
    durations: list(4, 6, 8),
    defaultDurationSeconds: 8,
    maxDurationPerCallSeconds: 8,
    sizes: sizeGrid(['16:9', '9:16'], ['720p', '1080p']),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.4,
      source: `${page('google/veo-3')} (per second of output, with audio)`,
      asOf,
    },
    typical: [60, 10],
    options: veoOptions('google/veo-3'),
  }),
  entry({
    modelId: 'google/veo-3-fast',
    displayName: 'Veo 3 Fast (Replicate)',
    aliases: ['replicate-veo-3-fast'],
    durations: list(4, 6, 8),
    defaultDurationSeconds: 8,
    maxDurationPerCallSeconds: 8,
    sizes: sizeGrid(['16:9', '9:16'], ['720p', '1080p']),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.15,
      source: `${page('google/veo-3-fast')} (per second of output, with audio)`,
      asOf,
    },
    typical: [35, 6],
    options: veoOptions('google/veo-3-fast'),
  }),
  entry({
    modelId: 'kwaivgi/kling-v2.1',
    displayName: 'Kling 2.1 (Replicate)',
    aliases: ['replicate-kling-2.1'],
    durations: list(5, 10),
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9', '9:16', '1:1'], ['720p', '1080p'], { '720p': 0.05, '1080p': 0.09 }),
    defaultSize: '1280x720',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.05,
      source: `${page('kwaivgi/kling-v2.1')} (standard 720p $0.05/s, pro 1080p $0.09/s)`,
      asOf,
    },
    typical: [120, 20],
    options: replicateOptions('kwaivgi/kling-v2.1', {
      seed: 'ignored',
      generateAudio: 'ignored',
      fps: 'ignored',
      negativePrompt: 'honoured',
    }),
  }),
  entry({
    modelId: 'minimax/hailuo-02',
    displayName: 'MiniMax Hailuo-02 (Replicate)',
    aliases: ['replicate-hailuo-02'],
    durations: list(6, 10),
    defaultDurationSeconds: 6,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9'], ['768p', '1080p'], { '768p': 0.045, '1080p': 0.08 }),
    defaultSize: '1366x768',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.045,
      source: `${page('minimax/hailuo-02')} (768p $0.045/s, 1080p $0.08/s)`,
      asOf,
    },
    typical: [90, 15],
    options: replicateOptions(
      'minimax/hailuo-02',
      { seed: 'ignored', generateAudio: 'ignored', fps: 'ignored', negativePrompt: 'ignored' },
      { prompt_optimizer: { type: 'boolean', description: 'Let MiniMax rewrite the prompt.' } },
    ),
  }),
  entry({
    modelId: 'bytedance/seedance-1-pro',
    displayName: 'Seedance 1 Pro (Replicate)',
    aliases: ['replicate-seedance-1-pro'],
    durations: { kind: 'range', minSeconds: 2, maxSeconds: 12, stepSeconds: 1 },
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 12,
    sizes: sizeGrid(['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'], ['480p', '1080p'], {
      '480p': 0.03,
      '1080p': 0.15,
    }),
    defaultSize: '1920x1080',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.15,
      source: `${page('bytedance/seedance-1-pro')} (480p $0.03/s, 1080p $0.15/s)`,
      asOf,
    },
    typical: [40, 8],
    options: replicateOptions(
      'bytedance/seedance-1-pro',
      {
        seed: 'honoured',
        generateAudio: 'ignored',
        fps: 'honoured',
        fpsValues: [24],
        negativePrompt: 'ignored',
      },
      { camera_fixed: { type: 'boolean', description: 'Keep the camera still.' } },
    ),
  }),
  entry({
    modelId: 'wan-video/wan-2.5-t2v',
    displayName: 'Wan 2.5 (Replicate)',
    aliases: ['replicate-wan-2.5'],
    durations: list(5, 10),
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9', '9:16', '1:1'], ['480p', '720p', '1080p'], {
      '480p': 0.05,
      '720p': 0.1,
      '1080p': 0.15,
    }),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.1,
      source: `${page('wan-video/wan-2.5-t2v')} ($0.05/$0.10/$0.15 per s at 480p/720p/1080p)`,
      asOf,
    },
    typical: [60, 10],
    options: replicateOptions(
      'wan-video/wan-2.5-t2v',
      { seed: 'honoured', generateAudio: 'ignored', fps: 'ignored', negativePrompt: 'honoured' },
      {
        enable_prompt_expansion: { type: 'boolean', description: 'Let Wan expand the prompt.' },
        audio: { type: 'string', description: 'URL of background audio for the video.' },
      },
    ),
  }),
];
