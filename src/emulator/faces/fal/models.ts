/**
 * What the fal face accepts per model endpoint. fal serves hundreds of apps; the common video
 * ones are listed with their real option sets, anything else under the queue gets permissive
 * defaults so a new model id still runs against the emulator.
 */

export interface FalModelSpec {
  /** Durations in seconds the endpoint accepts (empty: any from 1 to 20). */
  durations: readonly number[];
  defaultDuration: number;
  aspectRatios: readonly string[];
  defaultAspectRatio: string;
  resolutions: readonly string[];
  defaultResolution: string;
  /** Image-to-video endpoints require `image_url`. */
  requiresImage: boolean;
  tierFactor: number;
}

interface Family {
  /** Matched against the endpoint path without the leading `fal-ai/`. */
  pattern: RegExp;
  spec: Omit<FalModelSpec, 'requiresImage'>;
}

const wide = ['16:9', '9:16', '1:1'] as const;

const families: Family[] = [
  {
    pattern: /^kling-video\//,
    spec: {
      durations: [5, 10],
      defaultDuration: 5,
      aspectRatios: wide,
      defaultAspectRatio: '16:9',
      resolutions: ['720p', '1080p'],
      defaultResolution: '1080p',
      tierFactor: 1.3,
    },
  },
  {
    pattern: /^bytedance\/seedance\//,
    spec: {
      durations: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      defaultDuration: 5,
      aspectRatios: ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'],
      defaultAspectRatio: '16:9',
      resolutions: ['480p', '720p', '1080p'],
      defaultResolution: '1080p',
      tierFactor: 1,
    },
  },
  {
    pattern: /^wan-25-preview\/|^wan\//,
    spec: {
      durations: [5, 10],
      defaultDuration: 5,
      aspectRatios: wide,
      defaultAspectRatio: '16:9',
      resolutions: ['480p', '720p', '1080p'],
      defaultResolution: '1080p',
      tierFactor: 1,
    },
  },
  {
    pattern: /^ltx-2\//,
    spec: {
      durations: [6, 8, 10],
      defaultDuration: 6,
      aspectRatios: ['16:9'],
      defaultAspectRatio: '16:9',
      resolutions: ['1080p'],
      defaultResolution: '1080p',
      tierFactor: 0.6,
    },
  },
  {
    pattern: /^veo3(\.1)?(\/|$)/,
    spec: {
      durations: [4, 6, 8],
      defaultDuration: 8,
      aspectRatios: ['16:9', '9:16'],
      defaultAspectRatio: '16:9',
      resolutions: ['720p', '1080p'],
      defaultResolution: '720p',
      tierFactor: 1.5,
    },
  },
  {
    pattern: /^minimax\/hailuo-02\/pro\//,
    spec: {
      durations: [6],
      defaultDuration: 6,
      aspectRatios: ['16:9'],
      defaultAspectRatio: '16:9',
      resolutions: ['1080p'],
      defaultResolution: '1080p',
      tierFactor: 1.3,
    },
  },
  {
    pattern: /^minimax\//,
    spec: {
      durations: [6, 10],
      defaultDuration: 6,
      aspectRatios: ['16:9'],
      defaultAspectRatio: '16:9',
      resolutions: ['768p'],
      defaultResolution: '768p',
      tierFactor: 1,
    },
  },
];

const permissive: Omit<FalModelSpec, 'requiresImage'> = {
  durations: [],
  defaultDuration: 5,
  aspectRatios: ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'],
  defaultAspectRatio: '16:9',
  resolutions: ['480p', '720p', '1080p'],
  defaultResolution: '720p',
  tierFactor: 1,
};

/** The spec for an endpoint path such as `fal-ai/kling-video/v2.1/master/image-to-video`. */
export function falModelSpec(endpoint: string): FalModelSpec {
  const path = endpoint.replace(/^fal-ai\//, '');
  const family = families.find((item) => item.pattern.test(path));
  return {
    ...(family?.spec ?? permissive),
    requiresImage: /image-to-video|\/i2v|reference-to-video/.test(path),
  };
}
