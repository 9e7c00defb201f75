/**
 * fal's queue API: `POST /{endpoint}` submits, `GET /{app}/requests/{id}/status` reports
 * IN_QUEUE (with queue_position) / IN_PROGRESS / COMPLETED, `GET /{app}/requests/{id}` answers
 * the result (400 "Request is still in progress" before that; 422/500 model errors after a
 * failure), `PUT /{app}/requests/{id}/cancel` cancels. `{app}` is the endpoint's first two
 * path segments (`fal-ai/kling-video`), as fal's response URLs use it.
 */
import type { Context } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { acceptableWebhookUrl, deliverJobWebhook } from '../provider-common/job-webhooks.ts';
import { inspectImageInput } from '../provider-common/image-input.ts';
import {
  headerFaultsOf,
  idempotencyKeyOf,
  ownOrigin,
  publicOrigin,
  readJsonObject,
} from '../provider-common/request.ts';
import { resultFileUrl } from '../provider-common/result-files.ts';
import { frameSize, parseSeconds } from '../provider-common/sizes.ts';
import { falDetail, invalidField } from './errors.ts';
import { falModelSpec } from './models.ts';
import type { FalWebhookSigner } from './webhook-signing.ts';

export const FAL_FACE = 'fal';
export const FAL_PREFIX = '/fal';
const PROMPT_MAX = 5000;

export const CONTENT_POLICY_MESSAGE =
  'The content could not be processed because it contained material flagged by a content checker.';

interface FalJobAttributes {
  endpoint: string;
  /** The request's scalar inputs, as fal's request history shows them (`json_input`). */
  input?: Record<string, string | number | boolean>;
  app: string;
  queueBase: string;
  /** The emulator's own origin, for file URLs in webhooks (sent outside any request). */
  fileOrigin: string;
  webhookUrl?: string;
  canceled?: boolean;
  refusalField?: 'prompt' | 'image_url';
}

export function falAttributes(job: EmulatorJob): FalJobAttributes {
  return job.attributes as unknown as FalJobAttributes;
}

/** `fal-ai/kling-video/v2.1/...` -> `fal-ai/kling-video` */
export function appIdOf(endpoint: string): string {
  return endpoint.split('/').slice(0, 2).join('/');
}

function queueUrls(base: string, app: string, id: string) {
  const response = `${base}/${app}/requests/${id}`;
  return { response_url: response, status_url: `${response}/status`, cancel_url: `${response}/cancel` };
}

export async function submit(c: Context, core: EmulatorCore, endpoint: string): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(FAL_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(FAL_FACE, idempotencyKey);
  if (replay) return c.json(submitted(core, replay));

  const prompt = body.prompt;
  if (prompt === undefined || prompt === null) throw invalidField('prompt', 'Field required', 'missing');
  if (typeof prompt !== 'string')
    throw invalidField('prompt', 'Input should be a valid string', 'string_type', prompt);
  if (prompt.trim() === '')
    throw invalidField('prompt', 'String should have at least 1 character', 'string_too_short');
  if (prompt.length > PROMPT_MAX) {
    throw invalidField('prompt', `String should have at most ${PROMPT_MAX} characters`, 'string_too_long');
  }
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, FAL_FACE, prompt, headerFaults);

  const spec = falModelSpec(endpoint);
  let seconds = spec.defaultDuration;
  if (body.duration !== undefined && body.duration !== null) {
    const parsed = parseSeconds(body.duration);
    const allowed =
      spec.durations.length === 0
        ? parsed !== undefined && parsed >= 1 && parsed <= 20
        : spec.durations.includes(parsed ?? Number.NaN);
    if (parsed === undefined || !allowed) {
      const list =
        spec.durations.length === 0
          ? 'a number of seconds from 1 to 20'
          : spec.durations.map((value) => `'${value}'`).join(', ');
      throw invalidField('duration', `Input should be ${list}`, 'literal_error', body.duration);
    }
    seconds = parsed;
  }
  const aspectRatio = enumOption(body, 'aspect_ratio', spec.aspectRatios, spec.defaultAspectRatio);
  const resolution = enumOption(body, 'resolution', spec.resolutions, spec.defaultResolution);
  let refusal = null;
  let refusalField: FalJobAttributes['refusalField'];
  if (body.image_url !== undefined && body.image_url !== null) {
    if (typeof body.image_url !== 'string')
      throw invalidField('image_url', 'Input should be a valid string', 'string_type');
    const image = await inspectImageInput(body.image_url, core.fetch);
    refusal = image.refusal;
    if (refusal) refusalField = 'image_url';
  } else if (spec.requiresImage) {
    throw invalidField('image_url', 'Field required', 'missing');
  }
  const webhookUrl = c.req.query('fal_webhook');
  if (webhookUrl !== undefined && !acceptableWebhookUrl(webhookUrl)) {
    return falDetail(c, 400, 'Invalid webhook URL: the emulator only calls back loopback http(s) URLs.');
  }
  const { width, height } = frameSize(aspectRatio, resolution);
  const attributes: FalJobAttributes = {
    endpoint,
    input: scalarInputs(body),
    app: appIdOf(endpoint),
    queueBase: queueBaseOf(c),
    fileOrigin: ownOrigin(c),
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(refusalField ? { refusalField } : {}),
  };
  const job = core.createJob({
    face: FAL_FACE,
    idPrefix: '',
    model: endpoint,
    prompt,
    width,
    height,
    seconds,
    tierFactor: spec.tierFactor,
    idempotencyKey,
    headerFaults,
    refusal,
    attributes: attributes as unknown as Record<string, unknown>,
    webhookEvent: () => null,
  });
  if (core.failsAfterCreate(FAL_FACE, prompt, headerFaults)) {
    return falDetail(c, 500, 'Internal Server Error (emulated fault after the request was queued)');
  }
  return c.json(submitted(core, job));
}

