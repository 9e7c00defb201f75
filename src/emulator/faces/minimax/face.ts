/**
 * The MiniMax video face (Hailuo H3 models), under /minimax (so `@ai-sdk/minimax` takes
 * `videoBaseURL: <emulator>/minimax`), speaking the API that package calls:
 * - `POST /v2/video_generation` `{model, content: [{type: "text"}, {type: "image_url", role}],
 *   resolution: "480P"|"768P"|"2K", duration, ratio, callback_url}` answers `{task_id}`;
 * - `GET /v2/query/video_generation/{task_id}` answers `{task: {id, status, content: {url},
 *   resolution, duration, ratio, usage, error: {code, message}}}`, status queued -> running ->
 *   succeeded | failed | cancelled | expired.
 * Refusals fail the task (code 1026: the request was judged sensitive; 1027: the generated
 * video was) — MiniMax's own status codes for sensitive input/output; that the /v2 API keeps
 * them is not confirmed. A `callback_url` is verified first with a challenge the receiver must
 * echo, then gets unsigned status notices. No deduplication of creates.
 * Errors: `{type: "error", error: {type, message, http_code}, request_id}`.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { acceptableWebhookUrl, deliverJobWebhook, whenTerminal } from '../provider-common/job-webhooks.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { WireError, wireErrorHandler } from '../provider-common/wire-error.ts';

export const MINIMAX_FACE = 'minimax';
const PREFIX = '/minimax';

interface H3Model {
  resolutions: readonly string[];
  minSeconds: number;
  tierFactor: number;
  references: boolean;
}

export const MINIMAX_MODELS: Readonly<Record<string, H3Model>> = {
  'MiniMax-H3': { resolutions: ['768P', '2K'], minSeconds: 4, tierFactor: 1, references: true },
  'MiniMax-H3-Max': { resolutions: ['480P', '768P'], minSeconds: 5, tierFactor: 1.3, references: false },
};

/** Frame sizes by resolution tier and ratio (768P as MiniMax's 1366x768 family). */
const SIZES: Readonly<Record<string, Readonly<Record<string, [number, number]>>>> = {
  '480P': {
    '16:9': [854, 480],
    '9:16': [480, 854],
    '1:1': [480, 480],
    '4:3': [640, 480],
    '3:4': [480, 640],
    '21:9': [1120, 480],
  },
  '768P': {
    '16:9': [1366, 768],
    '9:16': [768, 1366],
    '1:1': [768, 768],
    '4:3': [1024, 768],
    '3:4': [768, 1024],
    '21:9': [1792, 768],
  },
  '2K': {
    '16:9': [2560, 1440],
    '9:16': [1440, 2560],
    '1:1': [2048, 2048],
    '4:3': [2048, 1536],
    '3:4': [1536, 2048],
    '21:9': [2560, 1080],
  },
};

const fail = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  new WireError(
    status,
    { type: 'error', error: { type, message, http_code: String(status) }, request_id: randomUUID() },
    headers,
  );

export const minimaxFace: EmulatorFace = {
  name: MINIMAX_FACE,
  prefix: PREFIX,
  // MiniMax documents no deduplication of video generation requests.
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(
      wireErrorHandler(MINIMAX_FACE, (status, message, kind) => ({
        type: 'error',
        error: {
          type:
            kind === 'auth'
              ? 'authentication_error'
              : kind === 'rate_limit'
                ? 'rate_limit_error'
                : kind === 'server'
                  ? 'api_error'
                  : kind === 'not_found'
                    ? 'not_found_error'
                    : 'invalid_request_error',
          message,
          http_code: String(status),
        },
        request_id: randomUUID(),
      })),
    );
    app.get('/files/:jobId/:name', (c) =>
      serveResultFile(c, core, MINIMAX_FACE, c.req.param('jobId'), (reason) =>
        c.json({ error: reason === 'expired' ? 'file expired' : 'file not found' }, 404),
      ),
    );
    app.use('/v2/*', async (c, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match || !core.acceptsKey(match[1])) throw fail(401, 'authentication_error', 'invalid api key');
      await next();
    });
    app.post('/v2/video_generation', (c) => create(c, core));
    app.get('/v2/query/video_generation/:id', (c) => {
      const job = core.jobs.get(MINIMAX_FACE, c.req.param('id'));
      if (!job) throw fail(404, 'not_found_error', 'task not found');
      return c.json({ task: taskOf(core, job) });
    });
  },
};

