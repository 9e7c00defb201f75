/** The Veo models the Gemini API face serves, with the options each accepts. */

export interface VeoModelSpec {
  durations: readonly number[];
  defaultDuration: number;
  aspectRatios: readonly string[];
  resolutions: readonly string[];
  /** Resolutions that only allow some durations (Veo 3.x 1080p/4k: 8 s only). */
  durationsByResolution?: Readonly<Record<string, readonly number[]>>;
  maxSampleCount: number;
  audio: boolean;
  tierFactor: number;
}

const veo3: VeoModelSpec = {
  durations: [4, 6, 8],
  defaultDuration: 8,
  aspectRatios: ['16:9', '9:16'],
  resolutions: ['720p', '1080p'],
  durationsByResolution: { '1080p': [8] },
  maxSampleCount: 1,
  audio: true,
  tierFactor: 1.5,
};

const veo31: VeoModelSpec = {
  ...veo3,
  resolutions: ['720p', '1080p', '4k'],
  durationsByResolution: { '1080p': [8], '4k': [8] },
};

export const VEO_MODELS: Readonly<Record<string, VeoModelSpec>> = {
  'veo-3.1-generate-preview': veo31,
  'veo-3.1-fast-generate-preview': { ...veo31, tierFactor: 0.8 },
  'veo-3.0-generate-001': veo3,
  'veo-3.0-fast-generate-001': { ...veo3, tierFactor: 0.8 },
  'veo-3.0-generate-preview': veo3,
  'veo-3.0-fast-generate-preview': { ...veo3, tierFactor: 0.8 },
  'veo-2.0-generate-001': {
    durations: [5, 6, 7, 8],
    defaultDuration: 8,
    aspectRatios: ['16:9', '9:16'],
    resolutions: ['720p'],
    maxSampleCount: 2,
    audio: false,
    tierFactor: 1,
  },
};