/** The body's scalar fields (long strings such as data URIs left out). */
function scalarInputs(body: Record<string, unknown>): Record<string, string | number | boolean> {
  const input: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(body)) {
    if (
      (typeof value === 'string' && value.length <= 10_000) ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    )
      input[key] = value;
  }
  return input;
}

/**
 * Where this client reaches the queue: through an origin rewrite (forwarded headers) it is the
 * rewritten origin itself (`https://queue.fal.run`), directly it is the emulator plus `/fal`.
 */
function queueBaseOf(c: Context): string {
  const { origin, forwarded } = publicOrigin(c);
  return forwarded ? origin : origin + FAL_PREFIX;
}

function enumOption(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly string[],
  fallback: string,
): string {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw invalidField(
      field,
      `Input should be ${allowed.map((item) => `'${item}'`).join(', ')}`,
      'literal_error',
      value,
    );
  }
  return value;
}

function submitted(core: EmulatorCore, job: EmulatorJob) {
  const attributes = falAttributes(job);
  return {
    status: 'IN_QUEUE',
    request_id: job.id,
    ...queueUrls(attributes.queueBase, attributes.app, job.id),
    logs: null,
    metrics: {},
    queue_position: queuePosition(core, job),
  };
}

/** Jobs of the fal face still queued ahead of this one. */
function queuePosition(core: EmulatorCore, job: EmulatorJob): number {
  let ahead = 0;
  for (const other of core.jobs.list(FAL_FACE, 'asc')) {
    if (other.id === job.id) break;
    if (core.snapshot(other).status === 'queued' && !falAttributes(other).canceled) ahead += 1;
  }
  return ahead;
}

/** The job named by the URL, or a 404 Response. */
export function findJob(c: Context, core: EmulatorCore, app: string, id: string): EmulatorJob | Response {
  const job = core.jobs.get(FAL_FACE, id);
  if (!job || falAttributes(job).app !== app)
    return falDetail(c, 404, `Request '${id.slice(0, 100)}' not found`);
  return job;
}

export function status(c: Context, core: EmulatorCore, job: EmulatorJob): Response {
  const snapshot = core.snapshot(job);
  const attributes = falAttributes(job);
  const urls = queueUrls(attributes.queueBase, attributes.app, job.id);
  const withLogs = c.req.query('logs') === '1' || c.req.query('logs') === 'true';
  if (snapshot.status === 'queued') {
    return c.json({
      status: 'IN_QUEUE',
      request_id: job.id,
      queue_position: queuePosition(core, job),
      response_url: urls.response_url,
      logs: null,
    });
  }
  if (snapshot.status === 'in_progress') {
    const logs = withLogs
      ? [
          {
            message: `Generating video: ${snapshot.progress}%`,
            level: 'INFO',
            source: 'user',
            timestamp: new Date(core.clock.now()).toISOString(),
          },
        ]
      : null;
    return c.json({ status: 'IN_PROGRESS', request_id: job.id, response_url: urls.response_url, logs });
  }
  const failure = failureOf(job);
  return c.json({
    status: 'COMPLETED',
    request_id: job.id,
    response_url: urls.response_url,
    logs: withLogs ? [] : null,
    metrics: {
      inference_time: ((snapshot.completedAtMs ?? core.clock.now()) - job.timeline.startAtMs) / 1000,
    },
    ...(failure ? { error: failure.msg, error_type: failure.type } : {}),
  });
}

