/**
 * The Vercel AI Gateway face for async video, under /gateway (so `@ai-sdk/gateway` takes
 * `baseURL: <emulator>/gateway/v4/ai`), speaking what that package sends:
 * - `POST /v4/ai/video-model/start` (headers `ai-model-id`, `ai-video-model-specification-version: 4`)
 *   with the AI SDK call options as JSON (`prompt`, `resolution`, `aspectRatio`, `duration`,
 *   `image`, `frameImages`, `inputReferences`, `providerOptions`, `callbackUrl`) answers
 *   `{operation: {jobId}, warnings, providerMetadata: {gateway: {asyncJob: {jobId, status,
 *   webhookSigningSecret}}}}` (the secret only when a `callbackUrl` was given);
 * - `POST /v4/ai/video-model/status` `{operation}` answers `{status: "pending"}`,
 *   `{status: "completed", videos: [{type: "url", url, mediaType}], providerMetadata}`,
 *   `{status: "error", error, providerMetadata}` or `{status: "cancelled"}`;
 * - a `callbackUrl` gets `{type: "video.generation.completed|failed|cancelled", data: {jobId,
 *   status}}` (terminal facts only, no URLs), signed `x-ai-gateway-signature: t=<unix>,v1=<hex
 *   HMAC-SHA256(secret, "<t>.<body>")>` with `x-ai-gateway-idempotency-key: <jobId>-<status>`.
 * Starts carrying the same `idempotency-key` header return the first job (the Gateway's
 * documented replay contract). Refusals: `asyncJob.error.type` is `content_policy_violation`
 * with `phase` `input` or `output` — the field names are this face's guess (not confirmed).
 * Result links expire (404). Model ids are the Gateway's `creator/model` names; the face
 * renders the requested size for any of the listed ones.
 * Errors `{error: {message, type}}` (`authentication_error`, `invalid_request_error`,
 * `model_not_found`, `rate_limit_exceeded`, `internal_server_error`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { acceptableWebhookUrl, deliverJobWebhook, whenTerminal } from '../provider-common/job-webhooks.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { frameSize } from '../provider-common/sizes.ts';
import { WireError, wireErrorHandler } from '../provider-common/wire-error.ts';

export const GATEWAY_FACE = 'gateway';
const PREFIX = '/gateway';

/** Gateway video models the face serves: duration range per model. */
export const GATEWAY_MODELS: Readonly<Record<string, { minSeconds: number; maxSeconds: number }>> = {
  'google/veo-3.1-fast-generate-001': { minSeconds: 4, maxSeconds: 8 },
  'google/veo-3.1-generate-001': { minSeconds: 4, maxSeconds: 8 },
  'bytedance/seedance-v1.0-pro': { minSeconds: 2, maxSeconds: 12 },
  'alibaba/wan-v2.6-t2v': { minSeconds: 5, maxSeconds: 15 },
  'klingai/kling-v2.6-t2v': { minSeconds: 5, maxSeconds: 10 },
  'minimax/minimax-h3': { minSeconds: 4, maxSeconds: 15 },
  'spacexai/grok-imagine-video': { minSeconds: 1, maxSeconds: 15 },
};

const fail = (status: number, type: string, message: string) =>
  new WireError(status, { error: { message, type } });

export const gatewayFace: EmulatorFace = {
  name: GATEWAY_FACE,
  prefix: PREFIX,
  // The Gateway replays a start whose idempotency-key it has seen (its documented contract).
  deduplicatesStarts: true,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(
      wireErrorHandler(GATEWAY_FACE, (_status, message, kind) => ({
        error: {
          message,
          type:
            kind === 'auth'
              ? 'authentication_error'
              : kind === 'rate_limit'
                ? 'rate_limit_exceeded'
                : kind === 'server'
                  ? 'internal_server_error'
                  : kind === 'not_found'
                    ? 'not_found'
                    : 'invalid_request_error',
        },
      })),
    );
    app.get('/files/:jobId/:name', (c) =>
      serveResultFile(c, core, GATEWAY_FACE, c.req.param('jobId'), () =>
        c.json({ error: { message: 'Not found', type: 'not_found' } }, 404),
      ),
    );
    app.use('/v4/*', async (c, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match || !core.acceptsKey(match[1])) throw fail(401, 'authentication_error', 'Invalid API key');
      await next();
    });
    app.post('/v4/ai/video-model/start', (c) => start(c, core));
    app.post('/v4/ai/video-model/status', async (c) => {
      const body = await readJsonObject(c);
      const jobId = (body.operation as { jobId?: unknown } | undefined)?.jobId;
      const job = typeof jobId === 'string' ? core.jobs.get(GATEWAY_FACE, jobId) : undefined;
      if (!job) throw fail(404, 'not_found', 'Job not found');
      return c.json(statusOf(core, job));
    });
  },
};

