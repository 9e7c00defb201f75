/** Schemas of the seed contract (`/v1/videos/generations`). */
import { z } from 'zod';
import { named } from './named.ts';
import { optionalField, promptSchema, resolutionSchema } from './common.ts';
import { modelOrListSchema, requestOptionFields } from './request-options.ts';

/**
 * Longest video the seed contract accepts: "up to 60 s and more". Longer than one call of the
 * model is planned as segments and stitched; single calls keep the model's own limits.
 */
export const maxSeedDurationSeconds = 600;

export const seedCreateRequestSchema = named(
  'SeedGenerationRequest',
  z.strictObject({
    model: modelOrListSchema.describe(
      'Model name (e.g. "sora-1.0"); reelgate maps it. A list is a fallback order (a reelgate extension).',
    ),
    prompt: promptSchema,
    resolution: optionalField(resolutionSchema),
    duration: optionalField(z.number().positive().max(maxSeedDurationSeconds)).describe(
      'Seconds (up to 600; longer than the model makes in one call is made of stitched segments).',
    ),
    ...requestOptionFields,
  }),
);

export const seedGenerationResponseSchema = named(
  'SeedGenerationResponse',
  z.looseObject({
    id: z.string(),
    status: z.enum(['queued', 'processing', 'completed', 'failed']),
    created: z.int().describe('Unix seconds'),
    data: z
      .looseObject({
        url: z.string().describe("Permanent signed URL of reelgate's stored copy; works in <video src>."),
        duration: z.number(),
        resolution: z.string(),
      })
      .optional(),
    error: z.looseObject({ message: z.string(), type: z.string() }).optional(),
    warnings: z.array(z.string()),
    progress: z.number(),
    eta: z.int().nullable(),
    model: z.string(),
    cost: z.number().nullable(),
    emulated: z.boolean(),
  }),
);

export type SeedGenerationRequest = z.input<typeof seedCreateRequestSchema>;
export type SeedGenerationResponse = z.infer<typeof seedGenerationResponseSchema>;
