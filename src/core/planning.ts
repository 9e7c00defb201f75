/**
 * The engine's planning, prompt-help and spending features as the HTTP API and CLI
 * see them: storyboards, estimates, prompt lint/build/enhance, usage and account limits. Types
 * only; implemented by src/app/planning-service.ts. The HTTP layer offers the matching routes when
 * it is given a planning service.
 */
import type { RequestedExtras } from './request-options.ts';
import type { BudgetLimits, RemainingBudget } from './budget.ts';
import type { CostEstimate } from './cost-estimate.ts';
import type { PolicyViolation } from './content-policy.ts';
import type { Generation, Resolution } from './generation.ts';
import type { PromptParts } from './prompt-builder.ts';
import type { PromptLintWarning } from './prompt-lint.ts';
import type { SegmentPlan } from './segment-plan.ts';

export interface StoryboardShot {
  prompt: string;
  durationSeconds: number;
  /** Continue the previous shot (no cut) instead of a hard cut. */
  continuePrevious?: boolean | undefined;
  /** Asset ids (`asset_...`) sent as reference images with this shot's provider calls. */
  assets?: readonly string[] | undefined;
}

export interface StoryboardInput {
  shots: StoryboardShot[];
  model?: string | undefined;
  resolution?: Resolution | undefined;
  size?: string | undefined;
  /** Crossfade at each joint, seconds (forces a re-encode). Default 0. */
  crossfadeSeconds?: number | undefined;
}

export interface EstimateInput {
  /** One prompt (with `durationSeconds`), or `shots` for a storyboard. */
  prompt?: string | undefined;
  shots?: StoryboardShot[] | undefined;
  model?: string | undefined;
  resolution?: Resolution | undefined;
  size?: string | undefined;
  durationSeconds?: number | undefined;
  /** Asset ids of a single prompt (shots name their own): a model without references warns. */
  assets?: readonly string[] | undefined;
  /** Request options: an option the model ignores is a warning on the estimate. */
  options?: RequestedExtras | undefined;
}

export interface EstimateResult {
  model: string;
  size: string;
  resolution: Resolution;
  /** Seconds delivered (what was asked for, after mapping). */
  durationSeconds: number;
  /** True when the request is made of several provider calls. */
  segmented: boolean;
  cost: CostEstimate;
  plan: SegmentPlan | null;
  /** Adjustments made to fit the model (size, duration, plan). */
  warnings: string[];
  lint: PromptLintWarning[];
  policy: { enabled: boolean; allowed: boolean; violations: Array<PolicyViolation & { message: string }> };
  budget: { allowed: boolean; remaining: RemainingBudget; code: string | null; message: string | null };
  /** Typical time until the video is ready, seconds (segments chained along dependencies). */
  typicalSeconds: number;
}

export interface UsageWindow {
  /** Spent plus reserved by unfinished generations, USD. */
  spentUsd: number;
  reservedUsd: number;
  budgetUsd: number | null;
  remainingUsd: number | null;
  resetsAt: string;
  generations: number;
}

export interface UsageReport {
  currency: 'USD';
  day: UsageWindow;
  month: UsageWindow;
  concurrency: { running: number; limit: number | null };
  /** This month, per model. */
  perModel: Array<{ model: string; count: number; costUsd: number }>;
  /** This month, per UTC day with spending (`date` is YYYY-MM-DD). */
  byDay: Array<{ date: string; count: number; costUsd: number }>;
  policyCheck: boolean;
}

export interface AccountLimitsView extends BudgetLimits {
  accountId: string;
  policyCheck: boolean;
}

export interface PromptLintResult {
  warnings: PromptLintWarning[];
  policy: EstimateResult['policy'];
}

export interface PlanningService {
  createStoryboard(accountId: string, input: StoryboardInput): Promise<Generation>;
  estimate(accountId: string, input: EstimateInput): Promise<EstimateResult>;
  usage(accountId: string): Promise<UsageReport>;
  lintPrompt(
    accountId: string,
    input: { prompt: string; model?: string | undefined; durationSeconds?: number | undefined },
  ): Promise<PromptLintResult>;
  buildPrompt(parts: PromptParts): { prompt: string; warnings: PromptLintWarning[] };
  /** Rewrites a prompt with the configured language model; undefined when none is configured. */
  enhancePrompt?(
    accountId: string,
    input: { prompt: string; durationSeconds?: number | undefined },
  ): Promise<{ prompt: string; original: string; enhanced: boolean }>;
  readonly enhancementEnabled: boolean;
  getLimits(accountId: string): Promise<AccountLimitsView | undefined>;
  setLimits(
    accountId: string,
    patch: {
      dailyUsd?: number | null;
      monthlyUsd?: number | null;
      maxConcurrent?: number | null;
      policyCheck?: boolean;
    },
  ): Promise<AccountLimitsView | undefined>;
}
