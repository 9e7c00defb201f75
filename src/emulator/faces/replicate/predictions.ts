/**
 * Replicate predictions: `POST /v1/models/{owner}/{name}/predictions` (or `/v1/predictions`
 * with a `version`) creates one; `GET /v1/predictions/{id}` reports starting -> processing ->
 * succeeded | failed | canceled with `logs` (progress lines), `output` (a file URL that
 * expires: afterwards `data_removed` is true and output null), `error` and `metrics`;
 * `POST /v1/predictions/{id}/cancel` cancels; a `webhook` gets the prediction when it ends,
 * signed the Standard Webhooks way with the account's secret from
 * `GET /v1/webhooks/default/secret`.
 */
import type { Context } from 'hono';
import type { Webhook } from 'standardwebhooks';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { inspectImageInput } from '../provider-common/image-input.ts';
import { acceptableWebhookUrl, deliverJobWebhook } from '../provider-common/job-webhooks.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { frameSize, parseSeconds } from '../provider-common/sizes.ts';
import { invalidInput, notFound, ReplicateApiError } from './errors.ts';
import { REPLICATE_MODELS, replicateModelSpec } from './models.ts';

export const REPLICATE_FACE = 'replicate';
export const REPLICATE_PREFIX = '/replicate';
/** The emulator's webhook signing secret (what `GET /v1/webhooks/default/secret` returns). */
export const REPLICATE_EMULATOR_WEBHOOK_SECRET = `whsec_${Buffer.from('reelgate-emulator-replicate-hook!').toString('base64')}`;
export const SENSITIVE_CONTENT_ERROR =
  'The input or output was flagged as sensitive. Please try again with different inputs. (E005)';
export const INTERRUPTED_ERROR = 'Prediction interrupted; please retry (code: PA)';

interface PredictionAttributes {
  origin: string;
  version: string;
  input: Record<string, unknown>;
  webhook?: string;
  events?: string[];
  canceled?: boolean;
  webhookSent?: boolean;
}

function attributesOf(job: EmulatorJob): PredictionAttributes {
  return job.attributes as unknown as PredictionAttributes;
}

