/**
 * fal (queue API) video models. Each entry's model id is the text-to-video endpoint; reelgate
 * starts image-to-video calls on the sibling `.../image-to-video` endpoint.
 *
 * Sources (as remembered from fal's model pages, https://fal.ai/models/<endpoint>, checked
 * last in 2025; fal's prices change often, so each entry says how sure it is):
 * - options (durations, aspect ratios, resolutions): each endpoint's API schema on its model page;
 * - prices: the "Pricing" box on each model page;
 * - typical times: the "inference time" fal shows on each page, rounded (estimates).
 * Unconfirmed here: every price and time (no network access while writing; see docs/providers.md).
 */
import type {
  CatalogEntry,
  DurationSupport,
  ModelOptionSupport,
  ProviderOptionSpec,
} from './catalog-entry.ts';
import { sizeGrid } from './size-helpers.ts';

const page = (endpoint: string) => `https://fal.ai/models/${endpoint}`;
const asOf = '2025-10 (unverified in 2026-11)';

function timing(
  baseSeconds: number,
  perVideoSecond: number,
  source: string,
): CatalogEntry['typicalGeneration'] {
  return {
    baseSeconds,
    perVideoSecond,
    referencePixels: 1280 * 720,
    pixelExponent: 0.7,
    queueSeconds: 5,
    source,
  };
}

function entry(
  fields: Omit<CatalogEntry, 'id' | 'provider' | 'extension' | 'sources'> & { sources?: string[] },
): CatalogEntry {
  return {
    id: `fal:${fields.modelId}`,
    provider: 'fal',
    extension: { supported: false },
    sources: fields.sources ?? [page(fields.modelId)],
    ...fields,
  };
}

const list = (...seconds: number[]): DurationSupport => ({ kind: 'list', seconds });

/**
 * Request options per endpoint, from each endpoint's input schema on its fal model page (the
 * "API" tab). Keys of `provider_options` are fal's own field names; @ai-sdk/fal sends unknown
 * keys to the endpoint as they are.
 */
const cfgScale: ProviderOptionSpec = {
  type: 'number',
  min: 0,
  max: 1,
  description: 'How closely the video follows the prompt (Kling `cfg_scale`).',
};
const promptOptimizer: ProviderOptionSpec = {
  type: 'boolean',
  description: 'Let MiniMax rewrite the prompt (`prompt_optimizer`).',
};
const enhancePrompt: ProviderOptionSpec = { type: 'boolean', description: 'Let Veo enhance the prompt.' };
const autoFix: ProviderOptionSpec = {
  type: 'boolean',
  description: 'Let fal rewrite a prompt that fails the content check (`auto_fix`).',
};
const safetyChecker: ProviderOptionSpec = {
  type: 'boolean',
  description: "Run fal's safety checker on the output (`enable_safety_checker`).",
};

function falOptions(
  page: string,
  support: Omit<ModelOptionSupport, 'source' | 'providerOptions'>,
  providerOptions: ModelOptionSupport['providerOptions'] = {},
): ModelOptionSupport {
  return { ...support, providerOptions, source: `${page} (API tab: input schema)` };
}

const klingOptions = (endpoint: string) =>
  falOptions(
    page(endpoint),
    { seed: 'ignored', generateAudio: 'ignored', fps: 'ignored', negativePrompt: 'honoured' },
    { cfg_scale: cfgScale },
  );
const veoOptions = (endpoint: string) =>
  falOptions(
    page(endpoint),
    { seed: 'honoured', generateAudio: 'honoured', fps: 'ignored', negativePrompt: 'honoured' },
    { enhance_prompt: enhancePrompt, auto_fix: autoFix },
  );
const hailuoOptions = (endpoint: string) =>
  falOptions(
    page(endpoint),
    { seed: 'ignored', generateAudio: 'ignored', fps: 'ignored', negativePrompt: 'ignored' },
    { prompt_optimizer: promptOptimizer },
  );

