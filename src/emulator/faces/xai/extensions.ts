/**
 * xAI video extension: `POST /v1/videos/extensions` `{model, prompt, duration?, video: {url}}`
 * answers `{request_id}`, polled like a generation. As xAI documents it
 * (docs.x.ai, model-capabilities/video/extension): the source is an MP4 of 2-15 s (a public URL
 * or a base64 data URL); `duration` is the length of the new part only, 2-10 s (default 6); the
 * result is ONE video, the source first and then the continuation (a 10 s source extended by
 * 5 s comes back as 15 s), at the source's aspect ratio and resolution capped at 720p;
 * `aspect_ratio` and `resolution` are not accepted. Only grok-imagine-video extends. Billed per
 * second of output plus per second of input video.
 *
 * The emulator fetches URLs on loopback hosts only; a link to one of this face's own results
 * continues that job's content, any other source shows as "(source video)".
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'hono';
import { probeMedia } from '../../../media/probe.ts';
import type { RenderSegment } from '../../../media/render.ts';
import { checkMediaBytes, type PolicyVerdict } from '../../core/content-policy.ts';
import type { EmulatorCore } from '../../core/core.ts';
import { isLoopbackHost } from '../provider-common/image-input.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { XaiApiError } from './errors.ts';
import { XAI_FACE, XAI_MODELS, XAI_PREFIX } from './videos.ts';

/** Models that extend videos (xAI: grok-imagine-video only). */
export const XAI_EXTENDING_MODELS: ReadonlySet<string> = new Set(['grok-imagine-video']);
const MIN_SOURCE_SECONDS = 2;
const MAX_SOURCE_SECONDS = 15;
const MIN_EXTENSION_SECONDS = 2;
const MAX_EXTENSION_SECONDS = 10;
const DEFAULT_EXTENSION_SECONDS = 6;
const MAX_SOURCE_BYTES = 100 * 1024 * 1024;
/** Input video price per second (as listed for Grok Imagine extend-video). */
const INPUT_USD_PER_SECOND = 0.01;
const TICKS_PER_USD = 10_000_000_000;

interface SourceVideo {
  width: number;
  height: number;
  seconds: number;
  segments: RenderSegment[];
  refusal: PolicyVerdict | null;
  sha256: string;
  /** How the source came: a data URL or a link. */
  kind: 'data_url' | 'url';
}

export async function createExtension(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(XAI_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(XAI_FACE, idempotencyKey);
  if (replay) return c.json({ request_id: replay.id });
  const model = body.model ?? 'grok-imagine-video';
  if (typeof model !== 'string' || !XAI_MODELS[model]) {
    throw new XaiApiError(
      404,
      `The model ${String(model).slice(0, 100)} does not exist or your team does not have access to it.`,
    );
  }
  if (!XAI_EXTENDING_MODELS.has(model))
    throw new XaiApiError(400, `The model ${model} does not support video extension.`);
  const prompt = body.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw new XaiApiError(400, 'prompt is required and must be a non-empty string.');
  if (prompt.length > 4096) throw new XaiApiError(400, 'prompt is too long (max 4096 characters).');
  for (const field of ['aspect_ratio', 'resolution'] as const) {
    if (body[field] !== undefined)
      throw new XaiApiError(400, `${field} is not supported for video extension.`);
  }
  const duration = body.duration ?? DEFAULT_EXTENSION_SECONDS;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < MIN_EXTENSION_SECONDS ||
    duration > MAX_EXTENSION_SECONDS
  ) {
    throw new XaiApiError(
      400,
      `duration must be an integer between ${MIN_EXTENSION_SECONDS} and ${MAX_EXTENSION_SECONDS} seconds.`,
    );
  }
  const url = (body.video as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || url.trim() === '')
    throw new XaiApiError(400, 'video.url is required (an https URL or a data URI of an MP4 video).');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, XAI_FACE, prompt, headerFaults);
  const source = await loadSource(core, url.trim());
  const { width, height } = capTo720p(source.width, source.height);
  const seconds = source.seconds + duration;
  const price = XAI_MODELS[model]?.usdPerSecond[height * width > 854 * 480 ? '720p' : '480p'] ?? 0.05;
  const job = core.createJob({
    face: XAI_FACE,
    idPrefix: '',
    model,
    prompt,
    width,
    height,
    seconds,
    segments: [...source.segments, { seconds: duration, text: prompt }],
    tierFactor: XAI_MODELS[model]?.tierFactor ?? 1,
    idempotencyKey,
    headerFaults,
    refusal: source.refusal,
    attributes: {
      origin: ownOrigin(c),
      costTicks: Math.round((price * duration + INPUT_USD_PER_SECOND * source.seconds) * TICKS_PER_USD),
      extension: {
        sourceSeconds: source.seconds,
        sourceSha256: source.sha256,
        sourceKind: source.kind,
        extensionSeconds: duration,
      },
    },
    webhookEvent: () => null,
  });
  if (core.failsAfterCreate(XAI_FACE, prompt, headerFaults)) {
    throw new XaiApiError(500, 'Internal server error (emulated fault after the request was created).');
  }
  return c.json({ request_id: job.id });
}

