import { join } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import type { Context, Hono } from 'hono';
import { extractLastFrame } from '../../../media/last-frame.ts';
import { checkPrompt } from '../../core/content-policy.ts';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { acceptableWebhookUrl, deliverJobWebhook, whenTerminal } from '../provider-common/job-webhooks.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { WireError, wireErrorHandler } from '../provider-common/wire-error.ts';

export const BYTEDANCE_FACE = 'bytedance';
const PREFIX = '/bytedance';

interface SeedanceModel {
  minSeconds: number;
  maxSeconds: number;
  resolutions: readonly string[];
  tierFactor: number;
  audio: boolean;
  /** `role: reference_image` parts: documented for the 1.0 Lite image-to-video model only. */
  referenceImages?: boolean;
}

export const SEEDANCE_MODELS: Readonly<Record<string, SeedanceModel>> = {
  'seedance-1-0-pro-250528': {
    minSeconds: 2,
    maxSeconds: 12,
    resolutions: ['480p', '720p', '1080p'],
    tierFactor: 1,
    audio: false,
  },
  'seedance-1-0-pro-fast-251015': {
    minSeconds: 2,
    maxSeconds: 12,
    resolutions: ['480p', '720p', '1080p'],
    tierFactor: 0.6,
    audio: false,
  },
  'seedance-1-0-lite-t2v-250428': {
    minSeconds: 2,
    maxSeconds: 12,
    resolutions: ['480p', '720p'],
    tierFactor: 0.6,
    audio: false,
  },
  'seedance-1-0-lite-i2v-250428': {
    minSeconds: 2,
    maxSeconds: 12,
    resolutions: ['480p', '720p'],
    tierFactor: 0.6,
    audio: false,
    referenceImages: true,
  },
  'seedance-1-5-pro-251215': {
    minSeconds: 4,
    maxSeconds: 12,
    resolutions: ['480p', '720p', '1080p'],
    tierFactor: 1.1,
    audio: true,
  },
};

/** Seedance output sizes by resolution and ratio (ModelArk's table). */
export const SEEDANCE_SIZES: Readonly<Record<string, Readonly<Record<string, [number, number]>>>> = {
  '480p': {
    '16:9': [864, 480],
    '4:3': [736, 544],
    '1:1': [640, 640],
    '3:4': [544, 736],
    '9:16': [480, 864],
    '21:9': [960, 416],
  },
  '720p': {
    '16:9': [1248, 704],
    '4:3': [1120, 832],
    '1:1': [960, 960],
    '3:4': [832, 1120],
    '9:16': [704, 1248],
    '21:9': [1504, 640],
  },
  '1080p': {
    '16:9': [1920, 1088],
    '4:3': [1664, 1248],
    '1:1': [1440, 1440],
    '3:4': [1248, 1664],
    '9:16': [1088, 1920],
    '21:9': [2176, 928],
  },
};

const fail = (
  status: number,
  code: string,
  message: string,
  type = 'BadRequest',
  param: string | null = null,
) => new WireError(status, { error: { code, message, param, type } });

export const bytedanceFace: EmulatorFace = {
  name: BYTEDANCE_FACE,
  prefix: PREFIX,
  // ModelArk documents no deduplication of generation tasks.
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(
      wireErrorHandler(BYTEDANCE_FACE, (_status, message, kind) => ({
        error: {
          code:
            kind === 'auth'
              ? 'AuthenticationError'
              : kind === 'rate_limit'
                ? 'RateLimitExceeded.EndpointRPMExceeded'
                : kind === 'server'
                  ? 'InternalServiceError'
                  : kind === 'not_found'
                    ? 'ResourceNotFound'
                    : 'InvalidParameter',
          message,
          param: null,
          type: kind === 'server' ? 'InternalServerError' : kind === 'auth' ? 'Unauthorized' : 'BadRequest',
        },
      })),
    );
    app.get('/files/:jobId/last_frame.png', (c) => lastFrame(c, core, c.req.param('jobId')));
    app.get('/files/:jobId/:name', (c) =>
      serveResultFile(c, core, BYTEDANCE_FACE, c.req.param('jobId'), () =>
        c.body('<Error><Code>NoSuchKey</Code></Error>', 404, { 'content-type': 'application/xml' }),
      ),
    );
    app.use('/api/*', async (c, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match || !core.acceptsKey(match[1]))
        throw fail(
          401,
          'AuthenticationError',
          'the API key in the request is missing or invalid',
          'Unauthorized',
        );
      await next();
    });
    app.post('/api/v3/contents/generations/tasks', (c) => create(c, core));
    app.get('/api/v3/contents/generations/tasks/:id', (c) =>
      c.json(taskOf(core, jobOf(core, c.req.param('id')))),
    );
    app.delete('/api/v3/contents/generations/tasks/:id', (c) => {
      const job = jobOf(core, c.req.param('id'));
      if (core.snapshot(job).status !== 'queued')
        throw fail(400, 'InvalidAction.TaskNotCancellable', 'only queued tasks can be cancelled');
      job.attributes.cancelled = true;
      job.deleted = true;
      core.jobs.save(job);
      return c.json({});
    });
  },
};

