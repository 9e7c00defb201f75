/**
 * Resolving `input_reference` (an uploaded file, `{image_url}` or `{file_id}`) and checking it:
 * a JPEG/PNG/WebP image whose dimensions equal the requested size. `image_url` may be a data:
 * URL or an http(s) URL on a loopback host (the emulator never reaches other addresses).
 * `file_id` is accepted without a Files API behind it, so it is not inspected.
 */
import { checkMediaBytes, type PolicyVerdict } from '../../core/content-policy.ts';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { probeImage } from '../../../media/image-probe.ts';
import { invalidValue } from './errors.ts';
import { describeType, isPlainObject, type BodyValue } from './request-body.ts';

export const MAX_REFERENCE_BYTES = 20 * 1024 * 1024;

export interface ResolvedReference {
  kind: 'file' | 'image_url' | 'file_id';
  width: number | null;
  height: number | null;
  refusal: PolicyVerdict | null;
  /** The image's bytes and format, when the emulator has them (not for file_id). */
  image: { bytes: Uint8Array; format: 'png' | 'jpeg' | 'webp' } | null;
}

const PARAM = 'input_reference';

export async function resolveInputReference(
  value: BodyValue,
  expected: { width: number; height: number },
  fetchImpl: typeof fetch,
): Promise<ResolvedReference> {
  if (value instanceof File) {
    if (value.size > MAX_REFERENCE_BYTES)
      throw invalidValue(PARAM, 'The input_reference file is too large (max 20 MB).');
    return checkImage('file', new Uint8Array(await value.arrayBuffer()), expected);
  }
  let reference: BodyValue = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      reference = JSON.parse(value) as BodyValue;
    } catch {
      throw invalidValue(PARAM, "Invalid 'input_reference': could not parse the JSON object.");
    }
  }
  if (!isPlainObject(reference)) {
    throw new EmulatorHttpError({
      status: 400,
      param: PARAM,
      code: 'invalid_type',
      message: `Invalid type for 'input_reference': expected a file or an object with 'image_url' or 'file_id', but got ${describeType(reference)} instead.`,
    });
  }
  const keys = Object.keys(reference);
  const unknown = keys.find((key) => key !== 'image_url' && key !== 'file_id');
  if (unknown) {
    throw new EmulatorHttpError({
      status: 400,
      param: `${PARAM}.${unknown.slice(0, 100)}`,
      code: 'unknown_parameter',
      message: `Unknown parameter: '${PARAM}.${unknown.slice(0, 100)}'.`,
    });
  }
  const hasUrl = reference.image_url !== undefined;
  const hasFileId = reference.file_id !== undefined;
  if (hasUrl === hasFileId) {
    throw invalidValue(PARAM, "Provide exactly one of 'image_url' or 'file_id' in 'input_reference'.");
  }
  if (hasFileId) {
    const fileId = reference.file_id;
    if (typeof fileId !== 'string' || fileId.trim() === '') {
      throw invalidValue(
        `${PARAM}.file_id`,
        "Invalid 'input_reference.file_id': expected a non-empty string.",
      );
    }
    return { kind: 'file_id', width: null, height: null, refusal: null, image: null };
  }
  const url = reference.image_url;
  if (typeof url !== 'string' || url === '') {
    throw invalidValue(`${PARAM}.image_url`, "Invalid 'input_reference.image_url': expected a URL string.");
  }
  return checkImage('image_url', await loadImageUrl(url, fetchImpl), expected);
}

function checkImage(
  kind: 'file' | 'image_url',
  bytes: Uint8Array,
  expected: { width: number; height: number },
): ResolvedReference {
  const image = probeImage(bytes);
  if (!image) {
    throw invalidValue(
      PARAM,
      "Invalid 'input_reference': unsupported image. Supported formats are 'image/jpeg', 'image/png', and 'image/webp'.",
    );
  }
  if (image.width !== expected.width || image.height !== expected.height) {
    throw invalidValue(PARAM, 'Inpaint image must match the requested width and height');
  }
  return {
    kind,
    width: image.width,
    height: image.height,
    refusal: checkMediaBytes(bytes),
    image: { bytes, format: image.format },
  };
}

async function loadImageUrl(url: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  const param = `${PARAM}.image_url`;
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
    if (!match) throw invalidValue(param, "Invalid 'input_reference.image_url': malformed data URL.");
    if (match[2]) {
      const payload = match[3]!.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) {
        throw invalidValue(param, "Invalid 'input_reference.image_url': malformed base64 in data URL.");
      }
      return new Uint8Array(Buffer.from(payload, 'base64'));
    }
    try {
      return new Uint8Array(Buffer.from(decodeURIComponent(match[3]!), 'latin1'));
    } catch {
      throw invalidValue(param, "Invalid 'input_reference.image_url': malformed data URL.");
    }
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidValue(
      param,
      "Invalid 'input_reference.image_url': expected a fully qualified URL or a data URL.",
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidValue(
      param,
      "Invalid 'input_reference.image_url': only http(s) and data URLs are supported.",
    );
  }
  if (!isLoopbackHost(parsed.hostname)) {
    throw invalidValue(
      param,
      'The emulator only fetches image URLs on loopback hosts (127.0.0.1, ::1, localhost).',
    );
  }
  let response: Response;
  try {
    response = await fetchImpl(parsed, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  } catch {
    throw invalidValue(param, 'Could not download the input_reference image_url.');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw invalidValue(
      param,
      `Downloading the input_reference image_url failed with HTTP ${response.status}.`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_REFERENCE_BYTES)
    throw invalidValue(param, 'The input_reference image is too large.');
  return bytes;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
