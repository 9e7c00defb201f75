/** Schemas of the OpenAI-Videos-compatible surface (`/v1/videos`), as strict as OpenAI's API. */
import { z } from 'zod';
import { named } from './named.ts';
import { optionalField, promptSchema } from './common.ts';
import { modelOrListSchema, requestOptionFields, requestOptionFormFields } from './request-options.ts';
import { assetIdsField, assetIdsFormField } from './assets.ts';

export const videoSecondsSchema = z.enum(['4', '8', '12', '16', '20']);
export const videoSizeSchema = z.enum([
  '720x1280',
  '1280x720',
  '1024x1792',
  '1792x1024',
  '1080x1920',
  '1920x1080',
]);
export const videoVariantSchema = z.enum(['video', 'thumbnail', 'spritesheet']);

export const imageReferenceSchema = named(
  'ImageReference',
  z
    .strictObject({
      image_url: z.string().min(1).max(20_971_520).optional(),
      file_id: z.string().min(1).optional(),
    })
    .refine((value) => (value.image_url === undefined) !== (value.file_id === undefined), {
      message: 'provide exactly one of image_url or file_id',
    }),
);

const videoCreateFields = {
  prompt: promptSchema,
  model: optionalField(z.string().min(1).max(200)),
  seconds: optionalField(videoSecondsSchema),
  size: optionalField(videoSizeSchema),
};

export const videoCreateJsonSchema = named(
  'CreateVideoJsonBody',
  z.strictObject({
    ...videoCreateFields,
    model: modelOrListSchema,
    input_reference: imageReferenceSchema.optional(),
    assets: assetIdsField,
    ...requestOptionFields,
  }),
);

export const videoCreateMultipartSchema = named(
  'CreateVideoMultipartBody',
  z.strictObject({
    ...videoCreateFields,
    input_reference: z
      .union([z.file().meta({ type: 'string', format: 'binary' }), imageReferenceSchema])
      .optional(),
    assets: assetIdsFormField,
    ...requestOptionFormFields,
  }),
);

export const videoRemixSchema = named('CreateVideoRemixBody', z.strictObject({ prompt: promptSchema }));

export const videoListQuerySchema = z.object({
  after: z.string().min(1).optional(),
  // OpenAI's spec allows 0; an empty page cannot say anything consistent (no cursor), so 1-100.
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1-100 (default 20).'),
  order: z.enum(['asc', 'desc']).optional(),
});

export const videoContentQuerySchema = z.object({ variant: videoVariantSchema.optional() });

export const videoResourceSchema = named(
  'VideoResource',
  z.looseObject({
    id: z.string(),
    object: z.literal('video'),
    model: z.string(),
    status: z.enum(['queued', 'in_progress', 'completed', 'failed']),
    progress: z.int(),
    created_at: z.int(),
    completed_at: z.int().nullable(),
    expires_at: z.int().nullable(),
    prompt: z.string().nullable(),
    size: z.string(),
    seconds: z.string(),
    remixed_from_video_id: z.string().nullable(),
    error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
    warnings: z.array(z.string()),
    queue_position: z
      .int()
      .nullable()
      .optional()
      .describe('Place in the provider queue, when it reports one'),
  }),
  'OpenAI VideoResource, plus reelgate extras (warnings, eta, queue_position, cost, emulated, url).',
);

export const videoListResourceSchema = named(
  'VideoListResource',
  z.looseObject({
    object: z.literal('list'),
    data: z.array(videoResourceSchema),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
    has_more: z.boolean(),
  }),
);

export const deletedVideoResourceSchema = named(
  'DeletedVideoResource',
  z.looseObject({ id: z.string(), object: z.literal('video.deleted'), deleted: z.boolean() }),
);

export type VideoResource = z.infer<typeof videoResourceSchema>;
export type VideoListResource = z.infer<typeof videoListResourceSchema>;