async function start(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(GATEWAY_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(GATEWAY_FACE, idempotencyKey);
  if (replay) return c.json(startAnswer(replay));
  const modelId = c.req.header('ai-model-id') ?? '';
  const model = GATEWAY_MODELS[modelId];
  if (!model) throw fail(404, 'model_not_found', `Model ${modelId.slice(0, 64)} not found`);
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const fileOf = (value: unknown): string | undefined => {
    const file = value as { type?: string; url?: string; data?: string; mediaType?: string } | undefined;
    if (!file) return undefined;
    if (file.type === 'url') return file.url;
    return file.data ? `data:${file.mediaType ?? 'image/png'};base64,${file.data}` : undefined;
  };
  const frames = Array.isArray(body.frameImages)
    ? (body.frameImages as Array<{ frameType?: string; image?: unknown }>)
    : [];
  const firstFrame = fileOf(frames.find((f) => f.frameType === 'first_frame')?.image) ?? fileOf(body.image);
  const lastFrame = fileOf(frames.find((f) => f.frameType === 'last_frame')?.image);
  const references = Array.isArray(body.inputReferences)
    ? body.inputReferences.map(fileOf).filter((x): x is string => !!x)
    : [];
  if (!prompt && !firstFrame) throw fail(400, 'invalid_request_error', 'prompt or image is required');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, GATEWAY_FACE, prompt, headerFaults);
  const duration = body.duration ?? model.minSeconds;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < model.minSeconds ||
    duration > model.maxSeconds
  )
    throw fail(
      400,
      'invalid_request_error',
      `duration must be an integer from ${model.minSeconds} to ${model.maxSeconds}`,
    );
  const resolution =
    typeof body.resolution === 'string' ? /^(\d{3,4})x(\d{3,4})$/.exec(body.resolution) : null;
  const size = resolution
    ? { width: Number(resolution[1]), height: Number(resolution[2]) }
    : frameSize(typeof body.aspectRatio === 'string' ? body.aspectRatio : '16:9', '720p');
  if (size.width > 2560 || size.height > 2560 || size.width % 2 || size.height % 2)
    throw fail(400, 'invalid_request_error', 'resolution is not supported');
  const callbackUrl = typeof body.callbackUrl === 'string' ? body.callbackUrl : undefined;
  if (callbackUrl && !acceptableWebhookUrl(callbackUrl))
    throw fail(
      400,
      'invalid_request_error',
      'callbackUrl must be reachable (the emulator calls loopback URLs only)',
    );
  const inspected = await inspectInputs({ firstFrame, lastFrame, references }, core.fetch);
  const job = core.createJob({
    face: GATEWAY_FACE,
    idPrefix: 'vjob_',
    model: modelId,
    prompt,
    width: size.width,
    height: size.height,
    seconds: duration,
    idempotencyKey,
    headerFaults,
    refusal: inspected.refusal,
    attributes: {
      origin: ownOrigin(c),
      received: inspected.received,
      ...(callbackUrl ? { webhookSigningSecret: randomBytes(24).toString('hex') } : {}),
    },
    webhookEvent: () => null,
  });
  if (callbackUrl) whenTerminal(core, job, () => void notify(core, job, callbackUrl));
  if (core.failsAfterCreate(GATEWAY_FACE, prompt, headerFaults))
    throw fail(
      500,
      'internal_server_error',
      'Internal server error (emulated fault after the job was created)',
    );
  return c.json(startAnswer(job));
}

function startAnswer(job: EmulatorJob): Record<string, unknown> {
  const secret = job.attributes.webhookSigningSecret as string | undefined;
  return {
    operation: { jobId: job.id },
    warnings: [],
    providerMetadata: {
      gateway: {
        asyncJob: { jobId: job.id, status: 'pending', ...(secret ? { webhookSigningSecret: secret } : {}) },
      },
    },
  };
}

function statusOf(core: EmulatorCore, job: EmulatorJob): Record<string, unknown> {
  const snapshot = core.snapshot(job);
  const meta = (status: string, extra: Record<string, unknown> = {}) => ({
    gateway: { asyncJob: { jobId: job.id, status, ...extra } },
  });
  if (snapshot.status === 'queued' || snapshot.status === 'in_progress')
    return { status: 'pending', providerMetadata: meta(snapshot.status === 'queued' ? 'queued' : 'running') };
  if (job.failure) {
    const refused = job.failure.code === 'moderation_blocked' || job.failure.code === 'output_moderation';
    const error = refused
      ? {
          type: 'content_policy_violation',
          phase: job.failure.code === 'moderation_blocked' ? 'input' : 'output',
          message: job.failure.message,
        }
      : { type: 'provider_error', message: job.failure.message };
    return { status: 'error', error: error.message, providerMetadata: meta('failed', { error }) };
  }
  return {
    status: 'completed',
    videos: [
      {
        type: 'url',
        url: `${job.attributes.origin as string}${PREFIX}/files/${job.id}/video.mp4`,
        mediaType: 'video/mp4',
      },
    ],
    warnings: [],
    providerMetadata: meta('completed', {
      result: { expiresAt: new Date(snapshot.expiresAtMs ?? core.clock.now()).toISOString() },
    }),
  };
}

async function notify(core: EmulatorCore, job: EmulatorJob, url: string): Promise<void> {
  const status = job.failure ? 'failed' : 'completed';
  const body = JSON.stringify({ type: `video.generation.${status}`, data: { jobId: job.id, status } });
  const secret = job.attributes.webhookSigningSecret as string;
  await deliverJobWebhook(core, {
    url,
    eventId: `${job.id}-${status}`,
    type: `video.generation.${status}`,
    jobId: job.id,
    body,
    headers: (nowMs) => {
      const t = Math.floor(nowMs / 1000);
      const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
      return {
        'x-ai-gateway-signature': `t=${t},v1=${v1}`,
        'x-ai-gateway-idempotency-key': `${job.id}-${status}`,
      };
    },
  });
}
