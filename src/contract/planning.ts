/** Schemas of storyboards, estimates, prompt help, usage and account limits. */
import { z } from 'zod';
import { planContinuitySchema } from './generations.ts';
import { named } from './named.ts';
import { requestOptionFields } from './request-options.ts';
import { optionalField, promptSchema, resolutionSchema } from './common.ts';
import { maxSeedDurationSeconds } from './seed.ts';
import { videoSizeSchema } from './videos.ts';
import { assetIdsField } from './assets.ts';

export const maxShots = 50;

const shotSchema = z.strictObject({
  prompt: promptSchema,
  duration: z.number().positive().max(maxSeedDurationSeconds).describe('Seconds of this shot.'),
  continue_previous: optionalField(z.boolean()).describe(
    'Continue the previous shot without a cut (last frame as first frame). Default false: a hard cut.',
  ),
  assets: assetIdsField,
});

export const storyboardCreateSchema = named(
  'CreateStoryboardBody',
  z.strictObject({
    shots: z.array(shotSchema).min(1).max(maxShots).describe('Shots in playing order.'),
    model: optionalField(z.string().min(1).max(200)),
    resolution: optionalField(resolutionSchema),
    size: optionalField(videoSizeSchema),
    crossfade: optionalField(z.number().min(0).max(2)).describe(
      'Crossfade at each joint, seconds (forces a re-encode). Default 0.',
    ),
  }),
);

export const estimateRequestSchema = named(
  'EstimateRequest',
  z.strictObject({
    prompt: optionalField(promptSchema),
    shots: optionalField(z.array(shotSchema).min(1).max(maxShots)),
    model: optionalField(z.string().min(1).max(200)),
    resolution: optionalField(resolutionSchema),
    size: optionalField(videoSizeSchema),
    duration: optionalField(z.number().positive().max(maxSeedDurationSeconds)),
    image_url: optionalField(z.string().max(20_971_520)).describe('Accepted and ignored (no cost effect).'),
    assets: assetIdsField,
    ...requestOptionFields,
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
    per_second_usd: z.number(),
    billed_seconds: z.number(),
    delivered_seconds: z.number(),
    trimmed_seconds: z.number(),
    pricing: z.looseObject({ source: z.string(), as_of: z.string() }),
    warnings: z.array(z.string()).describe('Adjustments made to fit the model.'),
    notes: z.array(z.string()),
    segments: z.array(
      z.looseObject({
        index: z.int(),
        shot_index: z.int(),
        duration: z.number(),
        keep_seconds: z.number(),
        prompt: z.string().nullable(),
        continuity: z.string().nullable(),
        depends_on: z.int().nullable(),
        cost_usd: z.number(),
      }),
    ),
    plan: z
      .looseObject({
        count: z.int(),
        requested_seconds: z.number(),
        planned_seconds: z.number(),
        overshoot_seconds: z.number(),
        waves: z.array(z.array(z.int())),
        continuity: planContinuitySchema.nullable(),
      })
      .nullable(),
    lint: z.array(lintWarningSchema),
    policy: policySchema,
    budget: z.looseObject({
      allowed: z.boolean(),
      code: z.string().nullable(),
      message: z.string().nullable(),
      remaining: z.looseObject({
        daily_usd: z.number().nullable(),
        monthly_usd: z.number().nullable(),
        concurrent_slots: z.int().nullable(),
        day_resets_at: z.string().optional(),
        month_resets_at: z.string().optional(),
      }),
    }),
    typical_seconds: z.int(),
  }),
);

export const lintRequestSchema = named(
  'PromptLintRequest',
  z.strictObject({
    prompt: z.string().max(100_000),
    model: optionalField(z.string().min(1).max(200)),
    duration: optionalField(z.number().positive().max(maxSeedDurationSeconds)),
  }),
);

export const lintResponseSchema = named(
  'PromptLint',
  z.looseObject({ warnings: z.array(lintWarningSchema), policy: policySchema }),
);

const part = optionalField(z.string().max(4_000));
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
    duration: optionalField(z.number().positive().max(maxSeedDurationSeconds)),
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
    by_day: z
      .array(z.looseObject({ date: z.string(), spent: z.number(), generations: z.int() }))
      .describe("This month's spend per UTC day (YYYY-MM-DD), only days with spending, oldest first."),
    by_model: z
      .array(z.looseObject({ model: z.string(), spent: z.number(), generations: z.int() }))
      .describe("This month's spend per model."),
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

export type EstimateResponse = z.infer<typeof estimateResponseSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;
export type AccountLimitsResponse = z.infer<typeof limitsResponseSchema>;
export type PromptLintResponse = z.infer<typeof lintResponseSchema>;
export type PromptBuildResponse = z.infer<typeof buildResponseSchema>;
