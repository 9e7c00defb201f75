/**
 * The Vertex AI face for Veo, under /vertex, with Google's OAuth token endpoint and Cloud
 * Storage downloads beside it:
 * - `POST /vertex/token` (where `https://oauth2.googleapis.com/token` is rewritten):
 *   a service-account JWT assertion (RS256, signed by the emulator's service account, see
 *   ./service-account.ts) is exchanged for a bearer token, as Google's token endpoint does;
 * - `POST /vertex/v1beta1/projects/{p}/locations/{l}/publishers/google/models/{m}:predictLongRunning`
 *   `{instances: [{prompt, image, lastFrame, referenceImages}], parameters: {aspectRatio,
 *   resolution, durationSeconds, sampleCount, storageUri, ...}}` answers `{name}` (the
 *   operation); `...:fetchPredictOperation` `{operationName}` answers the operation: running
 *   `{name}`, then `{name, done: true, response: {videos: [{bytesBase64Encoded | gcsUri,
 *   mimeType}]}}`, `{done: true, error: {code, message}}` on failure, or
 *   `raiMediaFilteredCount` / `raiMediaFilteredReasons` and no videos when the safety filter
 *   blocked it (support codes tell input from output refusals);
 * - with `parameters.storageUri` (`gs://bucket/prefix`) the videos are written to Cloud
 *   Storage and returned as `gcsUri`, downloadable at
 *   `/vertex/storage/download/storage/v1/b/{bucket}/o/{object}?alt=media` with the token;
 * - operations (and the inline bytes they carry) are gone after the result lifetime: 404.
 * Express mode (`x-goog-api-key`) is accepted too. No deduplication of requests.
 * Errors `{error: {code, message, status}}`.
 */
import { randomBytes, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Context, Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import { inspectInputs } from '../provider-common/received-inputs.ts';
import { headerFaultsOf, idempotencyKeyOf, readJsonObject } from '../provider-common/request.ts';
import { frameSize } from '../provider-common/sizes.ts';
import { WireError, wireErrorHandler } from '../provider-common/wire-error.ts';
import {
  EMULATOR_SERVICE_ACCOUNT,
  emulatorServiceAccountPublicKey,
} from '../../../shared/emulator-service-account.ts';

export const VERTEX_FACE = 'google-vertex';
const PREFIX = '/vertex';
const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';

/** Veo models on Vertex: allowed durations and resolutions. */
const MODELS: Readonly<Record<string, { durations: number[]; resolutions: string[]; tierFactor: number }>> = {
  'veo-3.1-generate-001': { durations: [4, 6, 8], resolutions: ['720p', '1080p'], tierFactor: 1.4 },
  'veo-3.1-fast-generate-001': { durations: [4, 6, 8], resolutions: ['720p', '1080p'], tierFactor: 0.7 },
  'veo-3.0-generate-001': { durations: [4, 6, 8], resolutions: ['720p', '1080p'], tierFactor: 1.3 },
  'veo-3.0-fast-generate-001': { durations: [4, 6, 8], resolutions: ['720p', '1080p'], tierFactor: 0.6 },
  'veo-2.0-generate-001': { durations: [5, 6, 7, 8], resolutions: ['720p'], tierFactor: 1 },
};

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const fail = (status: number, message: string) =>
  new WireError(status, { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } });

/** Safety-filter reasons as Vertex words them (the first code refers to the prompt, the second to the output). */
const INPUT_REASON =
  "The prompt could not be submitted. This prompt contains words that violate Vertex AI's usage guidelines. Support codes: 58061214";
const OUTPUT_REASON =
  "Unable to show generated videos. All videos were filtered out because they violated Vertex AI's Responsible AI practices. Support codes: 90789179";

