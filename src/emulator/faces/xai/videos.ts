/**
 * xAI video generation: `POST /v1/videos/generations` answers `{request_id}`;
 * `GET /v1/videos/{request_id}` answers 202 `{status: "pending", progress}` while running and
 * 200 `{status: "done", video: {url, duration, respect_moderation}, model, usage, progress}`
 * when done (`respect_moderation: false` and no url when moderation blocked the result),
 * `{status: "failed", error: {code, message}}` on failure (code `content_policy_violation`
 * when the prompt or image was refused), `{status: "expired"}` once the
 * result is gone. Video URLs are temporary.
 */
import type { Context } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { inspectImageInput } from '../provider-common/image-input.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { frameSize } from '../provider-common/sizes.ts';
import { XaiApiError } from './errors.ts';

export const XAI_FACE = 'xai';
export const XAI_PREFIX = '/xai';

interface XaiModelSpec {
  minSeconds: number;
  maxSeconds: number;
  defaultSeconds: number;
  resolutions: readonly string[];
  aspectRatios: readonly string[];
  /** Price in USD per second by resolution, reported as usage in 1e-10 USD ticks. */
  usdPerSecond: Readonly<Record<string, number>>;
  tierFactor: number;
}

const ratios = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'] as const;

export const XAI_MODELS: Readonly<Record<string, XaiModelSpec>> = {
  'grok-imagine-video': {
    minSeconds: 1,
    maxSeconds: 15,
    defaultSeconds: 6,
    resolutions: ['480p', '720p'],
    aspectRatios: ratios,
    usdPerSecond: { '480p': 0.05, '720p': 0.07 },
    tierFactor: 0.7,
  },
  'grok-imagine-video-1.5': {
    minSeconds: 1,
    maxSeconds: 15,
    defaultSeconds: 6,
    resolutions: ['480p', '720p', '1080p'],
    aspectRatios: ratios,
    usdPerSecond: { '480p': 0.05, '720p': 0.07, '1080p': 0.1 },
    tierFactor: 0.9,
  },
};

const TICKS_PER_USD = 10_000_000_000;

export async function createGeneration(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(XAI_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(XAI_FACE, idempotencyKey);
  if (replay) return c.json({ request_id: replay.id });
  const model = body.model ?? 'grok-imagine-video';
  const spec = typeof model === 'string' ? XAI_MODELS[model] : undefined;
  if (typeof model !== 'string' || !spec) {
    throw new XaiApiError(
      404,
      `The model ${String(model).slice(0, 100)} does not exist or your team does not have access to it.`,
    );
  }
  const prompt = body.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw new XaiApiError(400, 'prompt is required and must be a non-empty string.');
  if (prompt.length > 4096) throw new XaiApiError(400, 'prompt is too long (max 4096 characters).');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, XAI_FACE, prompt, headerFaults);
  const duration = body.duration ?? spec.defaultSeconds;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < spec.minSeconds ||
    duration > spec.maxSeconds
  ) {
    throw new XaiApiError(
      400,
      `duration must be an integer between ${spec.minSeconds} and ${spec.maxSeconds} seconds.`,
    );
  }
  const resolution = body.resolution ?? '480p';
  if (typeof resolution !== 'string' || !spec.resolutions.includes(resolution)) {
    throw new XaiApiError(400, `resolution must be one of: ${spec.resolutions.join(', ')}.`);
  }
  const aspectRatio = body.aspect_ratio ?? '16:9';
  if (typeof aspectRatio !== 'string' || !spec.aspectRatios.includes(aspectRatio)) {
    throw new XaiApiError(400, `aspect_ratio must be one of: ${spec.aspectRatios.join(', ')}.`);
  }
  let refusal = null;
  let firstFrame: string | undefined;
  if (body.image !== undefined && body.image !== null) {
    const url = (body.image as { url?: unknown }).url;
    if (typeof url !== 'string')
      throw new XaiApiError(400, 'image.url must be a string (an https URL or a data URI).');
    refusal = (await inspectImageInput(url, core.fetch)).refusal;
    firstFrame = url;
  }
  // Reference-to-video: `reference_images: [{url}]` (characters, objects), at most 720p.
  const references: string[] = [];
  if (body.reference_images !== undefined && body.reference_images !== null) {
    if (!Array.isArray(body.reference_images))
      throw new XaiApiError(400, 'reference_images must be an array of {url} objects.');
    for (const item of body.reference_images as Array<{ url?: unknown }>) {
      if (typeof item?.url !== 'string')
        throw new XaiApiError(400, 'reference_images[].url must be a string (an https URL or a data URI).');
      references.push(item.url);
    }
    if (resolution === '1080p') throw new XaiApiError(400, 'reference-to-video is limited to 720p.');
  }
  const inspected = await inspectInputs({ firstFrame, references }, core.fetch);
  refusal ??= inspected.refusal;
  const { width, height } = frameSize(aspectRatio, resolution);
  const job = core.createJob({
    face: XAI_FACE,
    idPrefix: '',
    model,
    prompt,
    width,
    height,
    seconds: duration,
    tierFactor: spec.tierFactor,
    idempotencyKey,
    headerFaults,
    refusal,
    attributes: {
      origin: ownOrigin(c),
      costTicks: Math.round((spec.usdPerSecond[resolution] ?? 0.05) * duration * TICKS_PER_USD),
      received: inspected.received,
    },
    webhookEvent: () => null,
  });
  if (core.failsAfterCreate(XAI_FACE, prompt, headerFaults)) {
    throw new XaiApiError(500, 'Internal server error (emulated fault after the request was created).');
  }
  return c.json({ request_id: job.id });
}

export function getVideo(c: Context, core: EmulatorCore, id: string): Response {
  const job = core.jobs.get(XAI_FACE, id);
  if (!job) throw new XaiApiError(404, `Video generation request ${id.slice(0, 100)} not found.`);
  const snapshot = core.snapshot(job);
  if (snapshot.status === 'queued' || snapshot.status === 'in_progress') {
    return c.json({ status: 'pending', model: job.model, progress: snapshot.progress }, 202);
  }
  if (job.failure?.code === 'moderation_blocked') {
    // The prompt or image was refused before any video was made.
    return c.json({
      status: 'failed',
      model: job.model,
      error: { code: 'content_policy_violation', message: job.failure.message },
    });
  }
  if (job.failure?.code === 'output_moderation') {
    return c.json({
      status: 'done',
      video: { url: null, duration: job.seconds, respect_moderation: false },
      model: job.model,
      progress: 100,
    });
  }
  if (job.failure) {
    return c.json({
      status: 'failed',
      model: job.model,
      error: { code: 'internal_error', message: job.failure.message },
    });
  }
  if (snapshot.expired) return c.json({ status: 'expired', model: job.model });
  return c.json({
    status: 'done',
    video: { url: videoUrl(job), duration: job.seconds, respect_moderation: true },
    model: job.model,
    usage: { cost_in_usd_ticks: job.attributes.costTicks as number },
    progress: 100,
  });
}

function videoUrl(job: EmulatorJob): string {
  return `${job.attributes.origin as string}${XAI_PREFIX}/files/${job.id}/video.mp4`;
}
