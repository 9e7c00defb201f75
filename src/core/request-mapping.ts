/**
 * Maps what the caller asked for (the seed contract's `resolution` + `duration`, or the OpenAI
 * surface's `size` + `seconds`) onto the options a model really accepts. Every adjustment is
 * returned as a warning; requests that cannot be honoured are refused with invalid_request
 * naming what is supported. Pure.
 */
import {
  type CatalogEntry,
  type CatalogSize,
  type Orientation,
  supportedDurations,
} from './catalog/catalog-entry.ts';
import { invalidRequest } from './errors.ts';
import type { Resolution } from './generation.ts';

export interface RequestedOptions {
  resolution?: Resolution | null | undefined;
  /** `WIDTHxHEIGHT`. Wins over `resolution` when both are given. */
  size?: string | null | undefined;
  durationSeconds?: number | null | undefined;
  /** Orientation used with `resolution` (default landscape, as "720p" usually means 1280x720). */
  orientation?: Orientation | undefined;
  /** `16:9`, `9:16`...: picks among the model's sizes of that ratio (a `size` wins over it). */
  aspectRatio?: string | null | undefined;
}

export interface MappedOptions {
  size: CatalogSize;
  durationSeconds: number;
  warnings: string[];
}

const resolutionOrder: readonly Resolution[] = ['480p', '720p', '1080p'];

export function mapRequest(entry: CatalogEntry, requested: RequestedOptions): MappedOptions {
  const warnings: string[] = [];
  const size = pickSize(entry, requested, warnings);
  const durationSeconds = pickDuration(entry, requested.durationSeconds, warnings);
  return { size, durationSeconds, warnings };
}

function pickSize(entry: CatalogEntry, requested: RequestedOptions, warnings: string[]): CatalogSize {
  const ratio = requested.aspectRatio ?? undefined;
  if (ratio !== undefined && (requested.size === undefined || requested.size === null)) {
    return pickByAspectRatio(entry, ratio, requested, warnings);
  }
  const sizeNames = entry.sizes.map((item) => item.size);
  if (requested.size !== undefined && requested.size !== null) {
    const wanted = requested.size.trim().toLowerCase();
    const found = entry.sizes.find((item) => item.size === wanted);
    if (!found) {
      throw invalidRequest(
        `Size '${requested.size}' is not supported by ${entry.modelId}. Supported sizes: ${sizeNames.join(', ')}.`,
        'size',
        { supported: sizeNames },
      );
    }
    if (ratio !== undefined && ratio !== found.aspectRatio) {
      warnings.push(
        `aspect_ratio ${ratio} ignored: size ${found.size} was given and is ${found.aspectRatio}.`,
      );
    }
    if (requested.resolution && requested.resolution !== found.resolution) {
      warnings.push(
        `resolution ${requested.resolution} ignored: size ${found.size} was given and is ${found.resolution}.`,
      );
    }
    return found;
  }
  if (requested.resolution !== undefined && requested.resolution !== null) {
    const orientation = requested.orientation ?? 'landscape';
    const wantedRank = resolutionOrder.indexOf(requested.resolution);
    if (wantedRank < 0) {
      throw invalidRequest(
        `Resolution '${requested.resolution}' is not supported. Use one of: ${resolutionOrder.join(', ')}.`,
        'resolution',
        { supported: resolutionOrder },
      );
    }
    // The nearest resolution at or above the request, in the asked orientation (exact 16:9 first).
    for (const resolution of resolutionOrder.slice(wantedRank)) {
      const candidates = entry.sizes.filter(
        (item) => item.resolution === resolution && item.orientation === orientation,
      );
      const found =
        candidates.find((item) => item.aspectRatio === '16:9' || item.aspectRatio === '9:16') ??
        candidates[0];
      if (found) {
        if (resolution !== requested.resolution) {
          warnings.push(
            `resolution ${requested.resolution} is not offered by ${entry.modelId}; using ${resolution} (${found.size}).`,
          );
        }
        return found;
      }
    }
    const offered = [...new Set(entry.sizes.map((item) => item.resolution))];
    throw invalidRequest(
      `Resolution ${requested.resolution} is not supported by ${entry.modelId}. Supported resolutions: ${offered.join(', ')} (sizes ${sizeNames.join(', ')}).`,
      'resolution',
      { supported: offered, sizes: sizeNames },
    );
  }
  const modelDefault = entry.sizes.find((item) => item.size === entry.defaultSize) ?? entry.sizes[0];
  if (!modelDefault) throw new Error(`Catalog entry ${entry.id} has no sizes`);
  // Neither size nor resolution: the model's default resolution, in the gateway's one default
  // orientation (landscape, as with `resolution` alone), so "no resolution" and "720p" agree.
  const orientation = requested.orientation ?? 'landscape';
  if (modelDefault.orientation === orientation) return modelDefault;
  const candidates = entry.sizes.filter(
    (item) => item.resolution === modelDefault.resolution && item.orientation === orientation,
  );
  return (
    candidates.find((item) => item.aspectRatio === '16:9' || item.aspectRatio === '9:16') ??
    candidates[0] ??
    modelDefault
  );
}

