import { z } from 'zod';
import { named } from './named.ts';

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

/**
 * An optional request field: leave it out for the default. `null` is a wrong type and refused
 * (400 naming the field), like any other; the defaults are stated in docs/api.md.
 */
export function optionalField<Schema extends z.ZodType>(schema: Schema) {
  return schema.optional();
}

/** A file download (`video/mp4`, `image/webp`, `image/jpeg`), documented as binary content. */
const binaryFile = z.string().meta({ format: 'binary' });
export const binaryContent = {
  'video/mp4': { schema: binaryFile },
  'image/webp': { schema: binaryFile },
  'image/jpeg': { schema: binaryFile },
};

/**
 * The optional `Idempotency-Key` header of billable creates: repeat a create with the same key
 * and body to get the same generation back (kept 24 h per account); another body with the same
 * key is refused with 409 `idempotency_key_reused`.
 */
export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'A unique key per logical create (e.g. a UUID). Retrying with the same key and body returns the same generation without a second one; the answer of a replay carries `Idempotent-Replayed: true`. Kept 24 hours per account; the same key with another body answers 409 idempotency_key_reused.',
    ),
});
