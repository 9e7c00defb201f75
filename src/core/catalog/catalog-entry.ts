/**
 * What reelgate knows about one video model: the options it really accepts, what it costs and
 * how long it usually takes. Entries are plain data, one file per provider family, collected in
 * a registry (./registry.ts) so new providers add a file instead of editing a switch.
 */
import type { Resolution } from '../generation.ts';
import type { ContinuitySupport } from './continuity.ts';

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

/**
 * Whether a model uses a request option: `honoured` (the provider's documented input, sent on
 * the wire), `ignored` (the model has no such input: reelgate drops it and warns), or
 * `unconfirmed` (sent, but the provider's documentation could not be checked: reelgate warns
 * that it may have no effect).
 */
export type OptionSupport = 'honoured' | 'ignored' | 'unconfirmed';

/** One key a model accepts in `provider_options`, spelled as the provider's API spells it. */
export interface ProviderOptionSpec {
  type: 'string' | 'number' | 'integer' | 'boolean';
  /** Allowed values (strings) when the provider takes a fixed set. */
  values?: readonly string[];
  min?: number;
  max?: number;
  description: string;
}

/** The request options a model honours, and the provider-specific options it takes. */
export interface ModelOptionSupport {
  seed: OptionSupport;
  generateAudio: OptionSupport;
  fps: OptionSupport;
  /** Frame rates the model offers, when `fps` is not ignored. */
  fpsValues?: readonly number[];
  negativePrompt: OptionSupport;
  /** Keys allowed in `provider_options`; anything else is refused with a 400 naming these. */
  providerOptions: Readonly<Record<string, ProviderOptionSpec>>;
  /** Where the facts come from. */
  source: string;
}

/** Support for a model without an option table: every option ignored, no provider options. */
export const noOptionSupport: ModelOptionSupport = {
  seed: 'ignored',
  generateAudio: 'ignored',
  fps: 'ignored',
  negativePrompt: 'ignored',
  providerOptions: {},
  source: 'none',
};

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
  /** What the provider offers for extending a video (what reelgate drives is in `continuity`). */
  extension: { supported: boolean; maxSecondsPerExtension?: number; maxTotalSeconds?: number };
  /** How reelgate can join this model's clips (absent: first frame only, see `continuityOf`). */
  continuity?: ContinuitySupport;
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
  /** Request options the model honours (absent: none, see `noOptionSupport`). */
  options?: ModelOptionSupport;
}

/** The entry's option table, or the all-ignored one. */
export function optionSupportOf(entry: CatalogEntry): ModelOptionSupport {
  return entry.options ?? noOptionSupport;
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
