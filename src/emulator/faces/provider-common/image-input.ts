/**
 * Reference images as the provider APIs take them: a data: URI, bare base64, or an http(s) URL
 * (fetched only on loopback hosts: the emulator never reaches other addresses). The bytes are
 * checked for a real image and for the content policy's human-face marker.
 */
import { createHash } from 'node:crypto';
import { probeImage } from '../../../media/image-probe.ts';
import { checkMediaBytes, type PolicyVerdict } from '../../core/content-policy.ts';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface InspectedImage {
  width: number;
  height: number;
  refusal: PolicyVerdict | null;
  /** SHA-256 of the image bytes (hex), so tests can see which image reached a provider. */
  sha256: string;
}

/** Why an image input was refused; faces map it into their own 4xx envelope. */
export class ImageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageInputError';
  }
}

export async function inspectImageInput(value: string, fetchImpl: typeof fetch): Promise<InspectedImage> {
  const bytes = await loadBytes(value.trim(), fetchImpl);
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw new ImageInputError('The image is too large (max 20 MB).');
  const image = probeImage(bytes);
  if (!image) throw new ImageInputError('Unsupported image: expected a JPEG, PNG or WebP image.');
  return {
    width: image.width,
    height: image.height,
    refusal: checkMediaBytes(bytes),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

async function loadBytes(value: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  if (value.startsWith('data:')) {
    const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(value);
    if (!match) throw new ImageInputError('Malformed data URI.');
    if (!match[2]) return new Uint8Array(Buffer.from(decodeURIComponent(match[3]!), 'latin1'));
    return decodeBase64(match[3]!);
  }
  if (/^https?:\/\//i.test(value)) return fetchLoopback(value, fetchImpl);
  return decodeBase64(value);
}

function decodeBase64(payload: string): Uint8Array {
  const compact = payload.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact))
    throw new ImageInputError('Malformed base64 image data.');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

async function fetchLoopback(url: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImageInputError('Malformed image URL.');
  }
  if (!isLoopbackHost(parsed.hostname)) {
    throw new ImageInputError(
      'The emulator only fetches image URLs on loopback hosts (127.0.0.1, ::1, localhost).',
    );
  }
  let response: Response;
  try {
    response = await fetchImpl(parsed, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new ImageInputError('Could not download the image URL.');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new ImageInputError(`Downloading the image URL failed with HTTP ${response.status}.`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
