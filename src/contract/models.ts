/** Schemas of the model catalog (`/v1/models`) and the account's default fallback list. */
import { z } from 'zod';
import { named } from './named.ts';
import { resolutionSchema } from './common.ts';

export const optionSupportSchema = z
  .enum(['honoured', 'ignored', 'unconfirmed'])
  .describe(
    'honoured: sent to the provider; ignored: dropped with a warning; unconfirmed: sent, undocumented.',
  );

const providerOptionSchema = z.looseObject({
  type: z.enum(['string', 'number', 'integer', 'boolean']),
  values: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  description: z.string(),
});

export const circuitSchema = z.looseObject({
  status: z.enum(['closed', 'open', 'half_open']),
  open_until: z.int().nullable().describe('Unix seconds, while open.'),
  consecutive_failures: z.int(),
});

export const modelSchema = named(
  'Model',
  z.looseObject({
    id: z.string(),
    object: z.literal('model'),
    owned_by: z.string(),
    provider: z.string(),
    model_id: z.string(),
    display_name: z.string(),
    aliases: z.array(z.string()),
    enabled: z.boolean().describe('True when its provider is configured in this gateway.'),
    durations: z.discriminatedUnion('kind', [
      z.looseObject({ kind: z.literal('list'), seconds: z.array(z.number()) }),
      z.looseObject({
        kind: z.literal('range'),
        min_seconds: z.number(),
        max_seconds: z.number(),
        step_seconds: z.number(),
      }),
    ]),
    default_duration_seconds: z.number(),
    max_duration_per_call_seconds: z.number(),
    sizes: z.array(
      z.looseObject({
        size: z.string(),
        resolution: resolutionSchema,
        aspect_ratio: z.string(),
        orientation: z.enum(['landscape', 'portrait', 'square']),
        price_per_second_usd: z.number(),
      }),
    ),
    default_size: z.string(),
    audio: z.boolean(),
    image_to_video: z.boolean(),
    extension: z.looseObject({
      supported: z.boolean(),
      max_seconds_per_extension: z.number().nullable(),
      max_total_seconds: z.number().nullable(),
    }),
    pricing: z.looseObject({
      per_second_usd: z.number(),
      source: z.string(),
      as_of: z.string(),
      default_clip_usd: z.number(),
    }),
    typical_generation_seconds: z.number(),
    sources: z.array(z.string()),
    continuity: z
      .looseObject({
        modes: z.array(z.enum(['extend', 'last_frame', 'multi_shot', 'independent'])).describe('Best first.'),
        first_frame: z.boolean(),
        last_frame: z.boolean(),
        returns_last_frame: z.boolean(),
        multi_shot: z.looseObject({ max_shots: z.int() }).nullable(),
        reference_images: z.boolean(),
        max_reference_images: z
          .int()
          .describe('Assets sent per call (0: none; a model without a documented limit is sent up to 8)'),
        notes: z.array(z.string()),
      })
      .describe('What long videos on this model use at each joint, as reelgate can send it.'),
    options: z.looseObject({
      seed: optionSupportSchema,
      generate_audio: optionSupportSchema,
      fps: optionSupportSchema,
      fps_values: z.array(z.number()).nullable(),
      negative_prompt: optionSupportSchema,
      aspect_ratios: z.array(z.string()),
      provider_options: z.record(z.string(), providerOptionSchema),
      source: z.string(),
    }),
    circuit: circuitSchema.optional().describe("The provider's shared circuit breaker, when tracked."),
  }),
  'One catalog entry: durations, sizes, audio, image-to-video, price per second with its source.',
);

export const modelListSchema = named(
  'ModelList',
  z.looseObject({
    object: z.literal('list'),
    data: z.array(modelSchema),
    default_model: z.string().nullable(),
  }),
);

export const modelListQuerySchema = z.object({
  all: z.string().optional().describe('`true` lists every known model, not only configured providers.'),
});

export const defaultModelsSchema = named(
  'DefaultModels',
  z.looseObject({
    object: z.literal('default_models'),
    models: z.array(z.string()).nullable(),
    server_default: z.array(z.string()),
  }),
  "The account's default fallback list (null: none) and the server's.",
);

export const defaultModelsBodySchema = named(
  'SetDefaultModelsBody',
  z.strictObject({
    models: z.array(z.string().min(1).max(200)).max(10).nullable(),
  }),
);

export type ModelResource = z.infer<typeof modelSchema>;
export type ModelList = z.infer<typeof modelListSchema>;
export type OptionSupport = z.infer<typeof optionSupportSchema>;
export type DefaultModels = z.infer<typeof defaultModelsSchema>;