/** xAI keeps the source's aspect ratio and caps the result at 720p (short side 720). */
function capTo720p(width: number, height: number): { width: number; height: number } {
  const short = Math.min(width, height);
  if (short <= 720) return { width, height };
  const scale = 720 / short;
  const even = (value: number) => Math.max(2, 2 * Math.round((value * scale) / 2));
  return { width: even(width), height: even(height) };
}

async function loadSource(core: EmulatorCore, url: string): Promise<SourceVideo> {
  const own = ownResult(core, url);
  const bytes = await sourceBytes(core, url);
  if (bytes.byteLength > MAX_SOURCE_BYTES) throw new XaiApiError(400, 'The source video is too large.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await mkdir(core.media.uploadsDir, { recursive: true });
  const path = join(core.media.uploadsDir, `extend-${randomBytes(12).toString('hex')}.mp4`);
  try {
    await writeFile(path, bytes);
    const info = await probeMedia(path, { ffprobe: core.media.tools.ffprobe }).catch(() => null);
    const mp4 = bytes.byteLength > 12 && Buffer.from(bytes.subarray(4, 8)).toString('latin1') === 'ftyp';
    const codecOk = /^(avc|hevc|av1|h264|h265)/i.test(info?.videoCodec ?? '');
    if (!info || info.width === null || info.height === null || !mp4 || !codecOk) {
      throw new XaiApiError(400, 'The source video must be an MP4 file (H.264, H.265 or AV1).');
    }
    if (
      info.durationSeconds < MIN_SOURCE_SECONDS - 0.05 ||
      info.durationSeconds > MAX_SOURCE_SECONDS + 0.05
    ) {
      throw new XaiApiError(
        400,
        `The source video must be between ${MIN_SOURCE_SECONDS} and ${MAX_SOURCE_SECONDS} seconds long (got ${info.durationSeconds.toFixed(2)} s).`,
      );
    }
    const seconds = Math.max(1, Math.round(info.durationSeconds));
    const segments = own && own.seconds === seconds ? own.segments : [{ seconds, text: '(source video)' }];
    return {
      width: info.width,
      height: info.height,
      seconds,
      segments,
      refusal: checkMediaBytes(bytes),
      sha256,
      kind: url.startsWith('data:') ? 'data_url' : 'url',
    };
  } finally {
    await rm(path, { force: true });
  }
}

/** A link to one of this face's own results (`<origin>/xai/files/<job>/video.mp4`). */
function ownResult(core: EmulatorCore, url: string): { seconds: number; segments: RenderSegment[] } | null {
  if (url.startsWith('data:')) return null;
  try {
    const match = new RegExp(`${XAI_PREFIX}/files/([^/]+)/video\\.mp4$`).exec(new URL(url).pathname);
    const job = match ? core.jobs.get(XAI_FACE, match[1]!) : undefined;
    return job ? { seconds: job.seconds, segments: job.segments } : null;
  } catch {
    return null;
  }
}

async function sourceBytes(core: EmulatorCore, url: string): Promise<Uint8Array> {
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
    if (!match?.[2]) throw new XaiApiError(400, 'video.url: malformed data URI (base64 expected).');
    if (match[1] && !/^video\//i.test(match[1]))
      throw new XaiApiError(400, `video.url: expected a video, got ${match[1].slice(0, 50)}.`);
    return new Uint8Array(Buffer.from(match[3]!.replace(/\s+/g, ''), 'base64'));
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new XaiApiError(400, 'video.url must be an https URL or a data URI.');
  }
  if (!/^https?:$/.test(parsed.protocol))
    throw new XaiApiError(400, 'video.url must be an https URL or a data URI.');
  if (!isLoopbackHost(parsed.hostname)) {
    throw new XaiApiError(
      400,
      'The emulator only fetches video URLs on loopback hosts (127.0.0.1, ::1, localhost).',
    );
  }
  const response = await core
    .fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(10_000) })
    .catch(() => null);
  if (!response?.ok) {
    await response?.body?.cancel().catch(() => {});
    throw new XaiApiError(400, 'Could not download the source video from video.url.');
  }
  return new Uint8Array(await response.arrayBuffer());
}
