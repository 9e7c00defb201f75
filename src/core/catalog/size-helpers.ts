/**
 * Building catalog sizes from the aspect ratio + resolution pairs most providers speak. Every
 * size matches what the emulator faces render for the same pair (short side = the
 * resolution's number, long side rounded to an even number). Pure.
 */
import type { Resolution } from '../generation.ts';
import type { CatalogSize, Orientation } from './catalog-entry.ts';

const shortSides: Record<string, number> = { '480p': 480, '720p': 720, '768p': 768, '1080p': 1080 };

/** The seed contract's resolution class a provider resolution answers to (768p counts as 720p). */
const resolutionClass: Record<string, Resolution> = {
  '480p': '480p',
  '720p': '720p',
  '768p': '720p',
  '1080p': '1080p',
};

export function sizeFor(aspectRatio: string, resolution: string, pricePerSecondUsd?: number): CatalogSize {
  const [w, h] = aspectRatio.split(':').map(Number) as [number, number];
  const short = shortSides[resolution]!;
  const even = (value: number) => Math.round(value / 2) * 2;
  const width = w >= h ? even((short * w) / h) : short;
  const height = w >= h ? short : even((short * h) / w);
  const orientation: Orientation = w === h ? 'square' : w > h ? 'landscape' : 'portrait';
  return {
    size: `${width}x${height}`,
    width,
    height,
    resolution: resolutionClass[resolution]!,
    orientation,
    aspectRatio,
    ...(pricePerSecondUsd !== undefined ? { pricePerSecondUsd } : {}),
  };
}

/** Every aspect ratio at every resolution, priced per resolution when prices are given. */
export function sizeGrid(
  aspectRatios: readonly string[],
  resolutions: readonly string[],
  pricePerResolution: Readonly<Record<string, number>> = {},
): CatalogSize[] {
  return resolutions.flatMap((resolution) =>
    aspectRatios.map((ratio) => sizeFor(ratio, resolution, pricePerResolution[resolution])),
  );
}

/** A size given exactly (e.g. Wan's 960x960 square at 720p). */
export function exactSize(
  width: number,
  height: number,
  resolution: Resolution,
  pricePerSecondUsd?: number,
): CatalogSize {
  const divisor = gcd(width, height);
  const ratio = width / height;
  const aspectRatio =
    Math.abs(ratio - 16 / 9) < 0.01
      ? '16:9'
      : Math.abs(ratio - 9 / 16) < 0.01
        ? '9:16'
        : `${width / divisor}:${height / divisor}`;
  return {
    size: `${width}x${height}`,
    width,
    height,
    resolution,
    orientation: width === height ? 'square' : width > height ? 'landscape' : 'portrait',
    aspectRatio,
    ...(pricePerSecondUsd !== undefined ? { pricePerSecondUsd } : {}),
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
