/**
 * Veo through the Gemini API (`@ai-sdk/google`).
 *
 * Sources (as remembered; no network access while writing, so all unverified in 2026-11):
 * - https://ai.google.dev/gemini-api/docs/video (durationSeconds 4/6/8 for Veo 3.x, 5-8 for
 *   Veo 2; aspect ratios 16:9 and 9:16; 720p and 1080p, 1080p only at 8 s; audio on Veo 3.x;
 *   one video per request for Veo 3.x; image-to-video with a first frame; generated files kept
 *   2 days; Veo 3.1 extension by 7 s steps up to 148 s total);
 * - https://ai.google.dev/gemini-api/docs/pricing (per second of video: Veo 3 / 3.1 $0.40,
 *   Veo 3 / 3.1 Fast $0.15 after the 2025-09 price cut, Veo 2 $0.35);
 * - typical latency: "11 seconds to 6 minutes" from the video docs' limitations section.
 */
import type { CatalogEntry, ModelOptionSupport } from './catalog-entry.ts';
import type { ContinuitySupport } from './continuity.ts';
import { sizeGrid } from './size-helpers.ts';

const docs = 'https://ai.google.dev/gemini-api/docs/video';
const pricing = 'https://ai.google.dev/gemini-api/docs/pricing';
const asOf = '2025-10 (unverified in 2026-11)';
const timingSource = `${docs} (latency 11 s to 6 min; estimate)`;

/**
 * Request options of the Gemini API's Veo (`predictLongRunning` parameters, per the video
 * docs' parameter table): `negativePrompt` and `personGeneration` are documented; `seed` is
 * sent by @ai-sdk/google but could not be checked against the docs here (unconfirmed); the
 * Gemini API has no switch for Veo 3's audio (Vertex AI's `generateAudio` is not part of it),
 * so `generate_audio` is ignored rather than sent to be refused; no frame rate input.
 */
const veoOptions: ModelOptionSupport = {
  seed: 'unconfirmed',
  generateAudio: 'ignored',
  fps: 'ignored',
  negativePrompt: 'honoured',
  providerOptions: {
    personGeneration: {
      type: 'string',
      values: ['allow_all', 'allow_adult', 'dont_allow'],
      description: 'Whether people may be generated (`personGeneration`; regional limits apply).',
    },
  },
  source: `${docs} (Veo API parameters)`,
};

function veo(
  modelId: string,
  displayName: string,
  aliases: string[],
  perSecondUsd: number,
  speed: { base: number; perSecond: number },
  extension: CatalogEntry['extension'] = { supported: false },
  continuity?: ContinuitySupport,
): CatalogEntry {
  return {
    id: `google:${modelId}`,
    provider: 'google',
    modelId,
    displayName,
    aliases,
    durations: { kind: 'list', seconds: [4, 6, 8] },
    defaultDurationSeconds: 8,
    maxDurationPerCallSeconds: 8,
    // 1080p is only offered at 8 s; the mapping picks 8 s for it (the emulator enforces it).
    sizes: sizeGrid(['16:9', '9:16'], ['720p', '1080p']),
    defaultSize: '1280x720',
    audio: true,
    imageToVideo: true,
    extension,
    ...(continuity ? { continuity } : {}),
    pricing: { perSecondUsd, source: `${pricing} (${displayName}, per second with audio)`, asOf },
    typicalGeneration: {
      baseSeconds: speed.base,
      perVideoSecond: speed.perSecond,
      referencePixels: 1280 * 720,
      pixelExponent: 0.7,
      queueSeconds: 5,
      source: timingSource,
    },
    sources: [docs, pricing],
    options: veoOptions,
  };
}

/**
 * The Gemini API extends Veo 3.1 videos (7 s per step, up to 148 s), but @ai-sdk/google
 * 4.0.121 sends no video input, so reelgate cannot drive an extension through it: marked
 * unsupported (segment planning then chains last frames instead).
 */
const veo31Extension: CatalogEntry['extension'] = { supported: false };

/** Veo 3.1 as @ai-sdk/google 4.0.121 sends it: first and last frame (`lastFrame`), reference images. */
const veo31Continuity: ContinuitySupport = {
  firstFrame: true,
  lastFrame: true,
  referenceImages: true,
  notes: ['The Gemini API extends Veo 3.1 videos, but @ai-sdk/google sends no video input.'],
};

export const googleEntries: readonly CatalogEntry[] = [
  veo(
    'veo-3.1-generate-preview',
    'Veo 3.1',
    ['veo', 'veo-3.1', 'veo-3.1-preview'],
    0.4,
    { base: 50, perSecond: 10 },
    veo31Extension,
    veo31Continuity,
  ),
  veo(
    'veo-3.1-fast-generate-preview',
    'Veo 3.1 Fast',
    ['veo-3.1-fast'],
    0.15,
    { base: 30, perSecond: 6 },
    veo31Extension,
    veo31Continuity,
  ),
  veo('veo-3.0-generate-001', 'Veo 3', ['veo-3', 'veo3', 'veo-3.0'], 0.4, { base: 50, perSecond: 10 }),
  veo('veo-3.0-fast-generate-001', 'Veo 3 Fast', ['veo-3-fast', 'veo3-fast', 'veo-3.0-fast'], 0.15, {
    base: 30,
    perSecond: 6,
  }),
  {
    ...veo('veo-2.0-generate-001', 'Veo 2', ['veo-2', 'veo2'], 0.35, { base: 40, perSecond: 8 }),
    durations: { kind: 'range', minSeconds: 5, maxSeconds: 8, stepSeconds: 1 },
    sizes: sizeGrid(['16:9', '9:16'], ['720p']),
    audio: false,
    pricing: { perSecondUsd: 0.35, source: `${pricing} (Veo 2, per second)`, asOf },
  },
];
