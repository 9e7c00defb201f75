/**
 * Reusable reference images (`/v1/assets`): a character, object or style an account uploads
 * once and names by id in generations and storyboard shots. What a generation keeps of each
 * asset (`StoredAssetRef`), what a model accepts (its catalog entry's `referenceImages`) and the
 * warning given before anything is paid when it accepts none. Pure.
 *
 * @example
 * referenceWarning(entry, 1); // 'assets are not sent to veo-3.0: ...' when the model takes none
 */
import type { CatalogEntry } from './catalog/catalog-entry.ts';
import { continuityOf } from './catalog/continuity.ts';
import { referenceImageLimit } from './catalog/reference-limits.ts';
import { invalidRequest } from './errors.ts';

export const assetKinds = ['character', 'object', 'style'] as const;
export type AssetKind = (typeof assetKinds)[number];

/** Largest image accepted as an asset (bytes) and the media types accepted. */
export const maxAssetBytes = 10 * 1024 * 1024;
export const assetMediaTypes: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];
export const maxAssetNameChars = 100;
export const maxAssetDescriptionChars = 1_000;
/** Most assets one generation or one shot may name. */
export const maxAssetsPerRequest = 8;

/** An asset as the engine keeps it. */
export interface Asset {
  id: string;
  accountId: string;
  kind: AssetKind;
  name: string;
  description: string | null;
  /** Storage key of the image (derived from the id). */
  key: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  width: number;
  height: number;
  createdAt: number;
}

/**
 * An asset as a generation keeps it (`inputs.assets`): its own copy of the image, so deleting
 * the asset later changes nothing for the generation. `shared`: the copy belongs to the parent
 * video (segments of a storyboard use their parent's).
 */
export interface StoredAssetRef {
  assetId: string;
  kind: AssetKind;
  name: string;
  key: string;
  mediaType: string;
  sha256: string;
  shared?: boolean;
}

/**
 * How many reference images the model takes in one call as reelgate's binding sends them (0:
 * none): its continuity entry says whether, the documented limit how many.
 */
export function maxReferenceImages(entry: CatalogEntry): number {
  if (!continuityOf(entry).referenceImages) return 0;
  return referenceImageLimit(entry) ?? maxAssetsPerRequest;
}

/**
 * The warning for `count` assets on a model that takes no reference images (they are not
 * sent: the video is made from the prompt alone); undefined when the model takes them.
 */
export function referenceWarning(entry: CatalogEntry, count: number): string | undefined {
  if (count === 0 || maxReferenceImages(entry) > 0) return undefined;
  return `assets are not sent to ${entry.modelId}: the model takes no reference images, so the video is made from the prompt alone (pick a model that takes reference images to keep a character or object the same).`;
}

/** Refuses more assets than the model takes in one call (400 naming the field). */
export function checkReferenceCount(entry: CatalogEntry, count: number, param: string): void {
  const max = maxReferenceImages(entry);
  if (max > 0 && count > max) {
    throw invalidRequest(
      `${entry.modelId} takes at most ${max} reference image${max === 1 ? '' : 's'} per call; ${count} assets were named.`,
      param,
      { max },
    );
  }
}

/** The ids of a request, checked for shape and count; duplicates are dropped, order kept. */
export function checkedAssetIds(value: readonly string[] | undefined, param: string): string[] {
  if (value === undefined) return [];
  const ids = [...new Set(value)];
  if (ids.length > maxAssetsPerRequest) {
    throw invalidRequest(`At most ${maxAssetsPerRequest} assets may be named.`, param, {
      max: maxAssetsPerRequest,
    });
  }
  for (const id of ids) {
    if (!/^asset_[A-Za-z0-9]{1,64}$/.test(id)) {
      throw invalidRequest(`'${id.slice(0, 80)}' is not an asset id (asset_...).`, param);
    }
  }
  return ids;
}

export function isAssetKind(value: unknown): value is AssetKind {
  return typeof value === 'string' && (assetKinds as readonly string[]).includes(value);
}

/** The image of a new asset: bytes (upload, data: URL) or an http(s) URL reelgate downloads. */
export type AssetImageInput = { data: Uint8Array; mediaType?: string | undefined } | { url: string };

export interface CreateAssetInput {
  kind: AssetKind;
  name: string;
  description?: string | undefined;
  image: AssetImageInput;
  /** The request field the image came in (`file`, `image_url`), named by errors. */
  imageParam: string;
}

export interface AssetPage {
  data: Asset[];
  hasMore: boolean;
}

/** What the HTTP API and CLI need of assets. Account scoping is enforced inside. */
export interface AssetService {
  create(accountId: string, input: CreateAssetInput): Promise<Asset>;
  get(accountId: string, id: string): Promise<Asset | undefined>;
  list(
    accountId: string,
    query: { after?: string | undefined; limit: number; order: 'asc' | 'desc'; kind?: AssetKind | undefined },
  ): Promise<AssetPage>;
  /** Idempotent: an unknown or another account's id resolves to false. */
  delete(accountId: string, id: string): Promise<boolean>;
  /** The asset's image, streamed. */
  openImage(
    accountId: string,
    id: string,
  ): Promise<{ body: ReadableStream<Uint8Array>; bytes: number; contentType: string }>;
}

/** The assets a segment of a segmented video sends: its shot's, owned by the parent. */
export function assetsForShot(
  shotAssets: readonly (readonly StoredAssetRef[])[] | undefined,
  shotIndex: number,
): StoredAssetRef[] | undefined {
  const refs = shotAssets?.[shotIndex];
  if (!refs || refs.length === 0) return undefined;
  return refs.map((ref) => ({ ...ref, shared: true }));
}

/** Storage keys a generation owns through its assets (shared copies belong to the parent). */
export function ownedAssetKeys(inputs: {
  assets?: readonly StoredAssetRef[] | undefined;
  shotAssets?: readonly (readonly StoredAssetRef[])[] | undefined;
}): string[] {
  const refs = [...(inputs.assets ?? []), ...(inputs.shotAssets ?? []).flat()];
  return [...new Set(refs.filter((ref) => !ref.shared).map((ref) => ref.key))];
}

/** Whether two generations sent the same reference images (by content, in order). */
export function sameAssetImages(
  a: readonly StoredAssetRef[] | undefined,
  b: readonly StoredAssetRef[] | undefined,
): boolean {
  const left = (a ?? []).map((ref) => ref.sha256);
  const right = (b ?? []).map((ref) => ref.sha256);
  return left.length === right.length && left.every((sha, index) => sha === right[index]);
}

/** An asset a generation was made with, as it is shown (`shot`: the storyboard shot, else null). */
export interface AssetUse {
  assetId: string;
  kind: AssetKind;
  name: string;
  sha256: string;
  shot: number | null;
}

/** The assets a generation sends (or its shots send), for display. */
export function assetUses(inputs: {
  assets?: readonly StoredAssetRef[] | undefined;
  shotAssets?: readonly (readonly StoredAssetRef[])[] | undefined;
}): AssetUse[] {
  const use = (ref: StoredAssetRef, shot: number | null): AssetUse => ({
    assetId: ref.assetId,
    kind: ref.kind,
    name: ref.name,
    sha256: ref.sha256,
    shot,
  });
  if (inputs.shotAssets) return inputs.shotAssets.flatMap((refs, shot) => refs.map((ref) => use(ref, shot)));
  return (inputs.assets ?? []).map((ref) => use(ref, null));
}