export const vertexFace: EmulatorFace = {
  name: VERTEX_FACE,
  prefix: PREFIX,
  // Vertex documents no deduplication of predictLongRunning requests.
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    const tokens = new Set<string>();
    app.onError(
      wireErrorHandler(VERTEX_FACE, (status, message) => ({
        error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' },
      })),
    );
    app.post('/token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
        return c.json({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' }, 400);
      if (!validAssertion(form.get('assertion') ?? '', core.clock.now()))
        return c.json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, 400);
      const token = `ya29.emulator-${randomBytes(24).toString('hex')}`;
      tokens.add(token);
      return c.json({ access_token: token, expires_in: 3599, token_type: 'Bearer' });
    });
    const authorize = async (c: Context, next: () => Promise<void>) => {
      const apiKey = c.req.header('x-goog-api-key');
      const bearer = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim())?.[1];
      if (apiKey !== undefined ? !core.acceptsKey(apiKey) : !bearer || !tokens.has(bearer))
        throw fail(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
      await next();
    };
    app.use('/v1beta1/*', authorize);
    app.use('/v1/*', authorize);
    app.use('/storage/*', authorize);
    app.get('/storage/download/storage/v1/b/:bucket/o/:object', (c) => {
      const object = decodeURIComponent(c.req.param('object'));
      const id = /([^/]+)\/sample_0\.mp4$/.exec(object)?.[1] ?? '';
      const job = core.jobs.get(VERTEX_FACE, id);
      if (!job || core.snapshot(job).status !== 'completed' || core.snapshot(job).expired)
        throw fail(404, `No such object: ${c.req.param('bucket')}/${object.slice(0, 100)}`);
      return core.serveContent(c, job, 'video');
    });
    app.post('*', async (c) => {
      const match = /\/models\/([^/:]+):(predictLongRunning|fetchPredictOperation)$/.exec(c.req.path);
      if (!match) throw fail(404, `Unknown route ${c.req.path.slice(0, 100)}`);
      return match[2] === 'predictLongRunning'
        ? start(c, core, match[1]!, c.req.path.slice(PREFIX.length).replace(/:predictLongRunning$/, ''))
        : c.json(await operationBody(core, await readJsonObject(c)));
    });
  },
};

function validAssertion(assertion: string, nowMs: number): boolean {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature) return false;
  try {
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      emulatorServiceAccountPublicKey(),
      Buffer.from(signature, 'base64url'),
    );
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return (
      ok &&
      claims.iss === EMULATOR_SERVICE_ACCOUNT.client_email &&
      claims.aud === TOKEN_AUDIENCE &&
      typeof claims.exp === 'number' &&
      claims.exp * 1000 > nowMs - 60_000
    );
  } catch {
    return false;
  }
}

