/**
 * Planning, prompt help and spending, as the HTTP API and CLI see them (`PlanningService` from
 * src/core/planning.ts): storyboards (created by the creator), estimates, usage read from the
 * spend ledger (per window, per UTC day and per model), prompt lint/build/enhance, account
 * limits.
 */
import { resolveAssetRequests } from './creation/asset-inputs.ts';
import { budgetWindows, checkBudget, remainingBudget } from '../core/budget.ts';
import {
  assertContentPolicy,
  checkContentPolicy,
  describeViolations,
  type PolicyOptions,
} from '../core/content-policy.ts';
import { type CostEstimate, estimatePlan, estimateSingle } from '../core/cost-estimate.ts';
import { enhancePrompt, type PromptEnhancer } from '../core/enhance-prompt.ts';
import { invalidRequest, ReelgateError } from '../core/errors.ts';
import type { Generation } from '../core/generation.ts';
import type {
  AccountLimitsView,
  EstimateInput,
  EstimateResult,
  PlanningService,
  PromptLintResult,
  StoryboardInput,
  StoryboardShot,
  UsageReport,
} from '../core/planning.ts';
import { buildPrompt, type PromptParts } from '../core/prompt-builder.ts';
import { lintPrompt } from '../core/prompt-lint.ts';
import { mapRequest } from '../core/request-mapping.ts';
import { resolveRequestOptions } from '../core/request-options.ts';
import type { SegmentPlan } from '../core/segment-plan.ts';
import { readAccountLimits, runningJobs, writeAccountLimits } from '../db/queries/segments.ts';
import { ledgerSpend, ledgerSpendByDay, ledgerSpendByModel } from '../db/queries/spend-ledger.ts';
import type { EngineDeps } from '../worker/engine-deps.ts';
import { policyOptionsFor, readBudgetUsage } from '../worker/creation/admit.ts';
import { type GenerationCreator, maxPromptLength } from './creation/generation-creator.ts';
import { planSegments, resolveTarget, typicalTotalMs } from './creation/targets.ts';

export interface PlanningOptions {
  /** Longest total a long request or storyboard may ask for (default 600 s). */
  maxTotalSeconds?: number;
  /** A language model for prompt enhancement; off (null) by default. */
  enhancer?: PromptEnhancer | null;
  /** Operator policy settings applied to every account whose check is on. */
  policy?: Pick<PolicyOptions, 'allowRules' | 'extraRules'>;
  /**
   * Check prompts of account ids that have no row in `accounts` (the engine used directly as a
   * library, tests). Accounts made by keys or configuration always have a row, checked by default.
   * Default false.
   */
  checkUnknownAccounts?: boolean;
}

export class EnginePlanningService implements PlanningService {
  readonly #deps: EngineDeps;
  readonly #creator: GenerationCreator;
  readonly #enhancer: PromptEnhancer | null;

  constructor(deps: EngineDeps, creator: GenerationCreator, options: Pick<PlanningOptions, 'enhancer'> = {}) {
    this.#deps = deps;
    this.#creator = creator;
    this.#enhancer = options.enhancer ?? null;
  }

  get enhancementEnabled(): boolean {
    return this.#enhancer !== null;
  }

  createStoryboard(accountId: string, input: StoryboardInput): Promise<Generation> {
    return this.#creator.createStoryboard(accountId, input);
  }