function jobOf(core: EmulatorCore, id: string): EmulatorJob {
  const job = core.jobs.get(BYTEDANCE_FACE, id);
  if (!job) throw fail(404, 'ResourceNotFound', `the task ${id.slice(0, 64)} does not exist`, 'NotFound');
  return job;
}

async function create(c: Context, core: EmulatorCore): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(BYTEDANCE_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(BYTEDANCE_FACE, idempotencyKey);
  if (replay) return c.json({ id: replay.id });
  const modelId = typeof body.model === 'string' ? body.model : '';
  const model = SEEDANCE_MODELS[modelId];
  if (!model)
    throw fail(
      404,
      'InvalidEndpointOrModel.NotFound',
      `the model ${modelId.slice(0, 64)} does not exist`,
      'NotFound',
    );
  const content = Array.isArray(body.content) ? (body.content as Array<Record<string, unknown>>) : [];
  const text = content.find((part) => part.type === 'text')?.text;
  const prompt = typeof text === 'string' ? text : '';
  const images = content.filter((part) => part.type === 'image_url');
  const urlOf = (part: Record<string, unknown> | undefined) =>
    (part?.image_url as { url?: string } | undefined)?.url;
  const firstFrame = urlOf(images.find((part) => part.role === 'first_frame' || part.role === undefined));
  const lastFrameUrl = urlOf(images.find((part) => part.role === 'last_frame'));
  const references = images
    .filter((part) => part.role === 'reference_image')
    .map(urlOf)
    .filter((u): u is string => !!u);
  // ModelArk documents reference images (1-4) for the Lite image-to-video model alone; the
  // face refuses them elsewhere rather than quietly using them.
  if (references.length > 0 && !model.referenceImages)
    throw fail(
      400,
      'InvalidParameter',
      `the model ${modelId} does not support reference_image content`,
      'BadRequest',
      'content',
    );
  if (references.length > 4)
    throw fail(
      400,
      'InvalidParameter',
      'content may contain at most 4 reference images',
      'BadRequest',
      'content',
    );
  if (prompt.trim() === '' && !firstFrame)
    throw fail(400, 'MissingParameter', 'content must contain a text or an image', 'BadRequest', 'content');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, BYTEDANCE_FACE, prompt, headerFaults);
  const resolution = typeof body.resolution === 'string' ? body.resolution : '1080p';
  if (!model.resolutions.includes(resolution))
    throw fail(
      400,
      'InvalidParameter',
      `resolution must be one of ${model.resolutions.join(', ')}`,
      'BadRequest',
      'resolution',
    );
  const duration = body.duration ?? 5;
  if (
    typeof duration !== 'number' ||
    !Number.isInteger(duration) ||
    duration < model.minSeconds ||
    duration > model.maxSeconds
  )
    throw fail(
      400,
      'InvalidParameter',
      `duration must be an integer from ${model.minSeconds} to ${model.maxSeconds}`,
      'BadRequest',
      'duration',
    );
  if (checkPrompt(prompt))
    throw fail(
      400,
      'InputTextSensitiveContentDetected',
      'The request failed because the input text may contain sensitive information.',
    );
  const inspected = await inspectInputs({ firstFrame, lastFrame: lastFrameUrl, references }, core.fetch);
  if (inspected.refusal)
    throw fail(
      400,
      'InputImageSensitiveContentDetected',
      'The request failed because the input image may contain sensitive information.',
    );
  const ratio =
    typeof body.ratio === 'string' && body.ratio !== 'adaptive'
      ? body.ratio
      : inspected.firstFrameSize
        ? nearestRatio(inspected.firstFrameSize.width / inspected.firstFrameSize.height)
        : '16:9';
  const size = SEEDANCE_SIZES[resolution]?.[ratio];
  if (!size)
    throw fail(
      400,
      'InvalidParameter',
      `ratio ${String(ratio).slice(0, 16)} is not supported`,
      'BadRequest',
      'ratio',
    );
  const callbackUrl = typeof body.callback_url === 'string' ? body.callback_url : undefined;
  if (callbackUrl && !acceptableWebhookUrl(callbackUrl))
    throw fail(400, 'InvalidParameter', 'callback_url is not reachable', 'BadRequest', 'callback_url');
  const job = core.createJob({
    face: BYTEDANCE_FACE,
    idPrefix: 'cgt-',
    model: modelId,
    prompt,
    width: size[0],
    height: size[1],
    seconds: duration,
    tierFactor: model.tierFactor,
    idempotencyKey,
    headerFaults,
    refusal: null,
    attributes: {
      origin: ownOrigin(c),
      received: inspected.received,
      resolution,
      ratio,
      returnLastFrame: body.return_last_frame === true,
    },
    webhookEvent: () => null,
  });
  if (callbackUrl)
    whenTerminal(core, job, () => {
      const task = taskOf(core, job);
      void deliverJobWebhook(core, {
        url: callbackUrl,
        eventId: `${job.id}-${String(task.status)}`,
        type: `task.${String(task.status)}`,
        jobId: job.id,
        body: JSON.stringify(task),
        headers: () => ({}),
      });
    });
  if (core.failsAfterCreate(BYTEDANCE_FACE, prompt, headerFaults))
    throw fail(
      500,
      'InternalServiceError',
      'the service encountered an unexpected internal error',
      'InternalServerError',
    );
  return c.json({ id: job.id });
}

