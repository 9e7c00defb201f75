/**
 * The Alibaba Cloud Model Studio (DashScope) face for Wan video, under /alibaba (so
 * `@ai-sdk/alibaba` takes `videoBaseURL: <emulator>/alibaba`):
 * - `POST /api/v1/services/aigc/video-generation/video-synthesis` (needs
 *   `X-DashScope-Async: enable`) answers `{output: {task_id, task_status: "PENDING"}, request_id}`;
 * - `GET /api/v1/tasks/{task_id}` answers `output.task_status` PENDING -> RUNNING ->
 *   SUCCEEDED (with `video_url`) | FAILED (with `code`, `message`) | CANCELED, and `usage`;
 * - `POST /api/v1/tasks/{task_id}/cancel` cancels a task that is still PENDING.
 * A prompt or image the content check refuses is answered at submission with 400
 * `DataInspectionFailed` ("Input data may contain inappropriate content."); a refused result
 * fails the task with the same code ("Output data may contain inappropriate content.").
 * Result URLs are signed links that stop working when they expire (403, as OSS answers).
 * Wan 2.6 takes `parameters.shot_type` ("single" | "multi"; other models: 400); with "multi"
 * and prompt expansion on (`prompt_extend`, default true) the video cuts between the shots the
 * prompt times (`Shot 1 [0-3s] ... Shot 2 [3-5s] ...`, covering the whole duration), else it is
 * one shot.
 * No per-task webhooks and no deduplication of submissions (DashScope documents neither).
 * Errors are `{request_id, code, message}`.
 */
