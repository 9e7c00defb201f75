/** Schemas of reelgate's own generation API (`/v1/generations`). */
import { z } from 'zod';
import { named } from '../openapi/registry.ts';
import { optionalNullable, promptSchema, resolutionSchema } from './common.ts';
import { maxSeedDurationSeconds } from './seed.ts';
import { videoSizeSchema } from './videos.ts';

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
    model: optionalNullable(z.string().min(1).max(200)),
    resolution: optionalNullable(resolutionSchema),
    duration: optionalNullable(z.number().positive().max(maxSeedDurationSeconds)),
    size: optionalNullable(videoSizeSchema),
    image_url: optionalNullable(z.string().min(1).max(20_971_520)).describe(
      'First-frame image: https or data: URL.',
    ),
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
      .looseObject({ code: z.string(), type: z.string(), message: z.string(), retryable: z.boolean() })
      .nullable(),
    cost: z.number().nullable(),
    emulated: z.boolean(),
    parent_id: z.string().nullable(),
    video: storedFileSchema,
    thumbnail: storedFileSchema,
    created_at: z.int(),
    updated_at: z.int(),
    completed_at: z.int().nullable(),
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