/** The size of the asked ratio at the asked resolution (or the nearest above, else the default's). */
function pickByAspectRatio(
  entry: CatalogEntry,
  ratio: string,
  requested: RequestedOptions,
  warnings: string[],
): CatalogSize {
  const candidates = entry.sizes.filter((item) => item.aspectRatio === ratio);
  if (candidates.length === 0) {
    const offered = [...new Set(entry.sizes.map((item) => item.aspectRatio))];
    throw invalidRequest(
      `Aspect ratio ${ratio} is not offered by ${entry.modelId}. Offered: ${offered.join(', ')}.`,
      'aspect_ratio',
      { supported: offered },
    );
  }
  const wanted = requested.resolution ?? undefined;
  if (wanted === undefined) {
    const defaultResolution = entry.sizes.find((item) => item.size === entry.defaultSize)?.resolution;
    return candidates.find((item) => item.resolution === defaultResolution) ?? candidates[0]!;
  }
  const wantedRank = resolutionOrder.indexOf(wanted);
  for (const resolution of resolutionOrder.slice(Math.max(0, wantedRank))) {
    const found = candidates.find((item) => item.resolution === resolution);
    if (!found) continue;
    if (resolution !== wanted) {
      warnings.push(
        `resolution ${wanted} is not offered by ${entry.modelId} at ${ratio}; using ${resolution} (${found.size}).`,
      );
    }
    return found;
  }
  const offered = [...new Set(candidates.map((item) => item.resolution))];
  throw invalidRequest(
    `Resolution ${wanted} is not offered by ${entry.modelId} at aspect ratio ${ratio}. Offered: ${offered.join(', ')}.`,
    'resolution',
    { supported: offered },
  );
}

function pickDuration(entry: CatalogEntry, requested: number | null | undefined, warnings: string[]): number {
  const supported = supportedDurations(entry);
  if (requested === undefined || requested === null) return entry.defaultDurationSeconds;
  if (!Number.isFinite(requested) || requested <= 0) {
    throw invalidRequest('duration must be a positive number of seconds.', 'duration');
  }
  const found = supported.find((seconds) => seconds >= requested - 1e-9);
  if (found === undefined) {
    throw invalidRequest(
      `Duration ${requested} s is longer than ${entry.modelId} can make in one generation (at most ${entry.maxDurationPerCallSeconds} s). Supported durations: ${supported.join(', ')} s.`,
      'duration',
      { supported, maxSeconds: entry.maxDurationPerCallSeconds },
    );
  }
  if (Math.abs(found - requested) > 1e-9) {
    warnings.push(
      `duration ${requested} s is not offered by ${entry.modelId}; using ${found} s (supported: ${supported.join(', ')} s).`,
    );
  }
  return found;
}