export const falEntries: readonly CatalogEntry[] = [
  entry({
    modelId: 'fal-ai/kling-video/v2.5-turbo/pro/text-to-video',
    displayName: 'Kling 2.5 Turbo Pro (fal)',
    aliases: ['kling', 'kling-2.5', 'kling-2.5-turbo', 'kling-v2.5-turbo-pro'],
    durations: list(5, 10),
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9', '9:16', '1:1'], ['1080p']),
    defaultSize: '1920x1080',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.07,
      source: `${page('fal-ai/kling-video/v2.5-turbo/pro/text-to-video')} ($0.35 per 5 s)`,
      asOf,
    },
    typicalGeneration: timing(40, 8, 'fal model page inference time (estimate)'),
    options: klingOptions('fal-ai/kling-video/v2.5-turbo/pro/text-to-video'),
  }),
  entry({
    modelId: 'fal-ai/kling-video/v2.1/master/text-to-video',
    displayName: 'Kling 2.1 Master (fal)',
    aliases: ['kling-2.1', 'kling-2.1-master', 'kling-v2.1-master'],
    durations: list(5, 10),
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9', '9:16', '1:1'], ['1080p']),
    defaultSize: '1920x1080',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.28,
      source: `${page('fal-ai/kling-video/v2.1/master/text-to-video')} ($1.40 per 5 s)`,
      asOf,
    },
    typicalGeneration: timing(120, 20, 'fal model page inference time (estimate)'),
    options: klingOptions('fal-ai/kling-video/v2.1/master/text-to-video'),
  }),
  entry({
    modelId: 'fal-ai/bytedance/seedance/v1/pro/text-to-video',
    displayName: 'Seedance 1.0 Pro (fal)',
    aliases: ['seedance', 'seedance-pro', 'seedance-1-pro'],
    durations: { kind: 'range', minSeconds: 2, maxSeconds: 12, stepSeconds: 1 },
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 12,
    sizes: sizeGrid(['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'], ['480p', '720p', '1080p'], {
      '480p': 0.03,
      '720p': 0.06,
      '1080p': 0.124,
    }),
    defaultSize: '1920x1080',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.124,
      source: `${page('fal-ai/bytedance/seedance/v1/pro/text-to-video')} (token-priced; about $0.62 per 5 s at 1080p)`,
      asOf,
    },
    typicalGeneration: timing(40, 8, 'fal model page inference time (estimate)'),
    options: falOptions(
      page('fal-ai/bytedance/seedance/v1/pro/text-to-video'),
      { seed: 'honoured', generateAudio: 'ignored', fps: 'ignored', negativePrompt: 'ignored' },
      {
        camera_fixed: { type: 'boolean', description: 'Keep the camera still (`camera_fixed`).' },
        enable_safety_checker: safetyChecker,
      },
    ),
  }),
  entry({
    modelId: 'fal-ai/wan-25-preview/text-to-video',
    displayName: 'Wan 2.5 Preview (fal)',
    aliases: ['wan', 'wan-2.5', 'wan-25'],
    durations: list(5, 10),
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9', '9:16', '1:1'], ['480p', '720p', '1080p'], {
      '480p': 0.05,
      '720p': 0.1,
      '1080p': 0.15,
    }),
    defaultSize: '1920x1080',
    audio: true,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.15,
      source: `${page('fal-ai/wan-25-preview/text-to-video')} ($0.05/$0.10/$0.15 per s at 480p/720p/1080p)`,
      asOf,
    },
    typicalGeneration: timing(60, 10, 'fal model page inference time (estimate)'),
    options: falOptions(
      page('fal-ai/wan-25-preview/text-to-video'),
      { seed: 'honoured', generateAudio: 'ignored', fps: 'ignored', negativePrompt: 'honoured' },
      {
        enable_prompt_expansion: {
          type: 'boolean',
          description: 'Let Wan expand the prompt (`enable_prompt_expansion`).',
        },
        audio_url: { type: 'string', description: 'Background audio for the video (`audio_url`).' },
        enable_safety_checker: safetyChecker,
      },
    ),
  }),
  entry({
    modelId: 'fal-ai/ltx-2/text-to-video',
    displayName: 'LTX-2 (fal)',
    aliases: ['ltx', 'ltx-2', 'ltxv-2'],
    durations: list(6, 8, 10),
    defaultDurationSeconds: 6,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9'], ['1080p']),
    defaultSize: '1920x1080',
    audio: true,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.06,
      source: `${page('fal-ai/ltx-2/text-to-video')} ($0.06 per s at 1080p)`,
      asOf,
    },
    typicalGeneration: timing(20, 4, 'fal model page inference time (estimate)'),
    options: falOptions(page('fal-ai/ltx-2/text-to-video'), {
      seed: 'unconfirmed',
      generateAudio: 'honoured',
      fps: 'honoured',
      fpsValues: [25, 50],
      negativePrompt: 'unconfirmed',
    }),
  }),
  entry({
    modelId: 'fal-ai/veo3',
    displayName: 'Veo 3 (fal)',
    aliases: ['fal-veo3', 'veo3-fal'],
    durations: list(4, 6, 8),
    defaultDurationSeconds: 8,
    maxDurationPerCallSeconds: 8,
    sizes: sizeGrid(['16:9', '9:16'], ['720p', '1080p']),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    pricing: { perSecondUsd: 0.4, source: `${page('fal-ai/veo3')} ($0.40 per s with audio)`, asOf },
    typicalGeneration: timing(60, 10, 'fal model page inference time (estimate)'),
    options: veoOptions('fal-ai/veo3'),
  }),
  entry({
    modelId: 'fal-ai/veo3/fast',
    displayName: 'Veo 3 Fast (fal)',
    aliases: ['fal-veo3-fast'],
    durations: list(4, 6, 8),
    defaultDurationSeconds: 8,
    maxDurationPerCallSeconds: 8,
    sizes: sizeGrid(['16:9', '9:16'], ['720p', '1080p']),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    pricing: { perSecondUsd: 0.15, source: `${page('fal-ai/veo3/fast')} ($0.15 per s with audio)`, asOf },
    typicalGeneration: timing(35, 6, 'fal model page inference time (estimate)'),
    options: veoOptions('fal-ai/veo3/fast'),
  }),
  entry({
    modelId: 'fal-ai/veo3.1',
    displayName: 'Veo 3.1 (fal)',
    aliases: ['fal-veo3.1'],
    durations: list(4, 6, 8),
    defaultDurationSeconds: 8,
    maxDurationPerCallSeconds: 8,
    sizes: sizeGrid(['16:9', '9:16'], ['720p', '1080p']),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    pricing: { perSecondUsd: 0.4, source: `${page('fal-ai/veo3.1')} ($0.40 per s with audio)`, asOf },
    typicalGeneration: timing(60, 10, 'fal model page inference time (estimate)'),
    options: veoOptions('fal-ai/veo3.1'),
  }),
  entry({
    modelId: 'fal-ai/minimax/hailuo-02/standard/text-to-video',
    displayName: 'MiniMax Hailuo-02 Standard (fal)',
    aliases: ['hailuo', 'hailuo-02', 'minimax', 'minimax-hailuo-02'],
    durations: list(6, 10),
    defaultDurationSeconds: 6,
    maxDurationPerCallSeconds: 10,
    sizes: sizeGrid(['16:9'], ['768p']),
    defaultSize: '1366x768',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.045,
      source: `${page('fal-ai/minimax/hailuo-02/standard/text-to-video')} ($0.045 per s at 768p)`,
      asOf,
    },
    typicalGeneration: timing(90, 15, 'fal model page inference time (estimate)'),
    options: hailuoOptions('fal-ai/minimax/hailuo-02/standard/text-to-video'),
  }),
  entry({
    modelId: 'fal-ai/minimax/hailuo-02/pro/text-to-video',
    displayName: 'MiniMax Hailuo-02 Pro (fal)',
    aliases: ['hailuo-02-pro', 'minimax-hailuo-02-pro'],
    durations: list(6),
    defaultDurationSeconds: 6,
    maxDurationPerCallSeconds: 6,
    sizes: sizeGrid(['16:9'], ['1080p']),
    defaultSize: '1920x1080',
    audio: false,
    imageToVideo: true,
    pricing: {
      perSecondUsd: 0.08,
      source: `${page('fal-ai/minimax/hailuo-02/pro/text-to-video')} ($0.08 per s at 1080p)`,
      asOf,
    },
    typicalGeneration: timing(150, 20, 'fal model page inference time (estimate)'),
    options: hailuoOptions('fal-ai/minimax/hailuo-02/pro/text-to-video'),
  }),
];
