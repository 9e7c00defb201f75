/**
 * Replicate video models the face knows, with their input rules. Unknown `owner/name` models
 * get permissive defaults (Replicate hosts thousands of community models).
 */

export interface ReplicateModelSpec {
  durations: readonly number[];
  defaultDuration: number;
  aspectRatios: readonly string[];
  defaultAspectRatio: string;
  resolutions: readonly string[];
  defaultResolution: string;
  /** Input fields that carry the first frame. */
  imageFields: readonly string[];
  tierFactor: number;
  /** A stable fake version hash. */
  version: string;
}

const base: ReplicateModelSpec = {
  durations: [],
  defaultDuration: 5,
  aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
  defaultAspectRatio: '16:9',
  resolutions: ['480p', '720p', '1080p'],
  defaultResolution: '720p',
  imageFields: ['image', 'start_image', 'first_frame_image'],
  tierFactor: 1,
  version: '0000000000000000000000000000000000000000000000000000000000000000',
};

function spec(version: string, overrides: Partial<ReplicateModelSpec>): ReplicateModelSpec {
  return { ...base, ...overrides, version: version.padEnd(64, '0') };
}

export const REPLICATE_MODELS: Readonly<Record<string, ReplicateModelSpec>> = {
  'google/veo-3': spec('a1b2c3', {
    durations: [4, 6, 8],
    defaultDuration: 8,
    aspectRatios: ['16:9', '9:16'],
    resolutions: ['720p', '1080p'],
    tierFactor: 1.5,
  }),
  'google/veo-3-fast': spec('a1b2c4', {
    durations: [4, 6, 8],
    defaultDuration: 8,
    aspectRatios: ['16:9', '9:16'],
    resolutions: ['720p', '1080p'],
    tierFactor: 0.8,
  }),
  'google/veo-3.1': spec('a1b2c5', {
    durations: [4, 6, 8],
    defaultDuration: 8,
    aspectRatios: ['16:9', '9:16'],
    resolutions: ['720p', '1080p'],
    tierFactor: 1.5,
  }),
  'kwaivgi/kling-v2.1': spec('b1c2d3', {
    durations: [5, 10],
    aspectRatios: ['16:9', '9:16', '1:1'],
    resolutions: ['720p', '1080p'],
    tierFactor: 1.3,
  }),
  'minimax/hailuo-02': spec('c1d2e3', {
    durations: [6, 10],
    defaultDuration: 6,
    aspectRatios: ['16:9'],
    resolutions: ['768p', '1080p'],
    defaultResolution: '768p',
  }),
  'bytedance/seedance-1-pro': spec('d1e2f3', {
    durations: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    resolutions: ['480p', '720p', '1080p'],
    defaultResolution: '1080p',
  }),
  'bytedance/seedance-1-lite': spec('d1e2f4', {
    durations: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    resolutions: ['480p', '720p', '1080p'],
    tierFactor: 0.7,
  }),
  'wan-video/wan-2.5-t2v': spec('e1f2a3', {
    durations: [5, 10],
    aspectRatios: ['16:9', '9:16', '1:1'],
    resolutions: ['480p', '720p', '1080p'],
  }),
  'wan-video/wan-2.5-i2v': spec('e1f2a4', {
    durations: [5, 10],
    aspectRatios: ['16:9', '9:16', '1:1'],
    resolutions: ['480p', '720p', '1080p'],
  }),
  'lightricks/ltx-2-fast': spec('f1a2b3', {
    durations: [6, 8, 10],
    defaultDuration: 6,
    aspectRatios: ['16:9'],
    resolutions: ['1080p'],
    defaultResolution: '1080p',
    tierFactor: 0.5,
  }),
};

export function replicateModelSpec(model: string): ReplicateModelSpec {
  return REPLICATE_MODELS[model] ?? base;
}
