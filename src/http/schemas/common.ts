import { z } from 'zod';
import { named } from '../openapi/registry.ts';

/** Longest prompt accepted (the OpenAI Videos API's limit). */
export const maxPromptChars = 32_000;

export const promptSchema = z
  .string()
  .min(1)
  .max(maxPromptChars)
  .refine((prompt) => prompt.trim().length > 0, { message: 'the prompt must not be blank' })
  .describe('What the video should show: subjects, camera movement, lighting, style.');

export const resolutionSchema = z.enum(['480p', '720p', '1080p']);

export const errorResponseSchema = named(
  'ErrorResponse',
  z.looseObject({
    error: z.looseObject({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string().nullable(),
      retryable: z.boolean().optional(),
      hint: z.string().optional(),
    }),
  }),
  'Every error: a stable machine-readable `code`, an OpenAI-style `type`, the `param` at fault.',
);

/** `null` sent for an optional field means "not given". */
export function optionalNullable<Schema extends z.ZodType>(schema: Schema) {
  return schema.nullish().transform((value) => value ?? undefined);
}