  async estimate(accountId: string, input: EstimateInput): Promise<EstimateResult> {
    const deps = this.#deps;
    const shots = this.#shotsOf(input);
    const target = resolveTarget(deps, input.model, input.resolution, input.size, input.options?.aspectRatio);
    const limits = await readAccountLimits(deps.db, accountId);
    const total = shots.reduce((sum, shot) => sum + shot.durationSeconds, 0);
    const segmented = input.shots !== undefined || total > target.entry.maxDurationPerCallSeconds + 1e-9;
    let plan: SegmentPlan | null = null;
    let cost: CostEstimate;
    let durationSeconds: number;
    const warnings = [
      ...target.warnings,
      ...resolveRequestOptions(target.entry, input.options ?? {}).warnings,
    ];
    // Assets a model cannot take are named before anything is paid (they would not be sent).
    const assets = await resolveAssetRequests(
      deps.db,
      accountId,
      target.entry,
      input.shots
        ? input.shots.map((shot, index) => ({ ids: shot.assets, param: `shots[${index}].assets` }))
        : [{ ids: input.assets, param: 'assets' }],
    );
    warnings.push(...assets.warnings);
    if (segmented) {
      plan = planSegments(
        target.entry,
        input.shots ? 'storyboard' : 'long',
        shots,
        this.#creator.maxTotalSeconds,
      );
      cost = estimatePlan(target.entry, target.size, plan);
      durationSeconds = plan.requestedSeconds;
      warnings.push(...plan.warnings);
    } else {
      const mapped = mapRequest(target.entry, {
        size: target.size.size,
        durationSeconds: input.durationSeconds ?? null,
      });
      warnings.push(...mapped.warnings);
      cost = estimateSingle(target.entry, target.size, mapped.durationSeconds);
      durationSeconds = mapped.durationSeconds;
    }
    const policyOptions = policyOptionsFor(limits, this.#creator.admissionPolicy);
    const violations = shots.flatMap((shot) =>
      checkContentPolicy(shot.prompt, policyOptions).map((violation) => ({
        ...violation,
        message: `Would be refused: ${describeViolations([violation], policyOptions.extraRules)}.`,
      })),
    );
    const lint = shots.flatMap((shot) =>
      lintPrompt(shot.prompt, { maxLength: maxPromptLength, durationSeconds: shot.durationSeconds }),
    );
    const now = deps.clock.now();
    const usage = await readBudgetUsage(deps.db, accountId, now);
    const decision = checkBudget(
      limits,
      usage,
      { costUsd: cost.totalUsd, concurrentJobs: plan?.waves[0]?.length ?? 1 },
      now,
    );
    return {
      model: target.entry.id,
      size: target.size.size,
      resolution: target.size.resolution,
      durationSeconds,
      segmented,
      cost,
      plan,
      warnings,
      lint,
      policy: { enabled: policyOptions.enabled !== false, allowed: violations.length === 0, violations },
      budget: decision.ok
        ? { allowed: true, remaining: decision.remaining, code: null, message: null }
        : {
            allowed: false,
            remaining: remainingBudget(limits, usage, now),
            code: decision.error.code,
            message: decision.error.message,
          },
      typicalSeconds: Math.round(typicalTotalMs(deps, target, plan, durationSeconds, 1) / 1000),
    };
  }

  async usage(accountId: string): Promise<UsageReport> {
    const db = this.#deps.db;
    const now = this.#deps.clock.now();
    const windows = budgetWindows(now);
    const limits = await readAccountLimits(db, accountId);
    const [day, month, running, byModel, byDay] = await Promise.all([
      ledgerSpend(db, accountId, windows.dayStartMs, windows.dayEndMs),
      ledgerSpend(db, accountId, windows.monthStartMs, windows.monthEndMs),
      runningJobs(db, accountId),
      ledgerSpendByModel(db, accountId, windows.monthStartMs, windows.monthEndMs),
      ledgerSpendByDay(db, accountId, windows.monthStartMs, windows.monthEndMs),
    ]);
    const remaining = remainingBudget(
      limits,
      { spentTodayUsd: day.spentUsd, spentThisMonthUsd: month.spentUsd, running },
      now,
    );
    return {
      currency: 'USD',
      day: {
        spentUsd: day.spentUsd,
        reservedUsd: day.reservedUsd,
        budgetUsd: limits.dailyUsd ?? null,
        remainingUsd: remaining.dailyUsd,
        resetsAt: remaining.dayResetsAt,
        generations: day.count,
      },
      month: {
        spentUsd: month.spentUsd,
        reservedUsd: month.reservedUsd,
        budgetUsd: limits.monthlyUsd ?? null,
        remainingUsd: remaining.monthlyUsd,
        resetsAt: remaining.monthResetsAt,
        generations: month.count,
      },
      concurrency: { running, limit: limits.maxConcurrent ?? null },
      perModel: byModel,
      byDay: byDay.map((item) => ({
        date: new Date(item.dayStartMs).toISOString().slice(0, 10),
        costUsd: item.costUsd,
        count: item.count,
      })),
      policyCheck: limits.policyCheck,
    };
  }

  async lintPrompt(
    accountId: string,
    input: { prompt: string; model?: string | undefined; durationSeconds?: number | undefined },
  ): Promise<PromptLintResult> {
    if (input.model) this.#deps.catalog.resolve(input.model);
    const limits = await readAccountLimits(this.#deps.db, accountId);
    const options = policyOptionsFor(limits, this.#creator.admissionPolicy);
    const violations = checkContentPolicy(input.prompt, options).map((violation) => ({
      ...violation,
      message: `Would be refused: ${describeViolations([violation], options.extraRules)}.`,
    }));
    return {
      warnings: lintPrompt(input.prompt, {
        maxLength: maxPromptLength,
        durationSeconds: input.durationSeconds,
      }),
      policy: { enabled: options.enabled !== false, allowed: violations.length === 0, violations },
    };
  }

  buildPrompt(parts: PromptParts): { prompt: string; warnings: ReturnType<typeof lintPrompt> } {
    const prompt = buildPrompt(parts);
    return { prompt, warnings: lintPrompt(prompt, { maxLength: maxPromptLength }) };
  }

  async enhancePrompt(
    accountId: string,
    input: { prompt: string; durationSeconds?: number | undefined },
  ): Promise<{ prompt: string; original: string; enhanced: boolean }> {
    if (!this.#enhancer) {
      throw new ReelgateError({
        code: 'not_found',
        message: 'Prompt enhancement is not configured on this gateway.',
      });
    }
    const result = await enhancePrompt(this.#enhancer, {
      prompt: input.prompt,
      durationSeconds: input.durationSeconds,
      maxLength: maxPromptLength,
    });
    // The rewritten prompt must still pass the policy check.
    const limits = await readAccountLimits(this.#deps.db, accountId);
    assertContentPolicy(result.prompt, policyOptionsFor(limits, this.#creator.admissionPolicy));
    return result;
  }

  async getLimits(accountId: string): Promise<AccountLimitsView | undefined> {
    const exists = await this.#deps.db.query('SELECT 1 FROM accounts WHERE id = $1', [accountId]);
    if (exists.rows.length === 0) return undefined;
    const { known: _known, ...limits } = await readAccountLimits(this.#deps.db, accountId);
    return { accountId, ...limits };
  }

  async setLimits(
    accountId: string,
    patch: {
      dailyUsd?: number | null;
      monthlyUsd?: number | null;
      maxConcurrent?: number | null;
      policyCheck?: boolean;
    },
  ): Promise<AccountLimitsView | undefined> {
    if (!(await writeAccountLimits(this.#deps.db, accountId, patch))) return undefined;
    return this.getLimits(accountId);
  }

  #shotsOf(input: EstimateInput): StoryboardShot[] {
    if (input.shots !== undefined) {
      if (input.shots.length === 0) throw invalidRequest('A storyboard needs at least one shot.', 'shots');
      return input.shots;
    }
    const prompt = input.prompt?.trim() ?? '';
    if (!prompt) throw invalidRequest('prompt (or shots) is required.', 'prompt');
    const entry = this.#deps.catalog.resolve(input.model);
    return [{ prompt, durationSeconds: input.durationSeconds ?? entry.defaultDurationSeconds }];
  }
}
