/** Wire shapes (snake_case) of segmented generations, estimates, usage and account limits. */
import type { AccountLimitsResponse, EstimateResponse, UsageResponse } from '../planning.ts';
import type { Generation } from '../../core/generation.ts';
import type { GenerationResource } from '../generations.ts';
import type { AccountLimitsView, EstimateResult, UsageReport, UsageWindow } from '../../core/planning.ts';
import type { PromptLintWarning } from '../../core/prompt-lint.ts';
import type { PlanContinuity } from '../../core/segment-plan.ts';

/** How a plan joins its segments (mode, where last frames come from, why). */
function presentContinuity(continuity: PlanContinuity | null) {
  if (!continuity) return null;
  return {
    mode: continuity.mode,
    last_frame_from: continuity.lastFrameFrom,
    extension_repeats_source: continuity.extensionRepeatsSource,
    reason: continuity.reason,
  };
}

/** The plan, segments and estimate fields of a generation (empty for plain generations without them). */
export function presentSegmented(
  generation: Generation,
): Pick<GenerationResource, 'plan' | 'segments' | 'estimate'> {
  const out: Pick<GenerationResource, 'plan' | 'segments' | 'estimate'> = {};
  if (generation.plan) {
    const plan = generation.plan;
    out.plan = {
      kind: plan.kind,
      count: plan.count,
      requested_seconds: plan.requestedSeconds,
      planned_seconds: plan.plannedSeconds,
      overshoot_seconds: plan.overshootSeconds,
      crossfade_seconds: plan.crossfadeSeconds,
      waves: plan.waves.map((wave) => [...wave]),
      warnings: [...plan.warnings],
      continuity: presentContinuity(plan.continuity),
      stitch: plan.stitch
        ? {
            method: plan.stitch.method,
            reencode_reason: plan.stitch.reencodeReason,
            duration: plan.stitch.durationSeconds,
          }
        : null,
    };
  }
  if (generation.segments) {
    out.segments = generation.segments.map((segment) => ({
      index: segment.index,
      shot_index: segment.shotIndex,
      status: segment.status,
      progress: Math.round(segment.progress),
      duration: segment.durationSeconds,
      keep_seconds: segment.keepSeconds,
      start_seconds: segment.startSeconds,
      prompt: segment.prompt,
      continuity: segment.continuity,
      depends_on: segment.dependsOn,
      attempts: segment.attempts,
      generation_id: segment.generationId,
      reused: segment.reused,
      cost: segment.costUsd,
      error: segment.error,
    }));
  }
  if (generation.estimate) {
    out.estimate = {
      total_usd: generation.estimate.totalUsd,
      currency: generation.estimate.currency,
      per_second_usd: generation.estimate.perSecondUsd,
      billed_seconds: generation.estimate.billedSeconds,
      delivered_seconds: generation.estimate.deliveredSeconds,
      trimmed_seconds: generation.estimate.trimmedSeconds,
      pricing: { source: generation.estimate.pricing.source, as_of: generation.estimate.pricing.asOf },
    };
  }
  return out;
}

export function presentLint(warning: PromptLintWarning) {
  return {
    code: warning.code,
    message: warning.message,
    reason: warning.reason,
    suggestion: warning.suggestion,
  };
}

export function presentPolicy(policy: EstimateResult['policy']) {
  return {
    enabled: policy.enabled,
    allowed: policy.allowed,
    violations: policy.violations.map((violation) => ({
      rule: violation.rule,
      category: violation.category,
      matched: violation.matched,
      message: violation.message,
      hint: violation.hint,
    })),
  };
}

export function presentEstimate(estimate: EstimateResult): EstimateResponse {
  const cost = estimate.cost;
  return {
    object: 'estimate',
    total_usd: cost.totalUsd,
    currency: cost.currency,
    model: estimate.model,
    size: estimate.size,
    resolution: estimate.resolution,
    duration: estimate.durationSeconds,
    segmented: estimate.segmented,
    per_second_usd: cost.perSecondUsd,
    billed_seconds: cost.billedSeconds,
    delivered_seconds: cost.deliveredSeconds,
    trimmed_seconds: cost.trimmedSeconds,
    pricing: { source: cost.pricing.source, as_of: cost.pricing.asOf },
    warnings: estimate.warnings,
    notes: cost.notes,
    segments: cost.segments.map((segment) => {
      const planned = estimate.plan?.segments[segment.segmentIndex];
      return {
        index: segment.segmentIndex,
        shot_index: segment.shotIndex,
        duration: segment.billedSeconds,
        keep_seconds: planned?.keepSeconds ?? segment.billedSeconds,
        prompt: planned?.prompt ?? null,
        continuity: planned?.continuity ?? null,
        depends_on: planned?.dependsOn ?? null,
        cost_usd: segment.costUsd,
      };
    }),
    plan: estimate.plan
      ? {
          count: estimate.plan.segments.length,
          requested_seconds: estimate.plan.requestedSeconds,
          planned_seconds: estimate.plan.plannedSeconds,
          overshoot_seconds: estimate.plan.overshootSeconds,
          waves: estimate.plan.waves,
          continuity: presentContinuity(estimate.plan.continuity ?? null),
        }
      : null,
    lint: estimate.lint.map(presentLint),
    policy: presentPolicy(estimate.policy),
    budget: {
      allowed: estimate.budget.allowed,
      code: estimate.budget.code,
      message: estimate.budget.message,
      remaining: {
        daily_usd: estimate.budget.remaining.dailyUsd,
        monthly_usd: estimate.budget.remaining.monthlyUsd,
        concurrent_slots: estimate.budget.remaining.concurrentSlots,
        day_resets_at: estimate.budget.remaining.dayResetsAt,
        month_resets_at: estimate.budget.remaining.monthResetsAt,
      },
    },
    typical_seconds: estimate.typicalSeconds,
  };
}

function presentWindow(window: UsageWindow) {
  return {
    spent: window.spentUsd,
    reserved: window.reservedUsd,
    budget: window.budgetUsd,
    remaining: window.remainingUsd,
    resets_at: window.resetsAt,
    generations: window.generations,
  };
}

export function presentUsage(usage: UsageReport): UsageResponse {
  return {
    object: 'usage',
    currency: usage.currency,
    day: presentWindow(usage.day),
    month: presentWindow(usage.month),
    concurrency: usage.concurrency,
    per_model: usage.perModel.map((item) => ({ model: item.model, count: item.count, cost: item.costUsd })),
    // This month's spend per UTC day and per model, from the spend ledger (deleting never changes it).
    by_day: usage.byDay.map((item) => ({ date: item.date, spent: item.costUsd, generations: item.count })),
    by_model: usage.perModel.map((item) => ({
      model: item.model,
      spent: item.costUsd,
      generations: item.count,
    })),
    policy_check: usage.policyCheck,
  };
}

export function presentLimits(limits: AccountLimitsView): AccountLimitsResponse {
  return {
    object: 'account.limits',
    account_id: limits.accountId,
    daily_budget_usd: limits.dailyUsd ?? null,
    monthly_budget_usd: limits.monthlyUsd ?? null,
    concurrency_limit: limits.maxConcurrent ?? null,
    policy_check: limits.policyCheck,
  };
}
