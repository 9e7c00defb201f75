/** Schemas of storyboards, estimates, prompt help, usage and account limits (issue 5). */
import { z } from 'zod';
import { named } from '../openapi/registry.ts';
import { optionalNullable, promptSchema, resolutionSchema } from './common.ts';
import { maxSeedDurationSeconds } from './seed.ts';
import { videoSizeSchema } from './videos.ts';

export const maxShots = 50;

const shotSchema = z.strictObject({
  prompt: promptSchema,
  duration: z.number().positive().max(maxSeedDurationSeconds).describe('Seconds of this shot.'),
  continue_previous: optionalNullable(z.boolean()).describe(
    'Continue the previous shot without a cut (last frame as first frame). Default false: a hard cut.',
  ),
});

export const storyboardCreateSchema = named(
  'CreateStoryboardBody',
  z.strictObject({
    shots: z.array(shotSchema).min(1).max(maxShots).describe('Shots in playing order.'),
    model: optionalNullable(z.string().min(1).max(200)),
    resolution: optionalNullable(resolutionSchema),
    size: optionalNullable(videoSizeSchema),
    crossfade: optionalNullable(z.number().min(0).max(2)).describe(
      'Crossfade at each joint, seconds (forces a re-encode). Default 0.',
    ),
  }),
);

export const estimateRequestSchema = named(
  'EstimateRequest',
  z.strictObject({
    prompt: optionalNullable(promptSchema),
    shots: optionalNullable(z.array(shotSchema).min(1).max(maxShots)),
    model: optionalNullable(z.string().min(1).max(200)),
    resolution: optionalNullable(resolutionSchema),
    size: optionalNullable(videoSizeSchema),
    duration: optionalNullable(z.number().positive().max(maxSeedDurationSeconds)),
    image_url: optionalNullable(z.string().max(20_971_520)).describe(
      'Accepted and ignored (no cost effect).',
    ),
  }),
  'The body of a create (`prompt` + `duration`...) or of a storyboard (`shots`).',
);

const lintWarningSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  reason: z.string(),
  suggestion: z.string(),
});

const policySchema = z.looseObject({
  enabled: z.boolean(),
  allowed: z.boolean(),
  violations: z.array(
    z.looseObject({
      rule: z.string(),
      category: z.string(),
      matched: z.string(),
      message: z.string(),
      hint: z.string(),
    }),
  ),
});

export const estimateResponseSchema = named(
  'Estimate',
  z.looseObject({
    object: z.literal('estimate'),
    total_usd: z.number().describe('What submitting now would cost (list prices).'),
    currency: z.literal('USD'),
    model: z.string(),
    size: z.string(),
    resolution: z.string(),
    duration: z.number(),
    segmented: z.boolean(),
    warnings: z.array(z.string()).describe('Adjustments made to fit the model.'),
    notes: z.array(z.string()),
    segments: z.array(z.looseObject({ index: z.int(), duration: z.number(), cost_usd: z.number() })),
    plan: z.looseObject({ count: z.int() }).nullable(),
    lint: z.array(lintWarningSchema),
    policy: policySchema,
    budget: z.looseObject({ allowed: z.boolean() }),
    typical_seconds: z.int(),
  }),
);

export const lintRequestSchema = named(
  'PromptLintRequest',
  z.strictObject({
    prompt: z.string().max(100_000),
    model: optionalNullable(z.string().min(1).max(200)),
    duration: optionalNullable(z.number().positive().max(maxSeedDurationSeconds)),
  }),
);

export const lintResponseSchema = named(
  'PromptLint',
  z.looseObject({ warnings: z.array(lintWarningSchema), policy: policySchema }),
);

const part = optionalNullable(z.string().max(4_000));
export const buildRequestSchema = named(
  'PromptBuildRequest',
  z.strictObject({
    subject: z.string().min(1).max(4_000),
    action: part,
    setting: part,
    camera: part,
    lighting: part,
    style: part,
    mood: part,
    details: part,
  }),
);

export const buildResponseSchema = named(
  'PromptBuild',
  z.looseObject({ prompt: z.string(), warnings: z.array(lintWarningSchema) }),
);

export const enhanceRequestSchema = named(
  'PromptEnhanceRequest',
  z.strictObject({
    prompt: promptSchema,
    duration: optionalNullable(z.number().positive().max(maxSeedDurationSeconds)),
  }),
);

export const enhanceResponseSchema = named(
  'PromptEnhance',
  z.looseObject({ prompt: z.string(), original: z.string(), enhanced: z.boolean() }),
);

const usageWindowSchema = z.looseObject({
  spent: z.number().describe('Spent plus reserved by unfinished generations, USD.'),
  reserved: z.number(),
  budget: z.number().nullable(),
  remaining: z.number().nullable(),
  resets_at: z.string(),
  generations: z.int(),
});

export const usageResponseSchema = named(
  'Usage',
  z.looseObject({
    object: z.literal('usage'),
    currency: z.literal('USD'),
    day: usageWindowSchema,
    month: usageWindowSchema,
    concurrency: z.looseObject({ running: z.int(), limit: z.int().nullable() }),
    per_model: z.array(z.looseObject({ model: z.string(), count: z.int(), cost: z.number() })),
    policy_check: z.boolean(),
  }),
);

const money = z.number().min(0).max(1_000_000).nullable();
export const limitsPatchSchema = named(
  'AccountLimitsPatch',
  z.strictObject({
    daily_budget_usd: money.optional(),
    monthly_budget_usd: money.optional(),
    concurrency_limit: z.int().min(0).max(10_000).nullable().optional(),
    policy_check: z.boolean().optional(),
  }),
  'Only the fields given change; null removes a limit.',
);

export const limitsResponseSchema = named(
  'AccountLimits',
  z.looseObject({
    object: z.literal('account.limits'),
    account_id: z.string(),
    daily_budget_usd: z.number().nullable(),
    monthly_budget_usd: z.number().nullable(),
    concurrency_limit: z.int().nullable(),
    policy_check: z.boolean(),
  }),
);
