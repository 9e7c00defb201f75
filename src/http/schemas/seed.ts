/** Schemas of the seed contract (`/v1/videos/generations`). */
import { z } from 'zod';
import { named } from '../openapi/registry.ts';
import { optionalNullable, promptSchema, resolutionSchema } from './common.ts';

/**
 * Longest video the seed contract accepts: "up to 60 s and more". Longer than one call of the
 * model is planned as segments and stitched (issue 5); single calls keep the model's own limits.
 */
export const maxSeedDurationSeconds = 600;

export const seedCreateRequestSchema = named(
  'SeedGenerationRequest',
  z.strictObject({
    model: optionalNullable(z.string().min(1).max(200)).describe(
      'Model name (e.g. "sora-1.0"); reelgate maps it.',
    ),
    prompt: promptSchema,
    resolution: optionalNullable(resolutionSchema),
    duration: optionalNullable(z.number().positive().max(maxSeedDurationSeconds)).describe(
      'Seconds (up to 600; longer than the model makes in one call is made of stitched segments).',
    ),
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
