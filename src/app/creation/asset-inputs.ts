/**
 * Assets named by a create (`assets` of a generation, `shots[i].assets` of a storyboard): ids
 * resolved within the account (another account's id is unknown: 404 naming the field), checked
 * against what the model takes (none: a warning and nothing sent; too many: a 400), and copied
 * under the generation's own keys so deleting the asset later changes nothing for it.
 */
import {
  type Asset,
  checkedAssetIds,
  checkReferenceCount,
  maxReferenceImages,
  referenceWarning,
  type StoredAssetRef,
} from '../../core/assets.ts';
import type { CatalogEntry } from '../../core/catalog/catalog-entry.ts';
import { ReelgateError } from '../../core/errors.ts';
import type { Queryable } from '../../db/db.ts';
import { getAssets } from '../../db/queries/assets.ts';
import type { Storage } from '../../storage/storage.ts';

/** The asset ids of one request field (`assets`, `shots[2].assets`). */
export interface AssetRequest {
  ids: readonly string[] | undefined;
  param: string;
}

export interface ResolvedAssets {
  /** Per request field, in the order given: the account's assets. */
  groups: Asset[][];
  /** Whether they will be sent (the model takes reference images). */
  sent: boolean;
  warnings: string[];
}

/** Resolves every field's ids (one query), or throws naming the first field at fault. */
export async function resolveAssetRequests(
  db: Queryable,
  accountId: string,
  entry: CatalogEntry,
  requests: readonly AssetRequest[],
): Promise<ResolvedAssets> {
  const checked = requests.map((request) => ({
    ...request,
    ids: checkedAssetIds(request.ids, request.param),
  }));
  const all = [...new Set(checked.flatMap((request) => request.ids))];
  if (all.length === 0) return { groups: checked.map(() => []), sent: false, warnings: [] };
  const found = new Map((await getAssets(db, accountId, all)).map((asset) => [asset.id, asset]));
  const groups = checked.map((request) =>
    request.ids.map((id) => {
      const asset = found.get(id);
      if (!asset) {
        throw new ReelgateError({
          code: 'not_found',
          message: `No asset found with id '${id}'.`,
          param: request.param,
        });
      }
      return asset;
    }),
  );
  const warning = referenceWarning(entry, Math.max(...groups.map((group) => group.length)));
  if (warning) return { groups, sent: false, warnings: [warning] };
  for (const [index, request] of checked.entries()) {
    checkReferenceCount(entry, groups[index]!.length, request.param);
  }
  return { groups, sent: maxReferenceImages(entry) > 0, warnings: [] };
}

/** Copies each distinct asset's image under generation `id`; returns the refs per group. */
export async function storeAssetCopies(
  storage: Storage,
  id: string,
  groups: readonly Asset[][],
): Promise<StoredAssetRef[][]> {
  const copies = new Map<string, StoredAssetRef>();
  for (const asset of groups.flat()) {
    if (copies.has(asset.id)) continue;
    const extension = asset.key.slice(asset.key.lastIndexOf('.') + 1);
    const key = `generations/${id}/${asset.id}.${extension}`;
    await storage.put(key, await storage.get(asset.key), {
      contentType: asset.mediaType,
      expectedBytes: asset.bytes,
    });
    copies.set(asset.id, {
      assetId: asset.id,
      kind: asset.kind,
      name: asset.name,
      key,
      mediaType: asset.mediaType,
      sha256: asset.sha256,
    });
  }
  return groups.map((group) => group.map((asset) => copies.get(asset.id)!));
}
