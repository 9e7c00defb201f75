/** Reads a generation's reference image (first frame) back from storage for the start call. */
import type { Experimental_VideoModelV4File as VideoModelV4File } from '@ai-sdk/provider';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import type { EngineDeps } from '../engine-deps.ts';

export type { StoredReference } from '../../core/generation-inputs.ts';

export async function readReferenceImage(
  deps: EngineDeps,
  row: GenerationRow,
): Promise<VideoModelV4File | undefined> {
  const reference = row.inputs.reference;
  if (!reference) return undefined;
  if (reference.url)
    return {
      type: 'url',
      url: reference.url,
      ...(reference.mediaType ? { mediaType: reference.mediaType } : {}),
    };
  if (!reference.key) return undefined;
  const stream = await deps.storage.get(reference.key);
  const chunks: Uint8Array[] = [];
  // Reference images are small (bounded by the upload limit), so reading one whole is fine.
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return {
    type: 'file',
    mediaType: reference.mediaType ?? 'image/png',
    data: new Uint8Array(Buffer.concat(chunks)),
  };
}
