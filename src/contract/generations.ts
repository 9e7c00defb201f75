/** Schemas of reelgate's own generation API (`/v1/generations`). */
import { z } from 'zod';
import type { GenerationEventType as CoreEventType } from '../core/generation.ts';
import { named } from './named.ts';
import { optionalField, promptSchema, resolutionSchema } from './common.ts';
import { modelOrListSchema, requestOptionFields } from './request-options.ts';
import { maxSeedDurationSeconds } from './seed.ts';
import { videoSizeSchema } from './videos.ts';
import { assetIdsField } from './assets.ts';

export const publicStatusSchema = z.enum([
  'queued',
  'running',
  'downloading',
  'completed',
  'failed',
  'canceled',
  'expired',
]);

export const generationCreateSchema = named(
  'CreateGenerationBody',
  z.strictObject({
    prompt: promptSchema,
    model: modelOrListSchema,
    resolution: optionalField(resolutionSchema),
    duration: optionalField(z.number().positive().max(maxSeedDurationSeconds)),
    size: optionalField(videoSizeSchema),
    image_url: optionalField(z.string().min(1).max(20_971_520)).describe(
      'First-frame image: https or data: URL.',
    ),
    assets: assetIdsField,
    ...requestOptionFields,
  }),
);

export const generationListQuerySchema = z.object({
  after: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  status: publicStatusSchema.optional(),
  model: z.string().min(1).optional(),
});

const storedFileSchema = z
  .looseObject({ url: z.string(), bytes: z.int(), content_type: z.string(), sha256: z.string() })
  .nullable();

/** How a segmented video joins its segments, chosen per model from what its provider offers. */
export const planContinuitySchema = z.looseObject({
  mode: z.enum(['extend', 'last_frame', 'multi_shot', 'independent']),
  last_frame_from: z
    .enum(['provider', 'decoded'])
    .nullable()
    .describe('For last_frame: returned by the provider, or decoded by reelgate.'),
  extension_repeats_source: z
    .boolean()
    .describe('Extensions come back with their source first; only the new part is kept.'),
  reason: z.string(),
});

const segmentPlanSchema = z.looseObject({
  kind: z.enum(['long', 'storyboard']),
  count: z.int(),
  requested_seconds: z.number(),
  planned_seconds: z.number(),
  overshoot_seconds: z.number(),
  crossfade_seconds: z.number(),
  waves: z.array(z.array(z.int())),
  warnings: z.array(z.string()),
  continuity: planContinuitySchema.nullable(),
  stitch: z
    .looseObject({
      method: z.enum(['copy', 'reencode']),
      reencode_reason: z.string().nullable(),
      duration: z.number(),
    })
    .nullable(),
});

