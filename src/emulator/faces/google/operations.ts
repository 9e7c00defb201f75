/**
 * Veo through the Gemini API: `POST /v1beta/models/{model}:predictLongRunning` starts a
 * long-running operation `models/{model}/operations/{id}`; `GET /v1beta/{name}` answers it
 * (`done` absent while running; `response.generateVideoResponse.generatedSamples[].video.uri`
 * when done; `error` on failure; `raiMediaFilteredCount/Reasons` and no samples when the
 * safety filters blocked the result); the uri is `/v1beta/files/{id}:download?alt=media`,
 * which needs the API key like every other call.
 */
import type { Context } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { inspectImageInput } from '../provider-common/image-input.ts';
import { headerFaultsOf, idempotencyKeyOf, ownOrigin, readJsonObject } from '../provider-common/request.ts';
import { frameSize } from '../provider-common/sizes.ts';
import { GoogleApiError } from './errors.ts';
import { VEO_MODELS } from './models.ts';

export const GOOGLE_FACE = 'google';
export const GOOGLE_PREFIX = '/google';
const PROMPT_MAX = 4000;

/** Support code Google appends to safety-filter reasons (documented as opaque). */
/** Support code of a refused prompt or input image (the input side of the safety filters). */
const SAFETY_SUPPORT_CODE = '58061214';
/** Support code of a generated video the output check refused (`[[fault:output-refusal]]`). */
const OUTPUT_SAFETY_SUPPORT_CODE = '42237218';

function operationName(job: EmulatorJob): string {
  return `models/${job.model}/operations/${job.id}`;
}

function invalid(message: string): GoogleApiError {
  return new GoogleApiError(400, message);
}

export async function predictLongRunning(c: Context, core: EmulatorCore, model: string): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(GOOGLE_FACE, idempotencyKey);
  const spec = VEO_MODELS[model];
  if (!spec) {
    throw new GoogleApiError(
      404,
      `models/${model.slice(0, 100)} is not found for API version v1beta, or is not supported for predictLongRunning. Call ListModels to see the list of available models and their supported methods.`,
    );
  }
  const body = await readJsonObject(c);
  const replay = core.replayIdempotent(GOOGLE_FACE, idempotencyKey);
  if (replay) return c.json({ name: operationName(replay) });
  const instances = body.instances;
  if (
    !Array.isArray(instances) ||
    instances.length !== 1 ||
    typeof instances[0] !== 'object' ||
    instances[0] === null
  ) {
    throw invalid('instances must contain exactly one instance.');
  }
  const instance = instances[0] as Record<string, unknown>;
  const prompt = instance.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw invalid('A text prompt is required: instances[0].prompt.');
  if (prompt.length > PROMPT_MAX) throw invalid(`The prompt is too long (max ${PROMPT_MAX} characters).`);
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, GOOGLE_FACE, prompt, headerFaults);

  const parameters = (body.parameters ?? {}) as Record<string, unknown>;
  if (typeof parameters !== 'object' || Array.isArray(parameters))
    throw invalid('parameters must be an object.');
  const aspectRatio = parameters.aspectRatio ?? '16:9';
  if (typeof aspectRatio !== 'string' || !spec.aspectRatios.includes(aspectRatio)) {
    throw invalid(
      `Aspect ratio ${String(aspectRatio).slice(0, 20)} is not supported. Supported: ${spec.aspectRatios.join(', ')}.`,
    );
  }
  const resolution = parameters.resolution ?? '720p';
  if (typeof resolution !== 'string' || !spec.resolutions.includes(resolution)) {
    throw invalid(
      `Resolution ${String(resolution).slice(0, 20)} is not supported for ${model}. Supported: ${spec.resolutions.join(', ')}.`,
    );
  }
  const allowedDurations = spec.durationsByResolution?.[resolution] ?? spec.durations;
  const duration = parameters.durationSeconds ?? spec.defaultDuration;
  if (typeof duration !== 'number' || !allowedDurations.includes(duration)) {
    throw invalid(
      `The duration ${String(duration).slice(0, 20)} seconds is not supported for ${model} at ${resolution}. Supported durations: ${allowedDurations.join(', ')} seconds.`,
    );
  }
  const sampleCount = parameters.sampleCount ?? 1;
  if (typeof sampleCount !== 'number' || sampleCount < 1 || sampleCount > spec.maxSampleCount) {
    throw invalid(`sampleCount must be between 1 and ${spec.maxSampleCount} for ${model}.`);
  }
  let refusal = null;
  if (instance.image !== undefined && instance.image !== null) {
    const image = instance.image as Record<string, unknown>;
    if (typeof image.bytesBase64Encoded === 'string') {
      refusal = (await inspectImageInput(image.bytesBase64Encoded, core.fetch)).refusal;
    } else if (typeof image.gcsUri === 'string') {
      throw invalid('gcsUri images are not supported by the Gemini API; send bytesBase64Encoded.');
    } else {
      throw invalid('instances[0].image must have bytesBase64Encoded.');
    }
  }
  const { width, height } = frameSize(aspectRatio, resolution);
  const job = core.createJob({
    face: GOOGLE_FACE,
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
    attributes: { fileOrigin: ownOrigin(c), fileId: core.newId('', 12) },
    webhookEvent: () => null,
  });
  if (core.failsAfterCreate(GOOGLE_FACE, prompt, headerFaults)) {
    throw new GoogleApiError(
      500,
      'An internal error has occurred. (emulated fault after the operation was created)',
    );
  }
  return c.json({ name: operationName(job) });
}

export function getOperation(c: Context, core: EmulatorCore, model: string | null, id: string): Response {
  const job = core.jobs.get(GOOGLE_FACE, id);
  if (!job || (model !== null && job.model !== model)) {
    throw new GoogleApiError(404, `Operation ${id.slice(0, 100)} not found.`);
  }
  const snapshot = core.snapshot(job);
  const name = operationName(job);
  if (snapshot.status === 'queued' || snapshot.status === 'in_progress') return c.json({ name });
  if (job.failure?.code === 'moderation_blocked' || job.failure?.code === 'output_moderation') {
    const supportCode =
      job.failure.code === 'output_moderation' ? OUTPUT_SAFETY_SUPPORT_CODE : SAFETY_SUPPORT_CODE;
    return c.json({
      name,
      done: true,
      response: {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
        generateVideoResponse: {
          raiMediaFilteredCount: 1,
          raiMediaFilteredReasons: [
            `Unable to generate videos because the input or output was blocked by our safety filters. Support codes: ${supportCode}`,
          ],
        },
      },
    });
  }
  if (job.failure) {
    return c.json({ name, done: true, error: { code: 13, message: job.failure.message } });
  }
  const fileId = job.attributes.fileId as string;
  return c.json({
    name,
    done: true,
    response: {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
      generateVideoResponse: {
        generatedSamples: [
          {
            video: {
              uri: `${job.attributes.fileOrigin as string}${GOOGLE_PREFIX}/v1beta/files/${fileId}:download?alt=media`,
            },
          },
        ],
      },
    },
  });
}

/** The job whose generated file has this id, if any. */
export function jobByFileId(core: EmulatorCore, fileId: string): EmulatorJob | undefined {
  return core.jobs.list(GOOGLE_FACE, 'desc').find((job) => job.attributes.fileId === fileId);
}
