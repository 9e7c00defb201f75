/**
 * Wan models on Alibaba Cloud Model Studio (DashScope), as the face accepts them.
 * Text-to-video takes `parameters.size` as "W*H"; image-to-video takes a `resolution` tier
 * and keeps the image's aspect; wan2.7 models take a tier plus `ratio`.
 * Sources: https://www.alibabacloud.com/help/en/model-studio/text-to-video-api-reference,
 * https://www.alibabacloud.com/help/en/model-studio/image-to-video-api-reference and the
 * request builder of @ai-sdk/alibaba 2.0.58.
 */
export interface WanModel {
  mode: 't2v' | 'i2v' | 'r2v';
  durations: readonly number[];
  tiers: readonly string[];
  /** Relative generation cost for the timing model. */
  tierFactor: number;
  /** Takes `shot_type: "multi"` (Wan 2.6: several shots in one job). */
  multiShot?: boolean;
}

export const WAN_MODELS: Readonly<Record<string, WanModel>> = {
  'wan2.6-t2v': {
    mode: 't2v',
    durations: [5, 10, 15],
    tiers: ['720P', '1080P'],
    tierFactor: 0.9,
    multiShot: true,
  },
  'wan2.5-t2v-preview': {
    mode: 't2v',
    durations: [5, 10],
    tiers: ['480P', '720P', '1080P'],
    tierFactor: 0.8,
  },
  'wan2.7-t2v': { mode: 't2v', durations: [5, 10, 15], tiers: ['720P', '1080P'], tierFactor: 1 },
  'wan2.5-i2v-preview': {
    mode: 'i2v',
    durations: [5, 10],
    tiers: ['480P', '720P', '1080P'],
    tierFactor: 0.8,
  },
  'wan2.6-i2v': {
    mode: 'i2v',
    durations: [5, 10, 15],
    tiers: ['720P', '1080P'],
    tierFactor: 0.9,
    multiShot: true,
  },
  'wan2.6-i2v-flash': { mode: 'i2v', durations: [5, 10, 15], tiers: ['720P', '1080P'], tierFactor: 0.5 },
  'wan2.6-r2v': { mode: 'r2v', durations: [5, 10], tiers: ['720P', '1080P'], tierFactor: 0.9 },
};

/** "W*H" sizes text-to-video accepts, by tier (landscape, portrait, square and 4:3 shapes). */
export const WAN_SIZES: Readonly<Record<string, readonly string[]>> = {
  '480P': ['832*480', '480*832', '624*624'],
  '720P': ['1280*720', '720*1280', '960*960', '1088*832', '832*1088'],
  '1080P': ['1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632'],
};

export function tierOfSize(size: string): string | undefined {
  return Object.entries(WAN_SIZES).find(([, sizes]) => sizes.includes(size))?.[0];
}