async function create(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(MINIMAX_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(MINIMAX_FACE, idempotencyKey);
  if (replay) return c.json({ task_id: replay.id });
  const modelId = typeof body.model === 'string' ? body.model : '';
  const model = MINIMAX_MODELS[modelId];
  if (!model) throw fail(400, 'invalid_request_error', `model ${modelId.slice(0, 64)} is not supported`);
  const content = Array.isArray(body.content) ? (body.content as Array<Record<string, unknown>>) : [];
  const text = content.find((part) => part.type === 'text')?.text;
  const prompt = typeof text === 'string' ? text : '';
  const imageOf = (role: string) =>
    (
      content.find((part) => part.type === 'image_url' && part.role === role)?.image_url as
        | { url?: string }
        | undefined
    )?.url;
  const firstFrame = imageOf('first_frame');
  const lastFrame = imageOf('last_frame');
  const references = content
    .filter((part) => part.type === 'image_url' && part.role === 'reference_image')
    .map((part) => (part.image_url as { url?: string } | undefined)?.url)
    .filter((url): url is string => typeof url === 'string');
  if (prompt.trim() === '' && !firstFrame && references.length === 0)
    throw fail(400, 'invalid_request_error', 'content must contain a text prompt or an image');
  if (references.length > 0 && !model.references)
    throw fail(400, 'invalid_request_error', `${modelId} does not support reference_image`);
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, MINIMAX_FACE, prompt, headerFaults);
  const resolution = typeof body.resolution === 'string' ? body.resolution : '2K';
  if (!model.resolutions.includes(resolution))
    throw fail(400, 'invalid_request_error', `resolution must be one of ${model.resolutions.join(', ')}`);
  const duration = body.duration ?? 5;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < model.minSeconds ||
    duration > 15
  )
    throw fail(400, 'invalid_request_error', `duration must be an integer from ${model.minSeconds} to 15`);
  const inspected = await inspectInputs({ firstFrame, lastFrame, references }, core.fetch);
  const ratio =
    typeof body.ratio === 'string' && body.ratio !== 'adaptive'
      ? body.ratio
      : inspected.firstFrameSize
        ? inspected.firstFrameSize.width > inspected.firstFrameSize.height
          ? '16:9'
          : inspected.firstFrameSize.width < inspected.firstFrameSize.height
            ? '9:16'
            : '1:1'
        : '16:9';
  const size = SIZES[resolution]?.[ratio];
  if (!size) throw fail(400, 'invalid_request_error', `ratio ${String(ratio).slice(0, 16)} is not supported`);
  const callbackUrl = typeof body.callback_url === 'string' ? body.callback_url : undefined;
  if (callbackUrl) await verifyCallback(core, callbackUrl);
  const job = core.createJob({
    face: MINIMAX_FACE,
    idPrefix: '',
    model: modelId,
    prompt,
    width: size[0],
    height: size[1],
    seconds: duration,
    tierFactor: model.tierFactor,
    idempotencyKey,
    headerFaults,
    refusal: inspected.refusal,
    attributes: { origin: ownOrigin(c), received: inspected.received, resolution, ratio },
    webhookEvent: () => null,
  });
  if (callbackUrl) whenTerminal(core, job, () => void notify(core, job, callbackUrl));
  if (core.failsAfterCreate(MINIMAX_FACE, prompt, headerFaults))
    throw fail(500, 'api_error', 'internal error (emulated fault after the task was created)');
  return c.json({ task_id: job.id });
}

/** MiniMax checks a callback URL first: it must echo the challenge within 3 s. */
async function verifyCallback(core: EmulatorCore, url: string): Promise<void> {
  if (!acceptableWebhookUrl(url))
    throw fail(
      400,
      'invalid_request_error',
      'callback_url must be reachable (the emulator calls loopback URLs only)',
    );
  const challenge = randomUUID();
  try {
    const response = await core.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challenge }),
      signal: AbortSignal.timeout(3000),
    });
    const echoed = (await response.json().catch(() => null)) as { challenge?: unknown } | null;
    if (response.ok && echoed?.challenge === challenge) return;
  } catch {
    // fall through: an unreachable receiver fails the check below
  }
  throw fail(400, 'invalid_request_error', 'callback_url verification failed: the challenge was not echoed');
}

async function notify(core: EmulatorCore, job: EmulatorJob, url: string): Promise<void> {
  const task = taskOf(core, job);
  await deliverJobWebhook(core, {
    url,
    eventId: `${job.id}-${String(task.status)}`,
    type: `video_generation.${String(task.status)}`,
    jobId: job.id,
    body: JSON.stringify({ task_id: job.id, status: task.status, task }),
    headers: () => ({}),
  });
}

function taskOf(core: EmulatorCore, job: EmulatorJob): Record<string, unknown> {
  const snapshot = core.snapshot(job);
  const base = {
    id: job.id,
    resolution: job.attributes.resolution,
    duration: job.seconds,
    ratio: job.attributes.ratio,
  };
  if (snapshot.status === 'queued') return { ...base, status: 'queued' };
  if (snapshot.status === 'in_progress') return { ...base, status: 'running' };
  if (job.failure) {
    const code =
      job.failure.code === 'moderation_blocked'
        ? 1026
        : job.failure.code === 'output_moderation'
          ? 1027
          : 1000;
    const message =
      code === 1026
        ? 'input new_sensitive'
        : code === 1027
          ? 'output new_sensitive'
          : 'unknown error, please retry';
    return { ...base, status: 'failed', error: { code, message } };
  }
  return {
    ...base,
    status: 'succeeded',
    content: { url: `${job.attributes.origin as string}${PREFIX}/files/${job.id}/output.mp4` },
    usage: { total_seconds: job.seconds, input_seconds: 0, output_seconds: job.seconds },
  };
}