async function start(c: Context, core: EmulatorCore, modelId: string, modelPath: string): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(VERTEX_FACE, idempotencyKey);
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(VERTEX_FACE, idempotencyKey);
  if (replay) return c.json({ name: replay.attributes.name });
  const model = MODELS[modelId];
  if (!model)
    throw fail(
      404,
      `Publisher Model \`${modelId.slice(0, 64)}\` was not found or your project does not have access to it.`,
    );
  const instance = ((body.instances as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
  const parameters = (body.parameters ?? {}) as Record<string, unknown>;
  const prompt = typeof instance.prompt === 'string' ? instance.prompt : '';
  const imageData = (value: unknown) => {
    const image = value as { bytesBase64Encoded?: string; gcsUri?: string } | undefined;
    if (image?.gcsUri) throw fail(400, 'The emulator cannot read gs:// inputs; send bytesBase64Encoded.');
    return image?.bytesBase64Encoded;
  };
  const references = Array.isArray(instance.referenceImages)
    ? (instance.referenceImages as Array<{ image?: unknown }>)
        .map((item) => imageData(item.image))
        .filter((x): x is string => !!x)
    : [];
  const firstFrame = imageData(instance.image);
  if (!prompt && !firstFrame) throw fail(400, 'Either prompt or image must be provided.');
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, VERTEX_FACE, prompt, headerFaults);
  const duration = parameters.durationSeconds ?? 8;
  if (typeof duration !== 'number' || !model.durations.includes(duration))
    throw fail(
      400,
      `Unsupported output video duration ${String(duration).slice(0, 10)} seconds, supported durations are [${model.durations.join(',')}] for feature text_to_video.`,
    );
  const resolution = typeof parameters.resolution === 'string' ? parameters.resolution : '720p';
  if (!model.resolutions.includes(resolution))
    throw fail(400, `Unsupported resolution: ${resolution.slice(0, 10)}.`);
  const aspectRatio = typeof parameters.aspectRatio === 'string' ? parameters.aspectRatio : '16:9';
  if (aspectRatio !== '16:9' && aspectRatio !== '9:16')
    throw fail(400, `Unsupported aspect ratio: ${aspectRatio.slice(0, 10)}.`);
  const storageUri =
    typeof parameters.storageUri === 'string'
      ? parameters.storageUri
      : typeof parameters.gcsOutputDirectory === 'string'
        ? parameters.gcsOutputDirectory
        : undefined;
  if (storageUri !== undefined && !/^gs:\/\/[a-z0-9][a-z0-9._-]*(\/.*)?$/.test(storageUri))
    throw fail(400, 'storageUri must be a gs:// URI.');
  const inspected = await inspectInputs(
    { firstFrame, lastFrame: imageData(instance.lastFrame), references },
    core.fetch,
  );
  const { width, height } = frameSize(aspectRatio, resolution);
  const id = randomBytes(12).toString('hex');
  const job = core.createJob({
    face: VERTEX_FACE,
    idPrefix: '',
    model: modelId,
    prompt,
    width,
    height,
    seconds: duration,
    tierFactor: model.tierFactor,
    idempotencyKey,
    headerFaults,
    refusal: inspected.refusal,
    attributes: { received: inspected.received, storageUri: storageUri ?? null, operationId: id },
    webhookEvent: () => null,
  });
  job.attributes.name = `${modelPath.replace(/^\/v1(beta1)?\//, '')}/operations/${job.id}`;
  core.jobs.save(job);
  if (core.failsAfterCreate(VERTEX_FACE, prompt, headerFaults))
    throw fail(500, 'Internal error encountered.');
  return c.json({ name: job.attributes.name });
}

async function operationBody(
  core: EmulatorCore,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const name = typeof body.operationName === 'string' ? body.operationName : '';
  const id = name.split('/').pop() ?? '';
  const job = core.jobs.get(VERTEX_FACE, id);
  if (!job || job.attributes.name !== name) throw fail(404, `Operation ${name.slice(0, 200)} not found.`);
  const snapshot = core.snapshot(job);
  // Operations (and the inline video bytes they carry) are kept for the result lifetime only.
  if (snapshot.expired) throw fail(404, `Operation ${name.slice(0, 200)} not found.`);
  if (snapshot.status === 'queued' || snapshot.status === 'in_progress') return { name };
  const type = 'type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse';
  if (job.failure?.code === 'moderation_blocked' || job.failure?.code === 'output_moderation') {
    const reason = job.failure.code === 'moderation_blocked' ? INPUT_REASON : OUTPUT_REASON;
    return {
      name,
      done: true,
      response: { '@type': type, raiMediaFilteredCount: 1, raiMediaFilteredReasons: [reason] },
    };
  }
  if (job.failure) return { name, done: true, error: { code: 13, message: 'Internal error encountered.' } };
  const storageUri = job.attributes.storageUri as string | null;
  if (storageUri) {
    return {
      name,
      done: true,
      response: {
        '@type': type,
        videos: [
          { gcsUri: `${storageUri.replace(/\/+$/, '')}/${job.id}/sample_0.mp4`, mimeType: 'video/mp4' },
        ],
      },
    };
  }
  const file = await core.media.ensure(
    { width: job.width, height: job.height, segments: job.segments, firstFrameImage: job.firstFrameImage },
    'video',
  );
  const bytes = await readFile(file.path);
  job.downloads += 1;
  return {
    name,
    done: true,
    response: {
      '@type': type,
      videos: [{ bytesBase64Encoded: bytes.toString('base64'), mimeType: 'video/mp4' }],
    },
  };
}
