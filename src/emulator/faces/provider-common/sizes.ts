/**
 * Frame sizes for the aspect ratio + resolution pairs providers speak ("16:9" at "720p" is
 * 1280x720). Every dimension is even, as H.264 needs.
 */

const shortSides: Record<string, number> = {
  '480p': 480,
  '540p': 540,
  '580p': 580,
  '720p': 720,
  '768p': 768,
  '1080p': 1080,
};

export function isKnownResolution(resolution: string): boolean {
  return resolution in shortSides;
}

/** Width and height for an aspect ratio `W:H` at a resolution class (its short side). */
export function frameSize(aspectRatio: string, resolution: string): { width: number; height: number } {
  const short = shortSides[resolution] ?? 720;
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspectRatio);
  const w = match ? Number(match[1]) : 16;
  const h = match ? Number(match[2]) : 9;
  if (!(w > 0 && h > 0)) return { width: even((short * 16) / 9), height: short };
  if (w >= h) return { width: even((short * w) / h), height: short };
  return { width: short, height: even((short * h) / w) };
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** A duration such as 5, "5" or "5s" as seconds; undefined when it is not one. */
export function parseSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(value);
  return match ? Number(match[1]) : undefined;
}
