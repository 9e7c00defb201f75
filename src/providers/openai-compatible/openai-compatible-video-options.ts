/** Provider options accepted under `providerOptions.openai` (or the configured provider name). */
import { z } from 'zod';

export const openaiCompatibleVideoOptionsSchema = z
  .object({
    /** `WIDTHxHEIGHT`, overriding `resolution`. */
    size: z
      .string()
      .regex(/^\d+x\d+$/)
      .optional(),
    /** Seconds as the API spells them (a string), overriding `duration`. */
    seconds: z.string().regex(/^\d+$/).optional(),
    /** An uploaded file or image URL used as the first frame. */
    inputReference: z
      .union([z.object({ fileId: z.string().min(1) }), z.object({ imageUrl: z.string().min(1) })])
      .optional(),
    /** Remix an earlier video instead of generating from scratch. */
    remixVideoId: z.string().min(1).optional(),
  })
  .strict();

export type OpenAICompatibleVideoOptions = z.infer<typeof openaiCompatibleVideoOptionsSchema>;

/** The opaque operation `doStart` returns and `doStatus` takes back. */
export const openaiCompatibleOperationSchema = z.object({
  videoId: z.string().min(1),
  model: z.string().optional(),
  createdAt: z.number().optional(),
});

export type OpenAICompatibleOperation = z.infer<typeof openaiCompatibleOperationSchema>;
