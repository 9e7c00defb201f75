/**
 * The OpenRouter video face, under /openrouter (so `@openrouter/ai-sdk-provider` takes
 * `baseURL: <emulator>/openrouter/api/v1`), speaking OpenRouter's `/api/v1/videos` API:
 * - `POST /api/v1/videos` `{model, prompt, aspect_ratio, size, duration, seed,
 *   generate_audio, frame_images: [{type: "image_url", image_url: {url}, frame_type}],
 *   input_references, callback_url}` answers 202 `{id, polling_url, status: "pending"}`;
 * - `GET /api/v1/videos/{id}` answers `{id, generation_id, polling_url, status, unsigned_urls,
 *   usage: {cost}, error}` with status pending -> in_progress -> completed | failed |
 *   cancelled | expired (after the result lifetime); `unsigned_urls` point at
 *   `GET /api/v1/videos/{id}/content?index=0`, which needs the API key;
 * - `callback_url` gets `{type: "video.generation.<status>", created_at, data: {...}}` signed
 *   `X-OpenRouter-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>,<body>")>` with the
 *   workspace's signing secret (the emulator's is OPENROUTER_EMULATOR_WEBHOOK_SECRET).
 * A prompt or image flagged by moderation is refused at submission with 403 and
 * `error.metadata.reasons` (as OpenRouter's moderation answers); a refused result fails the job
 * with `error_code: "content_filtered"` (that field name is this face's guess). No
 * deduplication of submissions. Errors `{error: {code, message, metadata}}`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { checkPrompt } from '../../core/content-policy.ts';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { acceptableWebhookUrl, deliverJobWebhook, whenTerminal } from '../provider-common/job-webhooks.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { frameSize } from '../provider-common/sizes.ts';
import { WireError, wireErrorHandler } from '../provider-common/wire-error.ts';

export const OPENROUTER_FACE = 'openrouter';
const PREFIX = '/openrouter';
/** The emulated workspace's webhook signing secret (test value, not a real credential). */
export const OPENROUTER_EMULATOR_WEBHOOK_SECRET = 'or-emulator-webhook-secret-4d1c';

/** Video models the face serves (OpenRouter slugs), with their duration ranges. */
export const OPENROUTER_MODELS: Readonly<Record<string, { minSeconds: number; maxSeconds: number }>> = {
  'google/veo-3.1-fast': { minSeconds: 4, maxSeconds: 8 },
  'bytedance/seedance-1-pro': { minSeconds: 2, maxSeconds: 12 },
  'kwaivgi/kling-v2.5-turbo': { minSeconds: 5, maxSeconds: 10 },
  'alibaba/wan-2.6': { minSeconds: 5, maxSeconds: 15 },
};

const fail = (status: number, message: string, metadata?: Record<string, unknown>) =>
  new WireError(status, { error: { code: status, message, ...(metadata ? { metadata } : {}) } });

export const openrouterFace: EmulatorFace = {
  name: OPENROUTER_FACE,
  prefix: PREFIX,
  // OpenRouter documents no deduplication of video submissions.
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(
      wireErrorHandler(OPENROUTER_FACE, (status, message) => ({ error: { code: status, message } })),
    );
    app.use('/api/*', async (c, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match || !core.acceptsKey(match[1])) throw fail(401, 'No auth credentials found');
      await next();
    });
    app.post('/api/v1/videos', (c) => submit(c, core));
    app.get('/api/v1/videos/:id', (c) => c.json(jobBody(core, jobOf(core, c.req.param('id')))));
    app.get('/api/v1/videos/:id/content', (c) => {
      const job = jobOf(core, c.req.param('id'));
      const snapshot = core.snapshot(job);
      if (snapshot.status !== 'completed' || snapshot.expired || job.failure)
        throw fail(404, 'Video content not available');
      return core.serveContent(c, job, 'video');
    });
  },
};

function jobOf(core: EmulatorCore, id: string): EmulatorJob {
  const job = core.jobs.get(OPENROUTER_FACE, id);
  if (!job) throw fail(404, 'Video generation not found');
  return job;
}

