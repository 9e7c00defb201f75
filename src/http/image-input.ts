/**
 * Reference images (first frame) from the request: an uploaded file, a `data:` URL or an https
 * URL. The media type is read from the bytes, not trusted from the client.
 */
import { invalidRequest } from '../core/errors.ts';
import type { CreateGenerationInput } from '../core/generation.ts';

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

function imageFromBytes(bytes: Uint8Array, param: string): ImageInput {
  const mediaType = sniffImageType(bytes);
  if (!mediaType) {
    throw invalidRequest(`Invalid '${param}': the image must be a JPEG, PNG or WebP file.`, param);
  }
  return { data: bytes, mediaType };
}

export async function imageFromFile(file: File, param = 'input_reference'): Promise<ImageInput> {
  if (file.size === 0) throw invalidRequest(`Invalid '${param}': the uploaded file is empty.`, param);
  return imageFromBytes(new Uint8Array(await file.arrayBuffer()), param);
}

export function imageFromUrl(url: string, param: string): ImageInput {
  const dataUrl = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
  if (dataUrl) {
    if (!dataUrl[2]) throw invalidRequest(`Invalid '${param}': data URLs must be base64-encoded.`, param);
    return imageFromBytes(new Uint8Array(Buffer.from(dataUrl[3] ?? '', 'base64')), param);
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
): Promise<ImageInput | undefined> {
  if (reference === undefined) return undefined;
  if (reference instanceof File) return imageFromFile(reference);
  if (reference.file_id !== undefined) {
    throw invalidRequest(
      "reelgate has no Files API: 'input_reference.file_id' is not supported. Upload the image or pass image_url.",
      'input_reference.file_id',
    );
  }
  return imageFromUrl(reference.image_url ?? '', 'input_reference.image_url');
}
