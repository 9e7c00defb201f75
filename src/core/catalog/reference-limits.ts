/**
 * How many reference images (`inputReferences`) one call of a model takes, where the provider
 * documents a limit. Whether a model takes them at all is its continuity entry's
 * `referenceImages` (./continuity.ts); a model without a documented limit is sent every asset
 * named (at most `maxAssetsPerRequest`). Pure data.
 */
import type { CatalogEntry } from './catalog-entry.ts';

const limits: ReadonlyArray<{ model: RegExp; max: number; source: string }> = [
  {
    model: /veo-3\.1/,
    max: 3,
    source: 'https://ai.google.dev/gemini-api/docs/video (Veo 3.1: up to 3 reference images)',
  },
  {
    model: /seedance/,
    max: 4,
    source: 'https://docs.byteplus.com/en/docs/ModelArk/1520757 (1-4 reference images)',
  },
];

/** The documented limit of reference images per call, or undefined when none is documented. */
export function referenceImageLimit(entry: CatalogEntry): number | undefined {
  return limits.find((limit) => limit.model.test(entry.modelId))?.max;
}
