/**
 * Video models through the Vercel AI Gateway (`@ai-sdk/gateway`), which bills the providers'
 * list prices without a markup; ids are the Gateway's `creator/model` names.
 *
 * Sources (as remembered; unverified in 2026-12): https://vercel.com/docs/ai-gateway/capabilities/video-generation
 * (async start/status, webhooks, model list) and https://vercel.com/ai-gateway/models (prices).
 */
import type { CatalogEntry } from './catalog-entry.ts';
import type { ContinuitySupport } from './continuity.ts';
import { sizeGrid } from './size-helpers.ts';

const docs = 'https://vercel.com/docs/ai-gateway/capabilities/video-generation';
const models = 'https://vercel.com/ai-gateway/models';
const asOf = '2026-08 (unverified in 2026-12)';
/**
 * Veo 3.1 through the Gateway: first frame, and reference images (`@ai-sdk/gateway` passes
 * `inputReferences` on; Veo 3.1 takes up to 3, https://ai.google.dev/gemini-api/docs/video).
 */
const veo31Continuity: ContinuitySupport = {
  firstFrame: true,
  lastFrame: false,
  referenceImages: true,
  notes: [],
};
const continuityByModel: Readonly<Record<string, ContinuitySupport>> = {
  'google/veo-3.1-fast-generate-001': veo31Continuity,
  'google/veo-3.1-generate-001': veo31Continuity,
};

function viaGateway(
  modelId: string,
  displayName: string,
  durations: { min: number; max: number; list?: number[] },
  resolutions: string[],
  perSecondUsd: number,
  audio: boolean,
): CatalogEntry {
  return {
    id: `gateway:${modelId}`,
    provider: 'gateway',
    modelId,
    displayName: `${displayName} (AI Gateway)`,
    aliases: [],
    durations: durations.list
      ? { kind: 'list', seconds: durations.list }
      : { kind: 'range', minSeconds: durations.min, maxSeconds: durations.max, stepSeconds: 1 },
    defaultDurationSeconds: durations.list?.[0] ?? durations.min,
    maxDurationPerCallSeconds: durations.max,
    sizes: sizeGrid(['16:9', '9:16'], resolutions),
    defaultSize: resolutions.includes('720p') ? '1280x720' : '854x480',
    audio,
    imageToVideo: true,
    extension: { supported: false },
    pricing: { perSecondUsd, source: `${models} (provider list price, no markup)`, asOf },
    typicalGeneration: {
      baseSeconds: 40,
      perVideoSecond: 8,
      referencePixels: 1280 * 720,
      pixelExponent: 0.8,
      queueSeconds: 5,
      source: `${docs} (estimate)`,
    },
    sources: [docs, models],
    ...(continuityByModel[modelId] ? { continuity: continuityByModel[modelId] } : {}),
  };
}

export const gatewayEntries: readonly CatalogEntry[] = [
  viaGateway(
    'google/veo-3.1-fast-generate-001',
    'Veo 3.1 Fast',
    { min: 4, max: 8, list: [4, 6, 8] },
    ['720p', '1080p'],
    0.15,
    true,
  ),
  viaGateway(
    'google/veo-3.1-generate-001',
    'Veo 3.1',
    { min: 4, max: 8, list: [4, 6, 8] },
    ['720p', '1080p'],
    0.4,
    true,
  ),
  viaGateway(
    'bytedance/seedance-v1.0-pro',
    'Seedance 1.0 Pro',
    { min: 2, max: 12 },
    ['480p', '720p'],
    0.06,
    false,
  ),
  viaGateway('alibaba/wan-v2.6-t2v', 'Wan 2.6', { min: 5, max: 15, list: [5, 10, 15] }, ['720p'], 0.1, true),
  viaGateway('klingai/kling-v2.6-t2v', 'Kling 2.6', { min: 5, max: 10, list: [5, 10] }, ['720p'], 0.07, true),
  viaGateway('minimax/minimax-h3', 'Hailuo H3', { min: 4, max: 15 }, ['720p'], 0.08, false),
  viaGateway(
    'spacexai/grok-imagine-video',
    'Grok Imagine Video',
    { min: 1, max: 15 },
    ['480p', '720p'],
    0.05,
    true,
  ),
];
