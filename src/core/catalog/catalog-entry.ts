/**
 * What reelgate knows about one video model: the options it really accepts, what it costs and
 * how long it usually takes. Entries are plain data, one file per provider family, collected in
 * a registry (./registry.ts) so new providers add a file instead of editing a switch.
 */
import type { Resolution } from '../generation.ts';

export type Orientation = 'landscape' | 'portrait' | 'square';

export interface CatalogSize {
  /** `WIDTHxHEIGHT` exactly as the provider spells it. */
  size: string;
  width: number;
  height: number;
  /** The seed contract's resolution class this size answers to. */
  resolution: Resolution;
  orientation: Orientation;
  /** `16:9`, `9:16`... */
  aspectRatio: string;
  /** Price per generated second at this size, when it differs from the entry's default. */
  pricePerSecondUsd?: number;
}

export type DurationSupport =
  | { kind: 'list'; seconds: readonly number[] }
  | { kind: 'range'; minSeconds: number; maxSeconds: number; stepSeconds: number };

export interface CatalogEntry {
  /** Routing id: `provider:model`. */
  id: string;
  provider: string;
  /** The provider's own model id. */
  modelId: string;
  displayName: string;
  /** Other names that route here (dated snapshots, legacy names). */
  aliases: readonly string[];
  durations: DurationSupport;
  defaultDurationSeconds: number;
  /** Longest clip one provider call can make. */
  maxDurationPerCallSeconds: number;
  sizes: readonly CatalogSize[];
  /** The provider's default size when none is asked for. */
  defaultSize: string;
  audio: boolean;
  imageToVideo: boolean;
  extension: { supported: boolean; maxSecondsPerExtension?: number; maxTotalSeconds?: number };
  pricing: { perSecondUsd: number; source: string; asOf: string };
  /**
   * Typical generation time (queue + render) in seconds, for a clip of `d` seconds at `pixels`:
   * `(baseSeconds + perVideoSecond * d) * (pixels / referencePixels) ** pixelExponent + queueSeconds`.
   */
  typicalGeneration: {
    baseSeconds: number;
    perVideoSecond: number;
    referencePixels: number;
    pixelExponent: number;
    queueSeconds: number;
    source: string;
  };
  /** Where the facts come from. */
  sources: readonly string[];
}

/** The list of supported durations (a range is expanded by its step). */
export function supportedDurations(entry: CatalogEntry): number[] {
  if (entry.durations.kind === 'list') return [...entry.durations.seconds].sort((a, b) => a - b);
  const { minSeconds, maxSeconds, stepSeconds } = entry.durations;
  const list: number[] = [];
  for (let value = minSeconds; value <= maxSeconds + 1e-9; value += stepSeconds)
    list.push(Number(value.toFixed(3)));
  return list;
}

/** Typical seconds from submission to result for this model, size and duration. */
export function typicalGenerationSeconds(
  entry: CatalogEntry,
  size: CatalogSize,
  durationSeconds: number,
): number {
  const timing = entry.typicalGeneration;
  const pixelFactor = ((size.width * size.height) / timing.referencePixels) ** timing.pixelExponent;
  return (timing.baseSeconds + timing.perVideoSecond * durationSeconds) * pixelFactor + timing.queueSeconds;
}

/** Price of one clip in USD. */
export function estimateCostUsd(entry: CatalogEntry, size: CatalogSize, durationSeconds: number): number {
  const perSecond = size.pricePerSecondUsd ?? entry.pricing.perSecondUsd;
  return Math.round(perSecond * durationSeconds * 10_000) / 10_000;
}
