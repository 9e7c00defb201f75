/**
 * The one way a caller's reference image is kept: a URL passes the outbound check (the same
 * guard downloads use: scheme, private addresses) and is stored as given; uploaded bytes must be
 * PNG, JPEG or WebP and go to storage under the generation's own key.
 */
import { invalidRequest, ReelgateError } from '../../core/errors.ts';
import type { CreateGenerationInput } from '../../core/generation.ts';
import type { StoredReference } from '../../core/generation-inputs.ts';
import type { Storage } from '../../storage/storage.ts';

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/webp']);

export type ReferenceImage = NonNullable<CreateGenerationInput['image']>;

/** Refuses a URL the outbound guard would refuse (400 before anything connects). */
export type ImageUrlCheck = (url: string, param: string) => Promise<void>;

/** Validates an image before anything is written (no storage access). */
export async function checkReferenceImage(
  image: ReferenceImage,
  param: string,
  checkUrl: ImageUrlCheck | undefined,
): Promise<void> {
  if ('url' in image) {
    let parsed: URL;
    try {
      parsed = new URL(image.url);
    } catch {
      throw invalidRequest(`${param} is not a valid URL.`, param);
    }
    if (!['https:', 'http:', 'data:'].includes(parsed.protocol)) {
      throw invalidRequest(`${param} must be an http(s) or data URL.`, param);
    }
    if (checkUrl && parsed.protocol !== 'data:') await checkUrl(image.url, param);
    return;
  }
  if (!imageTypes.has(image.mediaType.toLowerCase())) {
    throw new ReelgateError({
      code: 'unsupported_media_type',
      message: `Reference images must be PNG, JPEG or WebP (got ${image.mediaType}).`,
      param,
    });
  }
}

/** Stores a checked image for generation `id`; returns what `inputs.reference` keeps. */
export async function storeReferenceImage(
  storage: Storage,
  id: string,
  image: ReferenceImage,
): Promise<StoredReference> {
  if ('url' in image) return { url: image.url };
  const mediaType = image.mediaType.toLowerCase();
  const extension = mediaType === 'image/jpeg' ? 'jpg' : mediaType.split('/')[1];
  const key = `generations/${id}/reference.${extension}`;
  await storage.put(key, oneChunk(image.data), {
    contentType: mediaType,
    expectedBytes: image.data.byteLength,
  });
  return { key, mediaType };
}

async function* oneChunk(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}
