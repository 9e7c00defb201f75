/**
 * MiniMax video (Hailuo H3) through `@ai-sdk/minimax`.
 *
 * Sources: the request builder of @ai-sdk/minimax 3.0.45 (models MiniMax-H3 with 768P/2K and
 * 4-15 s, MiniMax-H3-Max with 480P/768P and 5-15 s; sizes per tier) and
 * https://platform.minimax.io/docs/guides/pricing for prices, which could not be read while
 * writing: every price here is a placeholder (unverified in 2026-12).
 */
import type { CatalogEntry, CatalogSize } from './catalog-entry.ts';
import { exactSize } from './size-helpers.ts';

const pricing = 'https://platform.minimax.io/docs/guides/pricing';
const guide = 'https://platform.minimax.io/docs/guides/video-generation';
const asOf = 'placeholder (unverified in 2026-12)';

const tiers: Record<string, (price: number) => CatalogSize[]> = {
  '480P': (price) => [
    exactSize(854, 480, '480p', price),
    exactSize(480, 854, '480p', price),
    exactSize(480, 480, '480p', price),
  ],
  '768P': (price) => [
    exactSize(1366, 768, '720p', price),
    exactSize(768, 1366, '720p', price),
    exactSize(768, 768, '720p', price),
  ],
  '2K': (price) => [
    exactSize(2560, 1440, '1080p', price),
    exactSize(1440, 2560, '1080p', price),
    exactSize(2048, 2048, '1080p', price),
  ],
};

function h3(
  modelId: string,
  displayName: string,
  aliases: string[],
  minSeconds: number,
  prices: Record<string, number>,
): CatalogEntry {
  return {
    id: `minimax:${modelId}`,
    provider: 'minimax',
    modelId,
    displayName,
    aliases,
    durations: { kind: 'range', minSeconds, maxSeconds: 15, stepSeconds: 1 },
    defaultDurationSeconds: 5,
    maxDurationPerCallSeconds: 15,
    sizes: Object.entries(prices).flatMap(([tier, price]) => tiers[tier]!(price)),
    defaultSize: '1366x768',
    audio: false,
    imageToVideo: true,
    extension: { supported: false },
    pricing: {
      perSecondUsd: Object.values(prices)[0]!,
      source: `${pricing} (per second by tier; placeholder)`,
      asOf,
    },
    typicalGeneration: {
      baseSeconds: 60,
      perVideoSecond: 10,
      referencePixels: 1366 * 768,
      pixelExponent: 0.8,
      queueSeconds: 10,
      source: `${guide} (estimate)`,
    },
    sources: [guide, pricing, 'https://www.npmjs.com/package/@ai-sdk/minimax'],
  };
}

export const minimaxEntries: readonly CatalogEntry[] = [
  h3('MiniMax-H3', 'Hailuo H3', ['hailuo-h3', 'minimax-h3'], 4, { '768P': 0.08, '2K': 0.16 }),
  h3('MiniMax-H3-Max', 'Hailuo H3 Max', ['hailuo-h3-max', 'minimax-h3-max'], 5, {
    '480P': 0.06,
    '768P': 0.1,
  }),
];