export async function createPrediction(
  c: Context,
  core: EmulatorCore,
  modelName: string | null,
): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(REPLICATE_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(REPLICATE_FACE, idempotencyKey);
  if (replay) return c.json(predictionJson(core, replay), 201);
  let model = modelName;
  let version: string | undefined;
  if (model === null) {
    if (typeof body.version !== 'string' || body.version === '') {
      throw new ReplicateApiError(
        422,
        'Invalid version or not permitted',
        "The specified version does not exist (or perhaps you don't have permission to use it?)",
      );
    }
    const [owner, hash] = body.version.includes(':') ? body.version.split(':') : [undefined, body.version];
    const known = Object.entries(REPLICATE_MODELS).find(
      ([name, spec]) => name === owner || spec.version === hash,
    );
    model = known?.[0] ?? owner ?? 'community/model';
    version = hash;
  }
  const spec = replicateModelSpec(model);
  version ??= spec.version;
  const input = body.input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ReplicateApiError(
      422,
      'Input validation failed',
      '- input: Invalid type. Expected: object, given: ' + typeof input,
    );
  }
  const fields = input as Record<string, unknown>;
  const prompt = fields.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw invalidInput('prompt', 'prompt is required', 'required');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, REPLICATE_FACE, prompt, headerFaults);

  let seconds = spec.defaultDuration;
  if (fields.duration !== undefined && fields.duration !== null) {
    const parsed = parseSeconds(fields.duration);
    const ok =
      parsed !== undefined &&
      (spec.durations.length === 0 ? parsed >= 1 && parsed <= 20 : spec.durations.includes(parsed));
    if (!ok) {
      throw invalidInput(
        'duration',
        spec.durations.length === 0
          ? 'Must be between 1 and 20'
          : `duration must be one of the following: ${spec.durations.join(', ')}`,
        'enum',
      );
    }
    seconds = parsed;
  }
  const aspectRatio = enumInput(fields, 'aspect_ratio', spec.aspectRatios, spec.defaultAspectRatio);
  let { width, height } = frameSize(
    aspectRatio,
    enumInput(fields, 'resolution', spec.resolutions, spec.defaultResolution),
  );
  if (typeof fields.size === 'string') {
    const match = /^(\d{2,4})[x*](\d{2,4})$/.exec(fields.size);
    if (!match) throw invalidInput('size', 'size must look like 1280x720', 'format');
    width = Number(match[1]) - (Number(match[1]) % 2);
    height = Number(match[2]) - (Number(match[2]) % 2);
  }
  let refusal = null;
  for (const field of spec.imageFields) {
    const value = fields[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalidInput(field, `${field} must be a URI`, 'format');
    refusal = (await inspectImageInput(value, core.fetch)).refusal ?? refusal;
  }
  const webhook = body.webhook;
  if (webhook !== undefined && (typeof webhook !== 'string' || !acceptableWebhookUrl(webhook))) {
    throw new ReplicateApiError(
      422,
      'Invalid webhook',
      'The emulator only calls back loopback http(s) webhook URLs.',
    );
  }
  const events = Array.isArray(body.webhook_events_filter)
    ? body.webhook_events_filter.filter((item): item is string => typeof item === 'string')
    : undefined;
  const attributes: PredictionAttributes = {
    origin: ownOrigin(c),
    version,
    input: fields,
    ...(typeof webhook === 'string' ? { webhook } : {}),
    ...(events ? { events } : {}),
  };
  const job = core.createJob({
    face: REPLICATE_FACE,
    idPrefix: '',
    model,
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
  if (core.failsAfterCreate(REPLICATE_FACE, prompt, headerFaults)) {
    throw new ReplicateApiError(
      500,
      'Internal server error',
      'An unexpected error occurred (emulated fault after the prediction was created).',
    );
  }
  return c.json(predictionJson(core, job), 201);
}

function enumInput(
  fields: Record<string, unknown>,
  field: string,
  allowed: readonly string[],
  fallback: string,
): string {
  const value = fields[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw invalidInput(
      field,
      `${field} must be one of the following: ${allowed.map((item) => `"${item}"`).join(', ')}`,
      'enum',
    );
  }
  return value;
}

export function findPrediction(core: EmulatorCore, id: string): EmulatorJob {
  const job = core.jobs.get(REPLICATE_FACE, id);
  if (!job) throw notFound();
  return job;
}

export function predictionJson(core: EmulatorCore, job: EmulatorJob) {
  const attributes = attributesOf(job);
  const snapshot = core.snapshot(job);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const base = `${attributes.origin}${REPLICATE_PREFIX}/v1/predictions/${job.id}`;
  let status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' = 'starting';
  if (snapshot.status === 'in_progress') status = 'processing';
  else if (snapshot.status === 'completed') status = 'succeeded';
  else if (snapshot.status === 'failed') status = attributes.canceled ? 'canceled' : 'failed';
  const started = snapshot.status !== 'queued';
  const finished = snapshot.status === 'completed' || snapshot.status === 'failed';
  const expired = snapshot.expired;
  let error: string | null = null;
  if (status === 'failed')
    error =
      job.failure?.code === 'moderation_blocked' || job.failure?.code === 'output_moderation'
        ? SENSITIVE_CONTENT_ERROR
        : INTERRUPTED_ERROR;
  // An output refusal comes after the whole render: the logs show it reaching 100 %.
  const renderedAll = status === 'succeeded' || job.failure?.code === 'output_moderation';
  const logs = started ? progressLogs(finished && renderedAll ? 100 : snapshot.progress) : '';
  return {
    id: job.id,
    model: job.model,
    version: attributes.version,
    input: attributes.input,
    logs,
    output:
      status === 'succeeded' && !expired
        ? `${attributes.origin}${REPLICATE_PREFIX}/delivery/${job.id}/output.mp4`
        : null,
    data_removed: expired,
    error,
    status,
    source: 'api',
    created_at: iso(job.timeline.createdAtMs),
    started_at: started ? iso(job.timeline.startAtMs) : null,
    completed_at: finished ? iso(snapshot.completedAtMs) : null,
    urls: {
      cancel: `${base}/cancel`,
      get: base,
      stream: `${base}/stream`,
      web: `https://replicate.com/p/${job.id}`,
    },
    metrics: finished
      ? {
          predict_time: ((snapshot.completedAtMs ?? job.timeline.startAtMs) - job.timeline.startAtMs) / 1000,
          total_time:
            ((snapshot.completedAtMs ?? job.timeline.createdAtMs) - job.timeline.createdAtMs) / 1000,
        }
      : {},
  };
}

/** Replicate models print tqdm-style progress lines; clients parse the last percentage. */
function progressLogs(progress: number): string {
  const lines = ['Starting video generation...'];
  for (const step of [10, 25, 50, 75, 100]) {
    if (step > progress) break;
    lines.push(`${String(step).padStart(3)}%|${'█'.repeat(step / 10).padEnd(10)}| ${step}/100`);
  }
  if (progress > 0 && progress < 100 && progress % 25 !== 0)
    lines.push(
      `${String(progress).padStart(3)}%|${'█'.repeat(Math.floor(progress / 10)).padEnd(10)}| ${progress}/100`,
    );
  return `${lines.join('\n')}\n`;
}

export function cancelPrediction(core: EmulatorCore, job: EmulatorJob): void {
  const snapshot = core.snapshot(job);
  if (snapshot.status === 'completed' || snapshot.status === 'failed') return;
  attributesOf(job).canceled = true;
  job.failure = { code: 'canceled', message: 'Prediction was canceled.' };
  job.timeline.outcome = 'failed';
  job.timeline.terminalAtMs = core.clock.now();
  core.jobs.save(job);
}

/** Sends the `completed` webhook for a finished prediction, once. */
export function sendPredictionWebhook(core: EmulatorCore, signer: Webhook, job: EmulatorJob): void {
  const attributes = attributesOf(job);
  if (!attributes.webhook || attributes.webhookSent) return;
  if (attributes.events && !attributes.events.includes('completed')) return;
  attributes.webhookSent = true;
  core.jobs.save(job);
  const body = JSON.stringify(predictionJson(core, job));
  const eventId = `msg_${core.newId('', 12)}`;
  void deliverJobWebhook(core, {
    url: attributes.webhook,
    eventId,
    type: 'prediction.completed',
    jobId: job.id,
    body,
    headers: (nowMs) => {
      const timestamp = new Date(nowMs);
      return {
        'webhook-id': eventId,
        'webhook-timestamp': String(Math.floor(nowMs / 1000)),
        'webhook-signature': signer.sign(eventId, timestamp, body),
      };
    },
  });
}
