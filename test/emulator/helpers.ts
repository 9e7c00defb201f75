/** Shared fixtures for the emulator tests: schema validation, polling, image fixtures. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type OpenAI from 'openai';
import { parse } from 'yaml';
import { findFfmpeg, findFfprobe } from '../../src/media/ffmpeg.ts';

/** shared/ sits beside the repository (in CI too); /work/shared is this workplace's copy. */
export const SPEC_PATH = [
  fileURLToPath(new URL('../../../shared/reference/openai-videos.openapi.yaml', import.meta.url)),
  '/work/shared/reference/openai-videos.openapi.yaml',
].find((path) => existsSync(path)) as string;

/**
 * A validator for the spec's schemas. The spec's enums lag the newest published behaviour,
 * so VideoSeconds gains "16"/"20" and VideoSize the 1080p sizes before compiling. The
 * extracted spec has no ErrorResponse schema; errors are checked against the envelope the
 * reference notes document (`{error: {message, type, param, code}}`, all required).
 */
export function createSpecValidator() {
  const document = parse(readFileSync(SPEC_PATH, 'utf8')) as {
    components: { schemas: Record<string, { enum?: string[] }> };
  };
  const schemas = document.components.schemas;
  schemas.VideoSeconds!.enum = [...schemas.VideoSeconds!.enum!, '16', '20'];
  schemas.VideoSize!.enum = [...schemas.VideoSize!.enum!, '1080x1920', '1920x1080'];
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addFormat('unixtime', {
    type: 'number',
    validate: (value: number) => Number.isInteger(value) && value >= 0,
  });
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: 'openai-videos', components: document.components });
  ajv.addSchema({
    $id: 'error-envelope',
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message', 'type', 'param', 'code'],
        properties: {
          message: { type: 'string', minLength: 1 },
          type: { type: 'string', minLength: 1 },
          param: { type: ['string', 'null'] },
          code: { type: ['string', 'null'] },
        },
      },
    },
  });
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (name: string) => {
    let validate = validators.get(name);
    if (!validate) {
      validate = ajv.getSchema(
        name === 'error' ? 'error-envelope' : `openai-videos#/components/schemas/${name}`,
      )!;
      validators.set(name, validate);
    }
    return validate;
  };
  return {
    /** Validates `body` against a named component schema (or "error"); returns error text or null. */
    check(name: string, body: unknown): string | null {
      const validate = validatorFor(name);
      return validate(body) ? null : ajv.errorsText(validate.errors);
    },
  };
}

/** Which schema a JSON reply to `method path` must match. */
export function schemaForRoute(method: string, path: string, status: number): string | null {
  if (status >= 400) return 'error';
  const route = path.replace(/^.*\/v1/, '');
  if (method === 'GET' && route === '/videos') return 'VideoListResource';
  if (route === '/videos/characters' || route.startsWith('/videos/characters/'))
    return 'VideoCharacterResource';
  if (method === 'DELETE') return 'DeletedVideoResource';
  if (route.endsWith('/content')) return null;
  return 'VideoResource';
}

export interface RecordingFetch {
  fetch: typeof fetch;
  /** Every JSON reply checked so far, with its schema name and any violation. */
  checked: { method: string; path: string; status: number; schema: string; problem: string | null }[];
}

/** A fetch for the OpenAI SDK that validates every JSON reply against the spec's schemas. */
export function validatingFetch(validator = createSpecValidator()): RecordingFetch {
  const checked: RecordingFetch['checked'] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const request = new Request(input, init);
    const url = new URL(request.url);
    const contentType = response.headers.get('content-type') ?? '';
    const schema = schemaForRoute(request.method, url.pathname, response.status);
    if (schema && contentType.includes('application/json')) {
      const body = await response.clone().json();
      checked.push({
        method: request.method,
        path: url.pathname,
        status: response.status,
        schema,
        problem: validator.check(schema, body),
      });
    }
    return response;
  };
  return { fetch: wrapped, checked };
}

/** Polls until the video leaves queued/in_progress (short real sleeps: the emulator runs fast). */
export async function waitForVideo(
  client: OpenAI,
  id: string,
  timeoutMs = 20_000,
): Promise<OpenAI.Videos.Video> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const video = await client.videos.retrieve(id);
    if (video.status !== 'queued' && video.status !== 'in_progress') return video;
    if (Date.now() > deadline) throw new Error(`video ${id} still ${video.status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let fixtureDir: string | undefined;
function fixtures(): string {
  fixtureDir ??= mkdtempSync(join(tmpdir(), 'reelgate-emulator-test-'));
  return fixtureDir;
}

/** A real image of the given size and format, made by ffmpeg (cached per process). */
export function imageFixture(width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png'): Buffer {
  const path = join(fixtures(), `ref-${width}x${height}.${format}`);
  try {
    return readFileSync(path);
  } catch {
    const codec = format === 'png' ? 'png' : format === 'jpeg' ? 'mjpeg' : 'libwebp';
    execFileSync(findFfmpeg(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `color=c=orange:s=${width}x${height}`,
      '-frames:v',
      '1',
      '-c:v',
      codec,
      '-f',
      'image2',
      path,
    ]);
    return readFileSync(path);
  }
}

/** Writes bytes to a temp file and returns its path (for probing). */
export function tempFile(name: string, bytes: Uint8Array): string {
  const path = join(fixtures(), `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** ffprobe's view of an image or video stream (an independent media library for the checks). */
export function ffprobeStream(path: string): { codec_name: string; width: number; height: number } {
  const output = execFileSync(findFfprobe(), [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,width,height',
    '-of',
    'json',
    path,
  ]).toString();
  return (JSON.parse(output) as { streams: { codec_name: string; width: number; height: number }[] })
    .streams[0]!;
}

/** The average colour [r, g, b] of a video's frame at `atSeconds` (ffmpeg scales it to one pixel). */
export function averageColour(videoPath: string, atSeconds: number): number[] {
  const pixel = execFileSync(findFfmpeg(), [
    '-v',
    'error',
    '-ss',
    String(atSeconds),
    '-i',
    videoPath,
    '-frames:v',
    '1',
    '-vf',
    'scale=1:1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ]);
  return [...pixel.subarray(0, 3)];
}