const segmentSchema = z.looseObject({
  index: z.int(),
  shot_index: z.int(),
  status: z.enum(['pending', 'running', 'completed', 'failed', 'canceled']),
  progress: z.number(),
  duration: z.number().describe('Seconds asked of the provider (and paid).'),
  keep_seconds: z.number(),
  start_seconds: z.number(),
  prompt: z.string(),
  continuity: z.enum(['extend', 'last_frame', 'independent']).nullable(),
  depends_on: z.int().nullable(),
  attempts: z.int(),
  generation_id: z.string().nullable(),
  reused: z.boolean().describe('Kept from an earlier, failed attempt of the same video (not paid again).'),
  cost: z.number().nullable(),
  error: z.looseObject({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
});

const generationEstimateSchema = z.looseObject({
  total_usd: z.number(),
  currency: z.literal('USD'),
  per_second_usd: z.number(),
  billed_seconds: z.number(),
  delivered_seconds: z.number(),
  trimmed_seconds: z.number(),
  pricing: z.looseObject({ source: z.string(), as_of: z.string() }),
});

export const generationResourceSchema = named(
  'Generation',
  z.looseObject({
    object: z.literal('generation'),
    id: z.string(),
    status: publicStatusSchema,
    state: z.string(),
    model: z.string(),
    provider: z.string(),
    prompt: z.string(),
    resolution: z.string(),
    size: z.string(),
    duration: z.number(),
    progress: z.number(),
    queue_position: z.int().nullable(),
    eta: z.int().nullable().describe('Estimated finish, Unix seconds'),
    warnings: z.array(z.string()),
    error: z
      .looseObject({
        code: z.string().describe('Stable machine-readable code (input_refused, provider_outage...).'),
        type: z.string(),
        message: z.string(),
        retryable: z.boolean(),
        hint: z.string().optional(),
      })
      .nullable(),
    cost: z.number().nullable(),
    emulated: z.boolean(),
    attempts: z
      .array(
        z.looseObject({
          model: z.string(),
          provider: z.string(),
          status: z.string().describe('failed or skipped for earlier models; the status for the current one'),
          error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
          cost: z.number().nullable(),
          at: z.int(),
        }),
      )
      .describe('Every model tried, in order: earlier ones of a fallback list, then the current one'),
    seed: z.int().nullable().describe('The seed sent to the provider (reuse it to repeat a result)'),
    options: z
      .looseObject({
        generate_audio: z.boolean().optional(),
        fps: z.number().optional(),
        negative_prompt: z.string().optional(),
        provider_options: z.record(z.string(), z.unknown()).optional(),
      })
      .describe(
        'Request options sent to the provider: generate_audio, fps, negative_prompt, provider_options',
      ),
    parent_id: z.string().nullable(),
    requested: z
      .looseObject({
        model: z.string().nullable(),
        resolution: resolutionSchema.nullable(),
        size: z.string().nullable(),
        duration: z.number().nullable(),
        surface: z.string(),
      })
      .describe('What the caller asked for, verbatim.'),
    video: storedFileSchema,
    thumbnail: storedFileSchema,
    created_at: z.int(),
    updated_at: z.int(),
    completed_at: z.int().nullable(),
    plan: segmentPlanSchema.optional().describe('Long videos and storyboards: how the video is split.'),
    segments: z.array(segmentSchema).optional().describe('Long videos and storyboards: each part.'),
    estimate: generationEstimateSchema.optional().describe('The cost estimated when it was accepted.'),
    assets: z
      .array(
        z.looseObject({
          id: z.string(),
          kind: z.string(),
          name: z.string(),
          sha256: z.string(),
          shot: z.int().nullable().describe('The storyboard shot it goes with; null: the whole video'),
        }),
      )
      .optional()
      .describe('Assets sent as reference images (absent when none were, or the model takes none)'),
  }),
);

export const generationListSchema = named(
  'GenerationList',
  z.looseObject({
    object: z.literal('list'),
    data: z.array(generationResourceSchema),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
    has_more: z.boolean(),
  }),
);

/** The events of a generation's life, as event streams name them. */
export const generationEventTypes = [
  'generation:accepted',
  'generation:submitted',
  'generation:progress',
  'generation:downloading',
  'generation:completed',
  'generation:failed',
  'generation:canceled',
  'generation:expired',
  'generation:deleted',
] as const satisfies readonly CoreEventType[];
export type GenerationEventType = (typeof generationEventTypes)[number];

export const generationEventSchema = named(
  'GenerationEvent',
  z.looseObject({
    type: z.string().describe('generation:accepted, generation:progress, generation:completed, ...'),
    at: z.int().describe('Unix milliseconds'),
    generation: generationResourceSchema,
  }),
  'The data of one Server-Sent Event (event name = type). The first event is `snapshot`.',
);

export const deletedGenerationSchema = named(
  'DeletedGeneration',
  z.looseObject({ id: z.string(), object: z.literal('generation.deleted'), deleted: z.boolean() }),
);

export type GenerationCreateRequest = z.input<typeof generationCreateSchema>;
export type GenerationResource = z.infer<typeof generationResourceSchema>;
export type GenerationList = z.infer<typeof generationListSchema>;
export type GenerationEvent = z.infer<typeof generationEventSchema>;
