/**
 * How a model can join one clip to the next, as reelgate can drive it: native extension of a
 * video, first (and last) frame images, the provider handing back a clip's last frame,
 * several shots in one job, reference images. A feature appears here only when the binding's
 * package can send it; what a provider offers but reelgate cannot send yet is in `notes`.
 * Pure data, read by the long-video planner (../segment-plan.ts).
 */
import type { JSONValue } from '@ai-sdk/provider';
import type { CatalogEntry, DurationSupport } from './catalog-entry.ts';

/** A call that continues a given video (e.g. xAI `POST /v1/videos/extensions`). */
export interface ExtensionSupport {
  /** Seconds one extension call adds. */
  durations: DurationSupport;
  /** Length of the source video one call accepts, seconds. */
  sourceSeconds: { min: number; max: number };
  /**
   * The result repeats the source video before the new part (xAI: a 10 s source extended by
   * 5 s comes back as 15 s). reelgate keeps only the new part when stitching.
   */
  resultIncludesSource: boolean;
  /**
   * What turns a start into an extension: these provider options under `provider`, with the
   * source video's URL (or data URL) under `sourceUrlKey`.
   */
  request: { provider: string; options: Readonly<Record<string, JSONValue>>; sourceUrlKey: string };
  /** Price per second of source video sent, on top of the output's price (xAI: $0.01). */
  sourcePricePerSecondUsd?: number;
  source: string;
}

/** The provider returns the clip's last frame as an image link when asked. */
export interface ReturnsLastFrame {
  /** Provider options that ask for it, under `provider`. */
  request: { provider: string; options: Readonly<Record<string, JSONValue>> };
  /** Where the status result carries the link: `providerMetadata[provider][metadataKey]`. */
  metadataKey: string;
  source: string;
}

export interface ContinuitySupport {
  extend?: ExtensionSupport;
  /** Takes a first-frame image (image-to-video). */
  firstFrame: boolean;
  /** Also takes a last-frame image (`frameImages` with `last_frame`). */
  lastFrame: boolean;
  returnsLastFrame?: ReturnsLastFrame;
  /**
   * Several shots in one job (up to `maxShots`), sent as these provider options with the shots
   * written into one prompt as `Shot 1 [0-3s] ... Shot 2 [3-5s] ...` (at most `maxPromptChars`).
   */
  multiShot?: {
    maxShots: number;
    maxPromptChars: number;
    request: { provider: string; options: Readonly<Record<string, JSONValue>> };
    source: string;
  };
  /** Takes reference images for characters and objects (`inputReferences`). */
  referenceImages: boolean;
  /** Provider features reelgate cannot send yet, and why. */
  notes: readonly string[];
}

/** The entry's continuity features (first frame only, from `imageToVideo`, when it declares none). */
export function continuityOf(entry: CatalogEntry): ContinuitySupport {
  return (
    entry.continuity ?? {
      firstFrame: entry.imageToVideo,
      lastFrame: false,
      referenceImages: false,
      notes: [],
    }
  );
}

/** The continuity modes a model supports, best first, as shown by the models API. */
export function continuityModes(
  entry: CatalogEntry,
): Array<'extend' | 'last_frame' | 'multi_shot' | 'independent'> {
  const support = continuityOf(entry);
  const modes: Array<'extend' | 'last_frame' | 'multi_shot' | 'independent'> = [];
  if (support.extend) modes.push('extend');
  if (support.multiShot) modes.push('multi_shot');
  if (support.firstFrame) modes.push('last_frame');
  modes.push('independent');
  return modes;
}

/** The last-frame link a finished job's status carried, when the model returns last frames. */
export function returnedLastFrameUrl(
  entry: CatalogEntry | undefined,
  providerMetadata: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined,
): string | undefined {
  const spec = entry ? continuityOf(entry).returnsLastFrame : undefined;
  if (!spec || !providerMetadata) return undefined;
  const value = providerMetadata[spec.request.provider]?.[spec.metadataKey];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What an extension pays for its source video (0 when the model charges nothing for it). */
export function extensionSourceCostUsd(
  entry: CatalogEntry | undefined,
  sourceSeconds: number | undefined,
): number {
  const price = entry ? continuityOf(entry).extend?.sourcePricePerSecondUsd : undefined;
  if (!price || !sourceSeconds || sourceSeconds <= 0) return 0;
  return Math.round(price * sourceSeconds * 10_000) / 10_000;
}

/** Seconds of source video an extension of `previousSeconds` of new footage sends (capped by the provider). */
export function extensionSourceSeconds(entry: CatalogEntry, previousSeconds: number): number {
  const max = continuityOf(entry).extend?.sourceSeconds.max ?? previousSeconds;
  return Math.min(previousSeconds, max);
}
