/** An asset as the API shows it. */
import type { AssetResource } from '../assets.ts';
import type { Asset } from '../../core/assets.ts';
import { toUnixSeconds } from './common.ts';

export function presentAsset(asset: Asset): AssetResource {
  return {
    object: 'asset',
    id: asset.id,
    kind: asset.kind,
    name: asset.name,
    description: asset.description,
    content_type: asset.mediaType,
    bytes: asset.bytes,
    width: asset.width,
    height: asset.height,
    sha256: asset.sha256,
    created_at: toUnixSeconds(asset.createdAt),
  };
}
