/**
 * Turning reelgate's `WIDTHxHEIGHT` into what provider APIs take: an aspect ratio ("16:9") and
 * a resolution class named by the short side ("720p"). Pure.
 */

export interface SizeParts {
  width: number;
  height: number;
  aspectRatio: `${number}:${number}`;
  /** "720p" for 1280x720 and 720x1280. */
  resolutionClass: string;
  /** The landscape spelling, e.g. "1280x720" for 720x1280 (what some packages map). */
  landscape: `${number}x${number}`;
}

export function parseSize(size: string | undefined): SizeParts | undefined {
  const match = size ? /^(\d+)x(\d+)$/.exec(size) : null;
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (!(width > 0 && height > 0)) return undefined;
  return {
    width,
    height,
    aspectRatio: aspectRatioOf(width, height),
    resolutionClass: `${Math.min(width, height)}p`,
    landscape: `${Math.max(width, height)}x${Math.min(width, height)}`,
  };
}

/** 1280x720 -> "16:9", 1366x768 -> "16:9" (near-exact ratios snap to the common ones). */
export function aspectRatioOf(width: number, height: number): `${number}:${number}` {
  const common: Array<[number, number]> = [
    [16, 9],
    [9, 16],
    [1, 1],
    [4, 3],
    [3, 4],
    [3, 2],
    [2, 3],
    [21, 9],
    [9, 21],
  ];
  const ratio = width / height;
  for (const [w, h] of common) if (Math.abs(ratio - w / h) < 0.01) return `${w}:${h}`;
  const divisor = gcd(width, height);
  return `${width / divisor}:${height / divisor}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
