/**
 * Reference images (first frame) from the request: an uploaded file, a `data:` URL or an https
 * URL. The media type is read from the bytes, not trusted from the client.
 */
import { invalidRequest } from '../core/errors.ts';
import type { CreateGenerationInput } from '../core/generation.ts';
import { isCompleteImage, probeImage } from '../media/image-probe.ts';

export type ImageInput = NonNullable<CreateGenerationInput['image']>;

/** image/png, image/jpeg or image/webp from magic bytes; undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return undefined;
}

/**
 * Checks an uploaded or inline image when the video is created rather than when the job fails
 * later: it must be a readable JPEG, PNG or WebP (a truncated `data:` URL is not), and when
 * `size` is known, exactly that size (the first frame of the video, as OpenAI requires).
 */
function imageFromBytes(bytes: Uint8Array, param: string, size: string | undefined): ImageInput {
  const mediaType = sniffImageType(bytes);
  const info = probeImage(bytes);
  if (!mediaType || !info || !isCompleteImage(bytes, info.format)) {
    throw invalidRequest(
      `Invalid '${param}': the image could not be read. Send a complete JPEG, PNG or WebP file${param.endsWith('image_url') ? ' (a data: URL must hold the whole base64-encoded file)' : ''}.`,
      param,
    );
  }
  if (size !== undefined) {
    const [width, height] = size.split('x').map(Number);
    if (info.width !== width || info.height !== height) {
      throw invalidRequest(
        `Invalid '${param}': the image is ${info.width}x${info.height} but the video is ${size}. The reference image is the first frame and must match the requested size exactly: resize it to ${size}, or ask for a size that matches it.`,
        param,
      );
    }
  }
  return { data: bytes, mediaType };
}

export async function imageFromFile(
  file: File,
  param = 'input_reference',
  size?: string,
): Promise<ImageInput> {
  if (file.size === 0) throw invalidRequest(`Invalid '${param}': the uploaded file is empty.`, param);
  return imageFromBytes(new Uint8Array(await file.arrayBuffer()), param, size);
}

/** An image URL: `data:` URLs are decoded and checked now; http(s) ones when the job starts. */
export function imageFromUrl(url: string, param: string, size?: string): ImageInput {
  const dataUrl = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
  if (dataUrl) {
    if (!dataUrl[2]) throw invalidRequest(`Invalid '${param}': data URLs must be base64-encoded.`, param);
    const base64 = (dataUrl[3] ?? '').replace(/\s/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
      throw invalidRequest(`Invalid '${param}': the data URL is not valid base64.`, param);
    }
    return imageFromBytes(new Uint8Array(Buffer.from(base64, 'base64')), param, size);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(`Invalid '${param}': expected a fully qualified URL or a base64 data URL.`, param);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidRequest(`Invalid '${param}': only http(s) and data: URLs are accepted.`, param);
  }
  return { url: parsed.toString() };
}

/** The OpenAI `input_reference` (file, `{image_url}` or `{file_id}`) as a generation input. */
export async function imageFromReference(
  reference: File | { image_url?: string | undefined; file_id?: string | undefined } | undefined,
  size?: string,
): Promise<ImageInput | undefined> {
  if (reference === undefined) return undefined;
  if (reference instanceof File) return imageFromFile(reference, 'input_reference', size);
  if (reference.file_id !== undefined) {
    throw invalidRequest(
      "reelgate has no Files API: 'input_reference.file_id' is not supported. Upload the image or pass image_url.",
      'input_reference.file_id',
    );
  }
  return imageFromUrl(reference.image_url ?? '', 'input_reference.image_url', size);
}