function nearestRatio(ratio: number): string {
  const options: Array<[string, number]> = [
    ['16:9', 16 / 9],
    ['4:3', 4 / 3],
    ['1:1', 1],
    ['3:4', 3 / 4],
    ['9:16', 9 / 16],
    ['21:9', 21 / 9],
  ];
  return options.reduce((best, option) =>
    Math.abs(option[1] - ratio) < Math.abs(best[1] - ratio) ? option : best,
  )[0];
}

function taskOf(core: EmulatorCore, job: EmulatorJob): Record<string, unknown> {
  const snapshot = core.snapshot(job);
  const base = {
    id: job.id,
    model: job.model,
    created_at: Math.floor(job.timeline.createdAtMs / 1000),
    updated_at: Math.floor(core.clock.now() / 1000),
    resolution: job.attributes.resolution,
    ratio: job.attributes.ratio,
    duration: job.seconds,
    framespersecond: 24,
  };
  if (job.attributes.cancelled) return { ...base, status: 'cancelled' };
  if (snapshot.status === 'queued') return { ...base, status: 'queued' };
  if (snapshot.status === 'in_progress') return { ...base, status: 'running' };
  if (job.failure) {
    const refused = job.failure.code === 'output_moderation' || job.failure.code === 'moderation_blocked';
    return {
      ...base,
      status: 'failed',
      error: refused
        ? {
            code: 'OutputVideoSensitiveContentDetected',
            message: 'The generated video may contain sensitive information.',
          }
        : { code: 'InternalServiceError', message: 'The service encountered an unexpected internal error.' },
    };
  }
  const files = `${job.attributes.origin as string}${PREFIX}/files/${job.id}`;
  const pixels = job.width * job.height;
  return {
    ...base,
    status: 'succeeded',
    content: {
      video_url: `${files}/video.mp4`,
      ...(job.attributes.returnLastFrame ? { last_frame_url: `${files}/last_frame.png` } : {}),
    },
    // Seedance bills tokens: (width x height x fps x seconds) / 1024.
    usage: {
      completion_tokens: Math.round((pixels * 24 * job.seconds) / 1024),
      total_tokens: Math.round((pixels * 24 * job.seconds) / 1024),
    },
  };
}

async function lastFrame(c: Context, core: EmulatorCore, id: string): Promise<Response> {
  const job = core.jobs.get(BYTEDANCE_FACE, id);
  const snapshot = job ? core.snapshot(job) : null;
  if (
    !job ||
    !snapshot ||
    snapshot.status !== 'completed' ||
    snapshot.expired ||
    !job.attributes.returnLastFrame
  )
    return c.body('<Error><Code>NoSuchKey</Code></Error>', 404, { 'content-type': 'application/xml' });
  const video = await core.media.ensure(
    { width: job.width, height: job.height, segments: job.segments, firstFrameImage: job.firstFrameImage },
    'video',
  );
  const outPath = join(core.media.rendersDir, `${job.id}-last.png`);
  if (!(await stat(outPath).catch(() => null)))
    await extractLastFrame({ videoPath: video.path, outPath, ffmpegPath: core.media.tools.ffmpeg() });
  const bytes = await readFile(outPath);
  return c.body(bytes, 200, { 'content-type': 'image/png', 'content-length': String(bytes.byteLength) });
}
