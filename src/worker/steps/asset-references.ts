/**
 * The generation's assets as the start call's `inputReferences` (AI SDK VideoModelV4): each
 * image read back from the generation's own copy. Sent only to a model whose catalog entry
 * takes reference images (a fallback may have moved the generation to one that takes none), and
 * no more than it takes.
 */
import type { Experimental_VideoModelV4File as VideoModelV4File } from '@ai-sdk/provider';
import { maxReferenceImages } from '../../core/assets.ts';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import type { EngineDeps } from '../engine-deps.ts';

export async function readAssetReferences(
  deps: EngineDeps,
  row: GenerationRow,
): Promise<VideoModelV4File[] | undefined> {
  const assets = row.inputs.assets;
  if (!assets || assets.length === 0) return undefined;
  const entry = deps.catalog.find(row.model);
  const max = entry ? maxReferenceImages(entry) : 0;
  if (max === 0) return undefined;
  const files: VideoModelV4File[] = [];
  for (const asset of assets.slice(0, max)) {
    const chunks: Uint8Array[] = [];
    // Asset images are small (bounded by the asset size limit), so reading one whole is fine.
    for await (const chunk of (await deps.storage.get(asset.key)) as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
    }
    files.push({ type: 'file', mediaType: asset.mediaType, data: new Uint8Array(Buffer.concat(chunks)) });
  }
  return files;
}