async function submit(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(OPENROUTER_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(OPENROUTER_FACE, idempotencyKey);
  if (replay) return c.json(jobBody(core, replay), 202);
  const modelId = typeof body.model === 'string' ? body.model : '';
  const model = OPENROUTER_MODELS[modelId];
  if (!model) throw fail(400, `${modelId.slice(0, 64)} is not a valid video model ID`);
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const frames = Array.isArray(body.frame_images)
    ? (body.frame_images as Array<Record<string, unknown>>)
    : [];
  const urlOf = (part: Record<string, unknown> | undefined) =>
    (part?.image_url as { url?: string } | undefined)?.url;
  const firstFrame = urlOf(frames.find((f) => f.frame_type === 'first_frame'));
  const lastFrame = urlOf(frames.find((f) => f.frame_type === 'last_frame'));
  const references = Array.isArray(body.input_references)
    ? (body.input_references as Array<Record<string, unknown>>).map(urlOf).filter((u): u is string => !!u)
    : [];
  if (!prompt && !firstFrame) throw fail(400, 'prompt is required');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, OPENROUTER_FACE, prompt, headerFaults);
  const duration = body.duration ?? model.minSeconds;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < model.minSeconds ||
    duration > model.maxSeconds
  )
    throw fail(400, `duration must be an integer from ${model.minSeconds} to ${model.maxSeconds}`);
  const size = typeof body.size === 'string' ? /^(\d{3,4})x(\d{3,4})$/.exec(body.size) : null;
  const { width, height } = size
    ? { width: Number(size[1]), height: Number(size[2]) }
    : frameSize(typeof body.aspect_ratio === 'string' ? body.aspect_ratio : '16:9', '720p');
  if (width > 2560 || height > 2560 || width % 2 || height % 2) throw fail(400, 'size is not supported');
  const inspected = await inspectInputs({ firstFrame, lastFrame, references }, core.fetch);
  const flagged = checkPrompt(prompt);
  if (flagged || inspected.refusal)
    throw fail(403, `${modelId} requires moderation on OpenRouter. Your input was flagged.`, {
      reasons: [flagged ? 'prompt' : 'image'],
      flagged_input: flagged ? prompt.slice(0, 100) : '[image]',
      provider_name: 'OpenRouter',
      model_slug: modelId,
    });
  const callbackUrl = typeof body.callback_url === 'string' ? body.callback_url : undefined;
  if (callbackUrl && !acceptableWebhookUrl(callbackUrl)) throw fail(400, 'callback_url must be an HTTPS URL');
  const job = core.createJob({
    face: OPENROUTER_FACE,
    idPrefix: 'vid_',
    model: modelId,
    prompt,
    width,
    height,
    seconds: duration,
    idempotencyKey,
    headerFaults,
    refusal: null,
    attributes: {
      origin: ownOrigin(c),
      received: inspected.received,
      generationId: `gen-${randomBytes(8).toString('hex')}`,
    },
    webhookEvent: () => null,
  });
  if (callbackUrl) whenTerminal(core, job, () => void notify(core, job, callbackUrl));
  if (core.failsAfterCreate(OPENROUTER_FACE, prompt, headerFaults)) throw fail(500, 'Internal Server Error');
  return c.json({ id: job.id, polling_url: `/api/v1/videos/${job.id}`, status: 'pending' }, 202);
}

function jobBody(core: EmulatorCore, job: EmulatorJob): Record<string, unknown> {
  const snapshot = core.snapshot(job);
  const base = {
    id: job.id,
    generation_id: job.attributes.generationId,
    polling_url: `/api/v1/videos/${job.id}`,
    model: job.model,
  };
  if (snapshot.status === 'queued') return { ...base, status: 'pending' };
  if (snapshot.status === 'in_progress') return { ...base, status: 'in_progress' };
  if (job.failure) {
    const refused = job.failure.code === 'output_moderation' || job.failure.code === 'moderation_blocked';
    return {
      ...base,
      status: 'failed',
      error: job.failure.message,
      ...(refused ? { error_code: 'content_filtered' } : {}),
    };
  }
  if (snapshot.expired) return { ...base, status: 'expired' };
  const origin = job.attributes.origin as string;
  return {
    ...base,
    status: 'completed',
    unsigned_urls: [`${origin}${PREFIX}/api/v1/videos/${job.id}/content?index=0`],
    usage: { cost: Math.round(job.seconds * 0.1 * 1000) / 1000, is_byok: false },
  };
}

async function notify(core: EmulatorCore, job: EmulatorJob, url: string): Promise<void> {
  const data = jobBody(core, job);
  const body = JSON.stringify({
    type: `video.generation.${String(data.status)}`,
    created_at: new Date(core.clock.now()).toISOString(),
    data,
  });
  await deliverJobWebhook(core, {
    url,
    eventId: `${job.id}-${String(data.status)}`,
    type: `video.generation.${String(data.status)}`,
    jobId: job.id,
    body,
    headers: (nowMs) => {
      const t = Math.floor(nowMs / 1000);
      const v1 = createHmac('sha256', OPENROUTER_EMULATOR_WEBHOOK_SECRET)
        .update(`${t},${body}`)
        .digest('hex');
      return { 'x-openrouter-signature': `t=${t},v1=${v1}` };
    },
  });
}
