/** New videos made from existing ones: remix (legacy), edits, extensions (stitched total). */
import type { Context, Hono } from 'hono';
import type { PolicyVerdict } from '../../core/content-policy.ts';
import type { EmulatorCore } from '../../core/core.ts';
import { EmulatorHttpError } from '../../core/http-error.ts';
import type { EmulatorJob } from '../../core/job-store.ts';
import { invalidValue } from './errors.ts';
import { enumField, rejectUnknown, requireField, stringField } from './fields.ts';
import {
  DEFAULT_MODEL,
  MAX_EXTENSIONS,
  MAX_TOTAL_SECONDS,
  MODELS,
  PROMPT_MAX_LENGTH,
  SECONDS_VALUES,
} from './models.ts';
import { type BodyObject, readBody } from './request-body.ts';
import { headerFaultsOf, idempotencyKeyOf } from './request-context.ts';
import { completedVideo, FACE, resolveSourceVideo } from './source-video.ts';
import { videoResource } from './video-resource.ts';

export function mountDerived(app: Hono, core: EmulatorCore): void {
  app.post('/videos/:videoId/remix', (c) =>
    createDerived(c, core, ['prompt'], async (_fields, prompt) => {
      const source = completedVideo(core, c.req.param('videoId'), null);
      return {
        model: source.model,
        width: source.width,
        height: source.height,
        seconds: source.seconds,
        segments: [{ seconds: source.seconds, text: prompt }],
        attributes: { remixedFromVideoId: source.id, kind: 'remix' },
        refusal: null,
      };
    }),
  );

  app.post('/videos/edits', (c) =>
    createDerived(c, core, ['prompt', 'video', 'model'], async (fields, prompt) => {
      const source = await resolveSourceVideo(core, requireField(fields, 'video'));
      const model = modelFor(stringField(fields, 'model'), source.job);
      return {
        model,
        width: source.width,
        height: source.height,
        seconds: source.seconds,
        segments: [{ seconds: source.seconds, text: prompt }],
        attributes: { kind: 'edit', ...(source.job ? { remixedFromVideoId: source.job.id } : {}) },
        refusal: source.refusal,
      };
    }),
  );

  app.post('/videos/extensions', (c) =>
    createDerived(c, core, ['prompt', 'video', 'seconds', 'model'], async (fields, prompt) => {
      const seconds = Number(enumField(fields, 'seconds', SECONDS_VALUES, { required: true }));
      const source = await resolveSourceVideo(core, requireField(fields, 'video'));
      const extensions =
        (typeof source.job?.attributes.extensions === 'number' ? source.job.attributes.extensions : 0) + 1;
      if (extensions > MAX_EXTENSIONS) {
        throw invalidValue('video', `A video can be extended at most ${MAX_EXTENSIONS} times.`);
      }
      const total = source.seconds + seconds;
      if (total > MAX_TOTAL_SECONDS) {
        throw invalidValue(
          'seconds',
          `Extended videos can be at most ${MAX_TOTAL_SECONDS} seconds long (would be ${total}).`,
        );
      }
      return {
        model: modelFor(stringField(fields, 'model'), source.job),
        width: source.width,
        height: source.height,
        seconds: total,
        segments: [...source.segments, { seconds, text: prompt }],
        firstFrameImage: source.job?.firstFrameImage ?? null,
        attributes: {
          kind: 'extension',
          extensions,
          ...(source.job ? { extendedFromVideoId: source.job.id } : {}),
        },
        refusal: source.refusal,
      };
    }),
  );
}

interface DerivedPlan {
  model: string;
  width: number;
  height: number;
  seconds: number;
  segments: { seconds: number; text: string }[];
  firstFrameImage?: string | null;
  attributes: Record<string, unknown>;
  refusal: PolicyVerdict | null;
}

async function createDerived(
  c: Context,
  core: EmulatorCore,
  allowed: string[],
  plan: (fields: BodyObject, prompt: string) => Promise<DerivedPlan>,
): Promise<Response> {
  const idempotencyKey = idempotencyKeyOf(c);
  core.recordCreateCall(FACE, idempotencyKey);
  const { fields } = await readBody(c);
  const replay = core.replayIdempotent(FACE, idempotencyKey);
  if (replay) return c.json(videoResource(core, replay));
  rejectUnknown(fields, allowed);
  const prompt = stringField(fields, 'prompt', {
    required: true,
    minLength: 1,
    maxLength: PROMPT_MAX_LENGTH,
  })!;
  const headerFaults = headerFaultsOf(c);
  await core.applyCreateFaults(c, FACE, prompt, headerFaults);
  const derived = await plan(fields, prompt);
  const job = core.createJob({
    face: FACE,
    idPrefix: 'video_',
    model: derived.model,
    prompt,
    width: derived.width,
    height: derived.height,
    seconds: derived.seconds,
    segments: derived.segments,
    firstFrameImage: derived.firstFrameImage ?? null,
    tierFactor: MODELS[derived.model]?.tierFactor ?? 1,
    idempotencyKey,
    headerFaults,
    refusal: derived.refusal,
    attributes: derived.attributes,
  });
  if (core.failsAfterCreate(FACE, prompt, headerFaults)) {
    throw new EmulatorHttpError({
      status: 500,
      type: 'server_error',
      code: 'server_error',
      message:
        'The server had an error while processing your request. (emulated fault after the job was created)',
    });
  }
  return c.json(videoResource(core, job));
}

function modelFor(requested: string | undefined, source: EmulatorJob | null): string {
  if (requested !== undefined) {
    if (!MODELS[requested]) {
      throw invalidValue(
        'model',
        `Invalid value: '${requested.slice(0, 100)}'. Supported models are: ${Object.keys(MODELS).join(', ')}.`,
      );
    }
    return requested;
  }
  return source?.model ?? DEFAULT_MODEL;
}