import type { Context, Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { checkPrompt } from '../../core/content-policy.ts';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { frameSize } from '../provider-common/sizes.ts';
import { WireError, wireErrorHandler } from '../provider-common/wire-error.ts';
import { tierOfSize, WAN_MODELS, WAN_SIZES } from './models.ts';

export const ALIBABA_FACE = 'alibaba';
const PREFIX = '/alibaba';

const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  new WireError(status, { request_id: randomUUID(), code, message }, headers);

export const alibabaFace: EmulatorFace = {
  name: ALIBABA_FACE,
  prefix: PREFIX,
  // DashScope documents no deduplication of task submissions.
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(
      wireErrorHandler(ALIBABA_FACE, (status, message, kind) => ({
        request_id: randomUUID(),
        code:
          kind === 'rate_limit'
            ? 'Throttling.RateQuota'
            : kind === 'server'
              ? 'InternalError'
              : kind === 'auth'
                ? 'InvalidApiKey'
                : status === 404
                  ? 'NotFound'
                  : 'InvalidParameter',
        message,
      })),
    );
    app.get('/files/:jobId/:name', (c) =>
      serveResultFile(c, core, ALIBABA_FACE, c.req.param('jobId'), (reason) =>
        c.body(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${reason === 'expired' ? 'Request has expired.' : 'The specified key does not exist.'}</Message></Error>`,
          reason === 'expired' ? 403 : 404,
          { 'content-type': 'application/xml' },
        ),
      ),
    );
    app.use('/api/*', async (c, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match) throw fail(401, 'InvalidApiKey', 'No API-key provided.');
      if (!core.acceptsKey(match[1])) throw fail(401, 'InvalidApiKey', 'Invalid API-key provided.');
      await next();
    });
    app.post('/api/v1/services/aigc/video-generation/video-synthesis', (c) => submit(c, core));
    app.get('/api/v1/tasks/:id', (c) => c.json(taskBody(core, jobOf(core, c.req.param('id')))));
    app.post('/api/v1/tasks/:id/cancel', (c) => {
      const job = jobOf(core, c.req.param('id'));
      if (core.snapshot(job).status !== 'queued')
        throw fail(400, 'UnsupportedOperation', 'Only tasks in PENDING status can be canceled.');
      job.deleted = true;
      job.attributes.canceled = true;
      core.jobs.save(job);
      return c.json({ request_id: randomUUID() });
    });
  },
};

function jobOf(core: EmulatorCore, id: string): EmulatorJob {
  const job = core.jobs.get(ALIBABA_FACE, id);
  if (!job) throw fail(404, 'NotFound', `Task ${id.slice(0, 64)} not found.`);
  return job;
}

async function submit(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(ALIBABA_FACE, idempotencyKey);
  if ((c.req.header('x-dashscope-async') ?? '').toLowerCase() !== 'enable')
    throw fail(403, 'AccessDenied', 'current user api does not support synchronous calls');
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(ALIBABA_FACE, idempotencyKey);
  if (replay)
    return c.json({ request_id: randomUUID(), output: { task_id: replay.id, task_status: 'PENDING' } });
  const modelId = typeof body.model === 'string' ? body.model : '';
  const model = WAN_MODELS[modelId];
  if (!model) throw fail(400, 'InvalidParameter', `Model not exist: ${modelId.slice(0, 64)}`);
  const input = (body.input ?? {}) as Record<string, unknown>;
  const parameters = (body.parameters ?? {}) as Record<string, unknown>;
  const prompt = typeof input.prompt === 'string' ? input.prompt : '';
  if (model.mode === 't2v' && prompt.trim() === '')
    throw fail(400, 'InvalidParameter', 'Field required: input.prompt');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, ALIBABA_FACE, prompt, headerFaults);
  const duration = parameters.duration ?? 5;
  if (typeof duration !== 'number' || !model.durations.includes(duration))
    throw fail(400, 'InvalidParameter', `duration must be one of ${model.durations.join(', ')}.`);
  if (parameters.shot_type !== undefined) {
    if (!model.multiShot) throw fail(400, 'InvalidParameter', `shot_type is not supported by ${modelId}.`);
    if (parameters.shot_type !== 'single' && parameters.shot_type !== 'multi')
      throw fail(400, 'InvalidParameter', 'shot_type must be one of single, multi.');
  }
  const shots =
    parameters.shot_type === 'multi' && parameters.prompt_extend !== false
      ? timedShots(prompt, duration)
      : null;
  const media = Array.isArray(input.media) ? (input.media as Array<{ type?: string; url?: string }>) : [];
  const firstFrame =
    typeof input.img_url === 'string' ? input.img_url : media.find((m) => m.type === 'first_frame')?.url;
  const references = [
    ...(Array.isArray(input.reference_urls) ? (input.reference_urls as string[]) : []),
    ...media.filter((m) => m.type === 'reference_image' && m.url).map((m) => m.url as string),
  ];
  if (model.mode === 'i2v' && !firstFrame)
    throw fail(400, 'InvalidParameter', 'Field required: input.img_url');
  const inspected = await inspectInputs({ firstFrame, references }, core.fetch);
  const { width, height } = sizeOf(model.mode, model.tiers, parameters, inspected.firstFrameSize);
  if (inspected.refusal || checkPrompt(prompt))
    throw fail(400, 'DataInspectionFailed', 'Input data may contain inappropriate content.');
  const job = core.createJob({
    face: ALIBABA_FACE,
    idPrefix: '',
    model: modelId,
    prompt,
    width,
    height,
    seconds: duration,
    ...(shots ? { segments: shots } : {}),
    tierFactor: model.tierFactor,
    idempotencyKey,
    headerFaults,
    attributes: {
      origin: ownOrigin(c),
      received: inspected.received,
      ...(parameters.shot_type ? { shotType: parameters.shot_type } : {}),
    },
    webhookEvent: () => null,
  });
  if (core.failsAfterCreate(ALIBABA_FACE, prompt, headerFaults))
    throw fail(500, 'InternalError', 'An internal error has occured, please try again later.');
  return c.json({ request_id: randomUUID(), output: { task_id: job.id, task_status: 'PENDING' } });
}

/** The shots a multi-shot prompt times, when they cover the duration in order; else null (one shot). */
function timedShots(prompt: string, duration: number): Array<{ seconds: number; text: string }> | null {
  const pattern = /Shot\s+\d+\s*\[(\d+)-(\d+)s\]\s*([\s\S]*?)(?=Shot\s+\d+\s*\[|$)/g;
  const shots: Array<{ seconds: number; text: string }> = [];
  let at = 0;
  for (const match of prompt.matchAll(pattern)) {
    const from = Number(match[1]);
    const to = Number(match[2]);
    if (from !== at || to <= from) return null;
    shots.push({ seconds: to - from, text: (match[3] ?? '').trim() });
    at = to;
  }
  return shots.length > 1 && at === duration ? shots : null;
}

function sizeOf(
  mode: string,
  tiers: readonly string[],
  parameters: Record<string, unknown>,
  image: { width: number; height: number } | null,
): { width: number; height: number } {
  if (typeof parameters.size === 'string') {
    const tier = tierOfSize(parameters.size);
    if (!tier || !tiers.includes(tier))
      throw fail(
        400,
        'InvalidParameter',
        `size must be one of ${tiers.flatMap((t) => WAN_SIZES[t] ?? []).join(', ')}.`,
      );
    const [w, h] = parameters.size.split('*').map(Number) as [number, number];
    return { width: w, height: h };
  }
  const tier = typeof parameters.resolution === 'string' ? parameters.resolution : (tiers[0] ?? '720P');
  if (!tiers.includes(tier))
    throw fail(400, 'InvalidParameter', `resolution must be one of ${tiers.join(', ')}.`);
  const ratio =
    typeof parameters.ratio === 'string'
      ? parameters.ratio
      : mode === 'i2v' && image
        ? image.width >= image.height
          ? image.width === image.height
            ? '1:1'
            : '16:9'
          : '9:16'
        : '16:9';
  return frameSize(ratio, tier.toLowerCase());
}

function taskBody(core: EmulatorCore, job: EmulatorJob): Record<string, unknown> {
  const snapshot = core.snapshot(job);
  const times = {
    submit_time: stamp(job.timeline.createdAtMs),
    ...(snapshot.status !== 'queued' ? { scheduled_time: stamp(job.timeline.startAtMs) } : {}),
  };
  const base = { request_id: randomUUID() };
  if (job.attributes.canceled)
    return { ...base, output: { task_id: job.id, task_status: 'CANCELED', ...times } };
  if (snapshot.status === 'queued')
    return { ...base, output: { task_id: job.id, task_status: 'PENDING', ...times } };
  if (snapshot.status === 'in_progress')
    return { ...base, output: { task_id: job.id, task_status: 'RUNNING', ...times } };
  const end = { end_time: stamp(snapshot.completedAtMs ?? core.clock.now()) };
  if (snapshot.status === 'failed' || job.failure) {
    const refused = job.failure?.code === 'output_moderation' || job.failure?.code === 'moderation_blocked';
    return {
      ...base,
      output: {
        task_id: job.id,
        task_status: 'FAILED',
        ...times,
        ...end,
        code: refused ? 'DataInspectionFailed' : 'InternalError',
        message: refused
          ? 'Output data may contain inappropriate content.'
          : 'An internal error has occured, please try again later.',
      },
    };
  }
  return {
    ...base,
    output: {
      task_id: job.id,
      task_status: 'SUCCEEDED',
      ...times,
      ...end,
      orig_prompt: job.prompt,
      video_url: `${job.attributes.origin as string}${PREFIX}/files/${job.id}/output.mp4`,
    },
    usage: {
      duration: job.seconds,
      output_video_duration: job.seconds,
      SR: Math.min(job.width, job.height),
      size: `${job.width}*${job.height}`,
    },
  };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
