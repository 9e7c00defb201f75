/** The OpenAI video models, their sizes and durations, as last published (newer than the spec's enums). */

export const SECONDS_VALUES = ['4', '8', '12', '16', '20'] as const;
export const DEFAULT_MODEL = 'sora-2';
export const DEFAULT_SECONDS = '4';
export const DEFAULT_SIZE = '720x1280';
export const PROMPT_MAX_LENGTH = 32_000;
export const MAX_EXTENSIONS = 6;
export const MAX_TOTAL_SECONDS = 120;
export const MAX_CHARACTERS_PER_VIDEO = 2;

const standardSizes = ['720x1280', '1280x720'];
const proSizes = ['720x1280', '1280x720', '1024x1792', '1792x1024', '1080x1920', '1920x1080'];

export interface ModelSpec {
  sizes: readonly string[];
  /** Relative generation time (the timing model's tier factor). */
  tierFactor: number;
}

export const MODELS: Record<string, ModelSpec> = {
  'sora-2': { sizes: standardSizes, tierFactor: 1 },
  'sora-2-2025-10-06': { sizes: standardSizes, tierFactor: 1 },
  'sora-2-2025-12-08': { sizes: standardSizes, tierFactor: 1 },
  'sora-2-pro': { sizes: proSizes, tierFactor: 1.6 },
  'sora-2-pro-2025-10-06': { sizes: proSizes, tierFactor: 1.6 },
};

export const ALL_SIZES = proSizes;

export function parseSize(size: string): { width: number; height: number } {
  const [width, height] = size.split('x').map(Number);
  return { width: width!, height: height! };
}
