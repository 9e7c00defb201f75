/** `POST /videos`, `GET /videos`, `GET|DELETE /videos/{id}`, `GET /videos/{id}/content`. */
import type { Context, Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { type ContentVariant, saveImage } from '../../core/media-store.ts';
import type { CharacterRegistry } from './characters.ts';
import { invalidValue, notFoundError } from './errors.ts';
import { enumField, rejectUnknown, stringField } from './fields.ts';
import { resolveInputReference } from './input-reference.ts';
import {
  DEFAULT_MODEL,
  DEFAULT_SECONDS,
  DEFAULT_SIZE,
  MAX_CHARACTERS_PER_VIDEO,
  MODELS,
  PROMPT_MAX_LENGTH,
  parseSize,
  SECONDS_VALUES,
} from './models.ts';
import { type BodyObject, type BodyValue, isPlainObject, readBody } from './request-body.ts';
import { headerFaultsOf, idempotencyKeyOf } from './request-context.ts';
import { FACE } from './source-video.ts';
import { videoResource } from './video-resource.ts';

const CREATE_FIELDS = ['prompt', 'model', 'seconds', 'size', 'input_reference', 'characters'];
const VARIANTS: readonly ContentVariant[] = ['video', 'thumbnail', 'spritesheet'];

export function mountVideos(app: Hono, core: EmulatorCore, characters: CharacterRegistry): void {
  app.post('/videos', async (c) => {
    const idempotencyKey = idempotencyKeyOf(c);
    core.recordCreateCall(FACE, idempotencyKey);
    const { fields } = await readBody(c);
    const replay = core.replayIdempotent(FACE, idempotencyKey);
    if (replay) return c.json(videoResource(core, replay));
    rejectUnknown(fields, CREATE_FIELDS);
    const prompt = stringField(fields, 'prompt', {
      required: true,
      minLength: 1,
      maxLength: PROMPT_MAX_LENGTH,
    })!;
    const headerFaults = headerFaultsOf(c);
    await core.applyCreateFaults(c, FACE, prompt, headerFaults);

    const model = stringField(fields, 'model') ?? DEFAULT_MODEL;
    const spec = MODELS[model];
    if (!spec) {
      throw invalidValue(
        'model',
        `Invalid value: '${model.slice(0, 100)}'. Supported models are: ${Object.keys(MODELS).join(', ')}.`,
      );
    }
    const seconds = enumField(fields, 'seconds', SECONDS_VALUES) ?? DEFAULT_SECONDS;
    const size = stringField(fields, 'size') ?? DEFAULT_SIZE;
    if (!spec.sizes.includes(size)) {
      throw invalidValue(
        'size',
        MODELS['sora-2-pro']!.sizes.includes(size)
          ? `Invalid value: '${size}'. Size '${size}' is not supported by model '${model}'. Supported sizes are: ${spec.sizes.join(', ')}.`
          : `Invalid value: '${size.slice(0, 100)}'. Supported values are: ${spec.sizes.join(', ')}.`,
      );
    }
    const { width, height } = parseSize(size);
    const reference =
      fields.input_reference === undefined
        ? null
        : await resolveInputReference(fields.input_reference, { width, height }, core.fetch);
    const characterIds = resolveCharacters(fields.characters, prompt, characters);
    const firstFrameImage = reference?.image
      ? await saveImage(core.media, reference.image.bytes, reference.image.format)
      : null;

    const job = core.createJob({
      face: FACE,
      idPrefix: 'video_',
      model,
      prompt,
      width,
      height,
      seconds: Number(seconds),
      tierFactor: spec.tierFactor,
      idempotencyKey,
      headerFaults,
      refusal: reference?.refusal ?? null,
      firstFrameImage,
      attributes: {
        ...(reference ? { inputReference: reference.kind } : {}),
        ...(characterIds.length > 0 ? { characters: characterIds } : {}),
      },
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
  });

  app.get('/videos', (c) => c.json(listVideos(c, core)));

  app.get('/videos/:videoId', (c) => c.json(videoResource(core, liveVideo(core, c.req.param('videoId')))));

  app.delete('/videos/:videoId', (c) => {
    const job = liveVideo(core, c.req.param('videoId'));
    const status = core.snapshot(job).status;
    if (status !== 'completed' && status !== 'failed') {
      throw new EmulatorHttpError({
        status: 400,
        code: 'video_not_finished',
        message: `Video '${job.id}' is ${status}; only completed or failed videos can be deleted.`,
      });
    }
    core.jobs.markDeleted(job);
    return c.json({ object: 'video.deleted', deleted: true, id: job.id });
  });

  app.get('/videos/:videoId/content', async (c) => {
    const variant = (c.req.query('variant') ?? 'video') as ContentVariant;
    if (!VARIANTS.includes(variant)) {
      throw invalidValue(
        'variant',
        `Invalid value: '${variant.slice(0, 100)}'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.`,
      );
    }
    const job = liveVideo(core, c.req.param('videoId'));
    const snapshot = core.snapshot(job);
    if (snapshot.status !== 'completed') {
      throw new EmulatorHttpError({
        status: 400,
        code: 'video_not_ready',
        message: `Video '${job.id}' is ${snapshot.status}; content is available once it is completed.`,
      });
    }
    if (snapshot.expired) {
      throw new EmulatorHttpError({
        status: 410,
        code: 'video_expired',
        message: `The content of video '${job.id}' expired at ${new Date(snapshot.expiresAtMs!).toISOString()}.`,
      });
    }
    return core.serveContent(c, job, variant);
  });
}

function liveVideo(core: EmulatorCore, id: string) {
  const job = core.jobs.get(FACE, id);
  if (!job) throw notFoundError('Video', id);
  return job;
}

function listVideos(c: Context, core: EmulatorCore) {
  const limitText = c.req.query('limit');
  let limit = 20;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit > 100) {
      throw invalidValue(
        'limit',
        `Invalid 'limit': expected an integer between 0 and 100, got '${limitText.slice(0, 50)}'.`,
      );
    }
  }
  const orderText = c.req.query('order') ?? 'desc';
  if (orderText !== 'asc' && orderText !== 'desc') {
    throw invalidValue(
      'order',
      `Invalid value: '${orderText.slice(0, 50)}'. Supported values are: 'asc' and 'desc'.`,
    );
  }
  let jobs = core.jobs.list(FACE, orderText);
  const after = c.req.query('after');
  if (after !== undefined && after !== '') {
    const cursor = core.jobs.getAny(after);
    if (!cursor || cursor.face !== FACE) {
      throw invalidValue('after', `Invalid 'after': no video found with id '${after.slice(0, 100)}'.`);
    }
    const isAfter = (job: { timeline: { createdAtMs: number }; sequence: number }) => {
      const cmp = job.timeline.createdAtMs - cursor.timeline.createdAtMs || job.sequence - cursor.sequence;
      return orderText === 'asc' ? cmp > 0 : cmp < 0;
    };
    jobs = jobs.filter(isAfter);
  }
  const page = jobs.slice(0, limit);
  return {
    object: 'list' as const,
    data: page.map((job) => videoResource(core, job)),
    first_id: page[0]?.id ?? null,
    last_id: page[page.length - 1]?.id ?? null,
    has_more: jobs.length > page.length,
  };
}

/** `characters: [{id}]`: at most two, each known, each named verbatim in the prompt. */
function resolveCharacters(
  value: BodyValue | undefined,
  prompt: string,
  characters: CharacterRegistry,
): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? parseJsonArray(value) : value;
  if (!Array.isArray(list)) {
    throw new EmulatorHttpError({
      status: 400,
      param: 'characters',
      code: 'invalid_type',
      message: "Invalid type for 'characters': expected an array of objects with an 'id'.",
    });
  }
  if (list.length > MAX_CHARACTERS_PER_VIDEO) {
    throw invalidValue(
      'characters',
      `At most ${MAX_CHARACTERS_PER_VIDEO} characters can be used in one video.`,
    );
  }
  return list.map((entry: BodyValue, index: number) => {
    const id = isPlainObject(entry) ? (entry as BodyObject).id : undefined;
    if (typeof id !== 'string') {
      throw invalidValue(`characters[${index}].id`, "Each character must be an object with a string 'id'.");
    }
    const character = characters.get(id);
    if (!character) throw notFoundError('Character', id, `characters[${index}].id`);
    if (!prompt.includes(character.name)) {
      throw invalidValue(
        `characters[${index}].id`,
        `The prompt must mention the character '${character.name}' by name to use it.`,
      );
    }
    return id;
  });
}

function parseJsonArray(text: string): BodyValue {
  try {
    return JSON.parse(text) as BodyValue;
  } catch {
    return text;
  }
}
