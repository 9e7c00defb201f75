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
  const fallback = entry.sizes.find((item) => item.size === entry.defaultSize) ?? entry.sizes[0];
  if (!fallback) throw new Error(`Catalog entry ${entry.id} has no sizes`);
  return fallback;
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
