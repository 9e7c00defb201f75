/**
 * The `inputs` column of a generation: what the start call needs beyond the prompt. Written by
 * the one row factory, read back through `readGenerationInputs`, like `plan` and `estimate`.
 * Rows written before the column carried a version are read as version 1. Pure.
 */
import type { JSONValue } from '@ai-sdk/provider';
import { isAssetKind, type StoredAssetRef } from './assets.ts';
import { type FallbackRoute, readFallbackRoute } from './fallback-policy.ts';
import { readStoredOptions, type StoredRequestOptions } from './request-options.ts';

/** A reference image (first frame): a stored upload or a URL the provider fetches itself. */
export interface StoredReference {
  /** Storage key of an uploaded image. */
  key?: string;
  mediaType?: string;
  url?: string;
}

export interface GenerationInputs {
  version: 1;
  reference?: StoredReference;
  /** Request options (seed, audio, fps, negative prompt, provider options), see request-options.ts. */
  options?: StoredRequestOptions;
  /** Provider options sent with the start (a remix's source job). */
  providerOptions?: Record<string, Record<string, JSONValue>>;
  /** Segments: the segment whose last frame this one starts from (null: none). */
  continuesFrom?: string | null;
  /** Segments: the video a native extension continues (stored; sent as the provider's source video). */
  sourceVideo?: StoredReference & { seconds?: number };
  /** Segments: the reference belongs to the parent (the caller's image), not to this row. */
  sharedReference?: boolean;
  /** Segments: the finished segment of an earlier attempt this row is a copy of. */
  reusedFrom?: string;
  /** A fallback list of models and the attempts so far (src/core/fallback-policy.ts). */
  fallback?: FallbackRoute;
  /** Reference images (assets) sent with the start as `inputReferences` (src/core/assets.ts). */
  assets?: StoredAssetRef[];
  /** Segmented videos: the assets of each shot (by shot index), handed to that shot's segments. */
  shotAssets?: StoredAssetRef[][];
}

export function readGenerationInputs(value: unknown): GenerationInputs {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  const record = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const inputs: GenerationInputs = { version: 1 };
  const reference = readReference(record.reference);
  if (reference) inputs.reference = reference;
  if (isRecord(record.options)) inputs.options = readStoredOptions(record);
  if (isRecord(record.providerOptions)) {
    inputs.providerOptions = record.providerOptions as GenerationInputs['providerOptions'] & object;
  }
  if (typeof record.continuesFrom === 'string' || record.continuesFrom === null) {
    inputs.continuesFrom = record.continuesFrom;
  }
  const sourceVideo = readReference(record.sourceVideo);
  if (sourceVideo) {
    const seconds = (record.sourceVideo as { seconds?: unknown }).seconds;
    inputs.sourceVideo = typeof seconds === 'number' ? { ...sourceVideo, seconds } : sourceVideo;
  }
  if (record.sharedReference === true) inputs.sharedReference = true;
  if (typeof record.reusedFrom === 'string') inputs.reusedFrom = record.reusedFrom;
  const fallback = readFallbackRoute(record);
  if (fallback) inputs.fallback = fallback;
  if (Array.isArray(record.assets)) inputs.assets = readAssetRefs(record.assets);
  if (Array.isArray(record.shotAssets)) {
    inputs.shotAssets = record.shotAssets.map((shot) => (Array.isArray(shot) ? readAssetRefs(shot) : []));
  }
  return inputs;
}

function readAssetRefs(values: unknown[]): StoredAssetRef[] {
  const refs: StoredAssetRef[] = [];
  for (const value of values) {
    if (!isRecord(value)) continue;
    const { assetId, kind, name, key, mediaType, sha256 } = value;
    if (typeof assetId !== 'string' || typeof key !== 'string' || !isAssetKind(kind)) continue;
    refs.push({
      assetId,
      kind,
      name: typeof name === 'string' ? name : '',
      key,
      mediaType: typeof mediaType === 'string' ? mediaType : 'image/png',
      sha256: typeof sha256 === 'string' ? sha256 : '',
      ...(value.shared === true ? { shared: true } : {}),
    });
  }
  return refs;
}

function readReference(value: unknown): StoredReference | undefined {
  if (!isRecord(value)) return undefined;
  const reference: StoredReference = {};
  if (typeof value.key === 'string') reference.key = value.key;
  if (typeof value.url === 'string') reference.url = value.url;
  if (typeof value.mediaType === 'string') reference.mediaType = value.mediaType;
  return reference.key || reference.url ? reference : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