export function result(c: Context, core: EmulatorCore, job: EmulatorJob): Response {
  const snapshot = core.snapshot(job);
  if (snapshot.status === 'queued' || snapshot.status === 'in_progress') {
    return falDetail(c, 400, 'Request is still in progress');
  }
  const failure = failureOf(job);
  if (failure) {
    return c.json({ detail: [failure] }, failure.status as 422, {
      'x-fal-retryable': String(failure.retryable),
    });
  }
  return c.json(resultBody(c, job));
}

export function resultBody(c: Context, job: EmulatorJob) {
  return {
    video: { url: resultFileUrl(c, FAL_PREFIX, job), content_type: 'video/mp4', file_name: 'output.mp4' },
    seed: job.sequence * 7919,
  };
}

interface FalFailure {
  loc: string[];
  msg: string;
  type: string;
  url: string;
  status: number;
  retryable: boolean;
}

const OUTPUT_POLICY_MESSAGE =
  'The content could not be processed because the generated output was flagged by a content checker.';

export function failureOf(job: EmulatorJob): FalFailure | null {
  if (!job.failure) return null;
  if (job.failure.code === 'moderation_blocked') {
    return {
      loc: ['body', falAttributes(job).refusalField ?? 'prompt'],
      msg: CONTENT_POLICY_MESSAGE,
      type: 'content_policy_violation',
      url: 'https://docs.fal.ai/errors#content_policy_violation',
      status: 422,
      retryable: false,
    };
  }
  if (job.failure.code === 'output_moderation') {
    // The output check: no request field is at fault, so `loc` names none.
    return {
      loc: [],
      msg: OUTPUT_POLICY_MESSAGE,
      type: 'content_policy_violation',
      url: 'https://docs.fal.ai/errors#content_policy_violation',
      status: 422,
      retryable: false,
    };
  }
  if (job.failure.code === 'canceled') {
    return {
      loc: ['body'],
      msg: 'Request was cancelled.',
      type: 'request_cancelled',
      url: 'https://docs.fal.ai/errors',
      status: 400,
      retryable: false,
    };
  }
  return {
    loc: ['body'],
    msg: 'An unexpected error occurred while generating the video. Please try again.',
    type: 'internal_server_error',
    url: 'https://docs.fal.ai/errors#internal_server_error',
    status: 500,
    retryable: true,
  };
}

export function cancel(c: Context, core: EmulatorCore, job: EmulatorJob): Response {
  const snapshot = core.snapshot(job);
  if (snapshot.status === 'completed' || snapshot.status === 'failed')
    return c.json({ status: 'ALREADY_COMPLETED' }, 400);
  const now = core.clock.now();
  falAttributes(job).canceled = true;
  job.failure = { code: 'canceled', message: 'Request was cancelled.' };
  job.timeline.outcome = 'failed';
  job.timeline.terminalAtMs = now;
  core.jobs.save(job);
  return c.json({ status: 'CANCELLATION_REQUESTED' }, 202);
}

/** Sends the `fal_webhook` callback once the job ends (`status: OK | ERROR`, signed ED25519). */
export function sendWebhook(core: EmulatorCore, signer: FalWebhookSigner, job: EmulatorJob): void {
  const attributes = falAttributes(job);
  if (!attributes.webhookUrl || job.attributes.webhookSent) return;
  job.attributes.webhookSent = true;
  core.jobs.save(job);
  const failure = failureOf(job);
  const payload = failure
    ? { detail: [{ loc: failure.loc, msg: failure.msg, type: failure.type, url: failure.url }] }
    : {
        video: {
          url: `${attributes.fileOrigin}${FAL_PREFIX}/files/${job.id}/output.mp4`,
          content_type: 'video/mp4',
          file_name: 'output.mp4',
        },
        seed: job.sequence * 7919,
      };
  const body = JSON.stringify({
    request_id: job.id,
    gateway_request_id: job.id,
    status: failure ? 'ERROR' : 'OK',
    payload,
    ...(failure ? { error: `Invalid status code: ${failure.status}` } : {}),
  });
  void deliverJobWebhook(core, {
    url: attributes.webhookUrl,
    eventId: `fal_${job.id}`,
    type: failure ? 'fal.error' : 'fal.ok',
    jobId: job.id,
    body,
    headers: (nowMs) => signer.headers(job.id, body, nowMs),
  });
}
