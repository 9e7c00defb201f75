/**
 * The request options every create surface accepts (native generations, estimates, and as
 * optional extensions on `/v1/videos` and the seed contract, which Sora clients never send).
 * What each model honours is in its catalog entry; ignored options come back as warnings.
 */
import { z } from 'zod';
import { maxNegativePromptChars, maxSeed, type RequestedExtras } from '../core/request-options.ts';
import { optionalField } from './common.ts';

const providerOptionValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const modelName = z.string().min(1).max(200);

/**
 * `model` as a name or an ordered fallback list (`["fal:...", "google:..."]`): when a start
 * on one model fails before any job exists, the generation moves to the next.
 */
export const modelOrListSchema = optionalField(
  z.union([modelName, z.array(modelName).min(1).max(10)]),
).describe(
  'A model name, an alias, or an ordered fallback list of models tried in turn when a start fails before any job exists.',
);

/** The service's `model` / `models` from a parsed `model` field. */
export function modelsOf(model: string | string[] | undefined): {
  model?: string | undefined;
  models?: string[];
} {
  if (model === undefined) return {};
  return typeof model === 'string' ? { model } : { model: model[0], models: model };
}

export const requestOptionFields = {
  seed: optionalField(z.int().min(0).max(maxSeed)).describe(
    'Seed for models that take one (the same seed and request repeat a result where the provider allows). Stored and returned; drawn at random when the model takes a seed and none is given.',
  ),
  generate_audio: optionalField(z.boolean()).describe('Audio on or off, for models with an audio switch.'),
  aspect_ratio: optionalField(z.string().regex(/^\d{1,2}:\d{1,2}$/, 'like 16:9')).describe(
    'Aspect ratio such as 16:9 or 9:16; picks the model size of that ratio (an explicit size wins).',
  ),
  fps: optionalField(z.int().min(1).max(120)).describe('Frames per second, for models that take a rate.'),
  negative_prompt: optionalField(z.string().max(maxNegativePromptChars)).describe(
    'What the video should not show, for models that take a negative prompt.',
  ),
  fallback_on_refusal: optionalField(z.boolean()).describe(
    'With a fallback list: also move to the next model when one refuses the content (off by default).',
  ),
  provider_options: optionalField(z.record(z.string().min(1).max(100), providerOptionValue)).describe(
    "Provider-specific inputs, spelled as the provider's API spells them; allowed keys per model are listed by GET /v1/models (an unknown key is a 400).",
  ),
};

/** The same fields as multipart/form-data sends them (text). */
export const requestOptionFormFields = {
  seed: optionalField(z.coerce.number().int().min(0).max(maxSeed)),
  generate_audio: optionalField(z.enum(['true', 'false']).transform((value) => value === 'true')),
  aspect_ratio: requestOptionFields.aspect_ratio,
  fps: optionalField(z.coerce.number().int().min(1).max(120)),
  negative_prompt: requestOptionFields.negative_prompt,
  fallback_on_refusal: optionalField(z.enum(['true', 'false']).transform((value) => value === 'true')),
  provider_options: optionalField(
    z
      .string()
      .max(20_000)
      .transform((text, context) => {
        try {
          return z.record(z.string(), providerOptionValue).parse(JSON.parse(text));
        } catch {
          context.addIssue({ code: 'custom', message: 'provider_options must be a JSON object' });
          return z.NEVER;
        }
      }),
  ),
};

interface ParsedOptionFields {
  seed?: number | undefined;
  generate_audio?: boolean | undefined;
  aspect_ratio?: string | undefined;
  fps?: number | undefined;
  negative_prompt?: string | undefined;
  provider_options?: Record<string, string | number | boolean | null> | undefined;
}

/** The parsed body's option fields in the service's terms. */
export function requestedExtrasOf(input: ParsedOptionFields): RequestedExtras {
  return {
    seed: input.seed,
    generateAudio: input.generate_audio,
    aspectRatio: input.aspect_ratio,
    fps: input.fps,
    negativePrompt: input.negative_prompt,
    providerOptions: input.provider_options,
  };
}
