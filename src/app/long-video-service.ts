/**
 * The engine's service with issue 5 on top: pre-flight checks before any paid call (content
 * policy, per-account budgets and concurrency, the cost estimate stored on every generation),
 * long requests and storyboards planned as segments (a parent generation with its stored plan;
 * the worker runs the segments, src/worker/segments), estimates, prompt help, usage and limits.
 *
 * @example
 * const service = new ReelgateService(deps, { wake: () => worker.wake() });
 * await service.create('acct_1', { prompt: 'a fox in snow', durationSeconds: 60, surface: 'generations' });
 * await service.createStoryboard('acct_1', { shots: [{ prompt: 'dawn', durationSeconds: 8 }, { prompt: 'dusk', durationSeconds: 8 }] });
 */
import { randomBytes } from 'node:crypto';
import { budgetWindows, checkBudget, remainingBudget } from '../core/budget.ts';
import type { CatalogEntry, CatalogSize } from '../core/catalog/catalog-entry.ts';
import { assertContentPolicy, checkContentPolicy, type PolicyOptions } from '../core/content-policy.ts';
import { type CostEstimate, estimatePlan, estimateSingle } from '../core/cost-estimate.ts';
import { enhancePrompt, type PromptEnhancer } from '../core/enhance-prompt.ts';
import { invalidRequest, ReelgateError } from '../core/errors.ts';
import type { CreateGenerationInput, Generation } from '../core/generation.ts';
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
import {
  capabilitiesFromCatalog,
  planLongVideo,
  planStoryboard,
  type SegmentModelCapabilities,
  type SegmentPlan,
} from '../core/segment-plan.ts';
import type { StoredSegmentPlan } from '../core/segmented-video.ts';
import { getGeneration } from '../db/queries/get-generation.ts';
import { toGeneration } from '../db/queries/generation-row.ts';
import { insertGeneration } from '../db/queries/insert-generation.ts';
import {
  type AccountLimits,
  accountSpend,
  listSegmentRows,
  readAccountLimits,
  runningJobs,
  setPlanAndEstimate,
  spendPerModel,
  writeAccountLimits,
} from '../db/queries/segments.ts';
import type { EngineDeps } from '../worker/engine-deps.ts';
import type { ProviderBinding } from '../worker/provider-port.ts';
import { cancelSegments } from '../worker/segments/children.ts';
import { deadlineFor, typicalMs } from '../worker/step-context.ts';
import { EngineGenerationService, maxPromptLength, type ServiceOptions } from './generation-service.ts';

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

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/webp']);

interface Target {
  entry: CatalogEntry;
  provider: ProviderBinding;
  size: CatalogSize;
  warnings: string[];
}

export class ReelgateService extends EngineGenerationService implements PlanningService {
  readonly #deps: EngineDeps;
  readonly #wake: () => void;
  readonly #maxTotalSeconds: number;
  readonly #enhancer: PromptEnhancer | null;
  readonly #policy: Pick<PolicyOptions, 'allowRules' | 'extraRules'>;
  readonly #checkImageUrl: ServiceOptions['checkImageUrl'];
  readonly #checkUnknownAccounts: boolean;
  /** Serialises check-then-insert per account, so concurrent requests cannot both slip under a budget. */
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(deps: EngineDeps, options: ServiceOptions = {}, planning: PlanningOptions = {}) {
    super(deps, options);
    this.#deps = deps;
    this.#wake = options.wake ?? (() => {});
    this.#maxTotalSeconds = planning.maxTotalSeconds ?? 600;
    this.#enhancer = planning.enhancer ?? null;
    this.#policy = planning.policy ?? {};
    this.#checkImageUrl = options.checkImageUrl;
    this.#checkUnknownAccounts = planning.checkUnknownAccounts ?? false;
  }

  get enhancementEnabled(): boolean {
    return this.#enhancer !== null;
  }

  override async create(accountId: string, input: CreateGenerationInput): Promise<Generation> {
    const prompt = typeof input.prompt === 'string' ? input.prompt.trim() : '';
    if (!input.parentId && prompt && input.durationSeconds !== undefined) {
      const entry = this.#deps.catalog.resolve(input.model);
      if (input.durationSeconds > entry.maxDurationPerCallSeconds + 1e-9) {
        return this.#createSegmented(accountId, 'long', {
          shots: [{ prompt, durationSeconds: input.durationSeconds }],
          model: input.model,
          resolution: input.resolution,
          size: input.size,
          image: input.image,
          surface: input.surface,
        });
      }
    }
    return this.#exclusive(accountId, async () => {
      const limits = await readAccountLimits(this.#deps.db, accountId);
      if (prompt) assertContentPolicy(prompt, this.#policyOptions(limits));
      const estimate = await this.#singleEstimate(accountId, input);
      if (estimate) await this.#assertBudget(accountId, limits, estimate.totalUsd, 1);
      const generation = await super.create(accountId, input);
      if (!estimate) return generation;
      await setPlanAndEstimate(this.#deps.db, generation.id, { estimate });
      return { ...generation, estimate };
    });
  }

  async createStoryboard(accountId: string, input: StoryboardInput): Promise<Generation> {
    if (!Array.isArray(input.shots) || input.shots.length === 0) {
      throw invalidRequest('A storyboard needs at least one shot.', 'shots');
    }
    return this.#createSegmented(accountId, 'storyboard', { ...input, surface: 'storyboard' });
  }

  override async cancel(accountId: string, id: string): Promise<Generation> {
    const generation = await super.cancel(accountId, id);
    if (generation.plan && generation.state === 'canceled') {
      const rows = await listSegmentRows(this.#deps.db, id);
      await cancelSegments(this.#deps, rows, 'The video was canceled.');
    }
    return generation;
  }

  override async delete(accountId: string, id: string): Promise<boolean> {
    const existing = await getGeneration(this.#deps.db, accountId, id);
    const segments = existing?.plan ? await listSegmentRows(this.#deps.db, id) : [];
    const deleted = await super.delete(accountId, id);
    if (deleted) for (const row of segments) await super.delete(row.account_id, row.id).catch(() => false);
    return deleted;
  }

  async estimate(accountId: string, input: EstimateInput): Promise<EstimateResult> {
    const shots = this.#shotsOf(input);
    const target = this.#target(input.model, input.resolution, input.size);
    const limits = await readAccountLimits(this.#deps.db, accountId);
    const total = shots.reduce((sum, shot) => sum + shot.durationSeconds, 0);
    const segmented = input.shots !== undefined || total > target.entry.maxDurationPerCallSeconds + 1e-9;
    let plan: SegmentPlan | null = null;
    let cost: CostEstimate;
    let durationSeconds: number;
    const warnings = [...target.warnings];
    if (segmented) {
      plan = this.#plan(target.entry, input.shots ? 'storyboard' : 'long', shots);
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
    const policyOptions = this.#policyOptions(limits);
    const violations = shots.flatMap((shot) =>
      checkContentPolicy(shot.prompt, policyOptions).map((violation) => ({
        ...violation,
        message: `Refused by policy rule '${violation.rule}' ("${violation.matched}").`,
      })),
    );
    const lint = shots.flatMap((shot) =>
      lintPrompt(shot.prompt, { maxLength: maxPromptLength, durationSeconds: shot.durationSeconds }),
    );
    const usage = await this.#usageNow(accountId);
    const decision = checkBudget(
      limits,
      usage,
      { costUsd: cost.totalUsd, concurrentJobs: plan?.waves[0]?.length ?? 1 },
      this.#deps.clock.now(),
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
            remaining: remainingBudget(limits, usage, this.#deps.clock.now()),
            code: decision.error.code,
            message: decision.error.message,
          },
      typicalSeconds: Math.round(this.#typicalTotalMs(target, plan, durationSeconds, 1) / 1000),
    };
  }

  async usage(accountId: string): Promise<UsageReport> {
    const now = this.#deps.clock.now();
    const windows = budgetWindows(now);
    const limits = await readAccountLimits(this.#deps.db, accountId);
    const [day, month, running, perModel] = await Promise.all([
      accountSpend(this.#deps.db, accountId, windows.dayStartMs, windows.dayEndMs),
      accountSpend(this.#deps.db, accountId, windows.monthStartMs, windows.monthEndMs),
      runningJobs(this.#deps.db, accountId),
      spendPerModel(this.#deps.db, accountId, windows.monthStartMs, windows.monthEndMs),
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
      perModel,
      policyCheck: limits.policyCheck,
    };
  }

  async lintPrompt(
    accountId: string,
    input: { prompt: string; model?: string | undefined; durationSeconds?: number | undefined },
  ): Promise<PromptLintResult> {
    if (input.model) this.#deps.catalog.resolve(input.model);
    const limits = await readAccountLimits(this.#deps.db, accountId);
    const options = this.#policyOptions(limits);
    const violations = checkContentPolicy(input.prompt, options).map((violation) => ({
      ...violation,
      message: `Refused by policy rule '${violation.rule}' ("${violation.matched}").`,
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
    assertContentPolicy(
      result.prompt,
      this.#policyOptions(await readAccountLimits(this.#deps.db, accountId)),
    );
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

  // ---- internals ------------------------------------------------------------------------------

  async #exclusive<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(accountId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.#locks.set(accountId, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(accountId) === tail) this.#locks.delete(accountId);
    }
  }

  #policyOptions(limits: AccountLimits): PolicyOptions {
    const enabled = limits.known ? limits.policyCheck : this.#checkUnknownAccounts;
    return { enabled, ...this.#policy };
  }

  async #usageNow(accountId: string) {
    const windows = budgetWindows(this.#deps.clock.now());
    const [day, month, running] = await Promise.all([
      accountSpend(this.#deps.db, accountId, windows.dayStartMs, windows.dayEndMs),
      accountSpend(this.#deps.db, accountId, windows.monthStartMs, windows.monthEndMs),
      runningJobs(this.#deps.db, accountId),
    ]);
    return { spentTodayUsd: day.spentUsd, spentThisMonthUsd: month.spentUsd, running };
  }

  async #assertBudget(
    accountId: string,
    limits: AccountLimits,
    costUsd: number,
    jobs: number,
  ): Promise<void> {
    if (limits.dailyUsd == null && limits.monthlyUsd == null && limits.maxConcurrent == null) return;
    const decision = checkBudget(
      limits,
      await this.#usageNow(accountId),
      { costUsd, concurrentJobs: jobs },
      this.#deps.clock.now(),
    );
    if (!decision.ok) throw decision.error;
  }

  /** The estimate of a plain generation (or remix); undefined when the request will be refused anyway. */
  async #singleEstimate(accountId: string, input: CreateGenerationInput): Promise<CostEstimate | undefined> {
    try {
      if (input.parentId) {
        const parent = await getGeneration(this.#deps.db, accountId, input.parentId);
        if (!parent) return undefined;
        const entry = this.#deps.catalog.resolve(parent.model);
        const size = entry.sizes.find((item) => item.size === parent.size);
        return size ? estimateSingle(entry, size, parent.duration_seconds) : undefined;
      }
      const entry = this.#deps.catalog.resolve(input.model);
      const mapped = mapRequest(entry, {
        resolution: input.resolution,
        size: input.size,
        durationSeconds: input.durationSeconds,
      });
      return estimateSingle(entry, mapped.size, mapped.durationSeconds);
    } catch {
      // The engine's own validation reports the problem with its usual message.
      return undefined;
    }
  }

  #target(
    model: string | undefined,
    resolution: CreateGenerationInput['resolution'],
    size: string | undefined,
  ): Target {
    const deps = this.#deps;
    const entry = deps.catalog.resolve(model);
    const provider = deps.providers.get(entry.provider);
    if (!provider) {
      const available = deps.catalog.forProviders(new Set(deps.providers.keys())).map((item) => item.modelId);
      throw invalidRequest(
        `Model '${entry.modelId}' is not available here (provider ${entry.provider} is not configured). Available: ${available.join(', ')}.`,
        'model',
        { models: available },
      );
    }
    // Size only: a long duration is the plan's business, not one call's.
    const mapped = mapRequest(entry, { resolution, size, durationSeconds: null });
    return { entry, provider, size: mapped.size, warnings: mapped.warnings };
  }

  #capabilities(entry: CatalogEntry): SegmentModelCapabilities {
    // No provider binding sends a native "extend this video" call yet: chain last frames instead.
    return { ...capabilitiesFromCatalog(entry), supportsExtension: false };
  }

  #plan(entry: CatalogEntry, kind: 'long' | 'storyboard', shots: readonly StoryboardShot[]): SegmentPlan {
    const capabilities = this.#capabilities(entry);
    const options = { maxTotalSeconds: this.#maxTotalSeconds };
    if (kind === 'long') {
      const shot = shots[0]!;
      return planLongVideo(
        capabilities,
        { prompt: shot.prompt, durationSeconds: shot.durationSeconds },
        options,
      );
    }
    return planStoryboard(
      capabilities,
      shots.map((shot) => ({
        prompt: shot.prompt,
        durationSeconds: shot.durationSeconds,
        ...(shot.continuePrevious ? { continuePrevious: true } : {}),
      })),
      options,
    );
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

  /** Typical time to the finished video: segments chained along dependencies, waves in parallel. */
  #typicalTotalMs(target: Target, plan: SegmentPlan | null, seconds: number, scale: number): number {
    const one = (duration: number) =>
      typicalMs(this.#deps, target.entry.id, target.size.size, duration, {
        ...target.provider,
        timeScale: scale,
      } as ProviderBinding);
    if (!plan) return one(seconds);
    const finish = new Map<number, number>();
    for (const segment of plan.segments) {
      const start = segment.dependsOn === null ? 0 : (finish.get(segment.dependsOn) ?? 0);
      finish.set(segment.index, start + one(segment.durationSeconds));
    }
    return Math.max(0, ...finish.values());
  }

  async #createSegmented(
    accountId: string,
    kind: 'long' | 'storyboard',
    input: StoryboardInput & {
      image?: CreateGenerationInput['image'];
      surface: Generation['requested']['surface'];
    },
  ): Promise<Generation> {
    const deps = this.#deps;
    input.shots.forEach((shot, index) => {
      const param = kind === 'storyboard' ? `shots[${index}].prompt` : 'prompt';
      if (typeof shot.prompt !== 'string' || !shot.prompt.trim()) {
        throw invalidRequest('Each prompt must be a non-empty string.', param);
      }
      if (shot.prompt.length > maxPromptLength) {
        throw invalidRequest(`prompt is longer than ${maxPromptLength} characters.`, param);
      }
    });
    const crossfade = input.crossfadeSeconds ?? 0;
    if (!Number.isFinite(crossfade) || crossfade < 0 || crossfade > 2) {
      throw invalidRequest('crossfade must be between 0 and 2 seconds.', 'crossfade');
    }
    const target = this.#target(input.model, input.resolution, input.size);
    if (input.image && !target.entry.imageToVideo) {
      throw invalidRequest(`${target.entry.modelId} does not accept a reference image.`, 'image_url');
    }
    const shots = input.shots.map((shot) => ({ ...shot, prompt: shot.prompt.trim() }));
    const plan = this.#plan(target.entry, kind, shots);
    return this.#exclusive(accountId, async () => {
      const limits = await readAccountLimits(deps.db, accountId);
      shots.forEach((shot, index) => {
        assertContentPolicy(shot.prompt, {
          ...this.#policyOptions(limits),
          param: kind === 'storyboard' ? `shots[${index}].prompt` : 'prompt',
        });
      });
      const estimate = estimatePlan(target.entry, target.size, plan);
      await this.#assertBudget(accountId, limits, estimate.totalUsd, plan.waves[0]?.length ?? 1);

      const id = `video_${randomBytes(16).toString('hex')}`;
      const inputs: Record<string, unknown> = {};
      if (input.image) inputs.reference = await this.#storeImage(id, input.image);
      const stored: StoredSegmentPlan = {
        version: 1,
        kind,
        crossfadeSeconds: crossfade,
        plan,
        segments: [],
        stitch: null,
      };
      const now = deps.clock.now();
      const typical = this.#typicalTotalMs(target, plan, plan.requestedSeconds, target.provider.timeScale);
      const row = await deps.db.transaction(async (tx) => {
        await insertGeneration(tx, {
          id,
          account_id: accountId,
          state: 'accepted',
          provider: target.entry.provider,
          model: target.entry.id,
          model_id: target.entry.modelId,
          prompt: shots.map((shot) => shot.prompt).join('\n\n'),
          requested: {
            model: input.model ?? null,
            resolution: input.resolution ?? null,
            size: input.size ?? null,
            durationSeconds: plan.requestedSeconds,
            surface: input.surface,
          },
          size: target.size.size,
          resolution: target.size.resolution,
          duration_seconds: plan.requestedSeconds,
          inputs,
          warnings: [...target.warnings, ...plan.warnings],
          emulated: target.provider.emulated,
          parent_id: null,
          idempotency_key: `rg-${id}-plan`,
          next_check_at: now,
          expected_total_ms: Math.round(typical),
          eta_at: Math.round(now + typical),
          cost_usd: null,
          created_at: now,
          updated_at: now,
          deadline_at: deadlineFor(deps, now, typical, target.provider),
        });
        return setPlanAndEstimate(tx, id, { plan: stored, estimate });
      });
      const generation = toGeneration(row!);
      deps.metrics.created.inc({ model: row!.model });
      deps.logger.info(
        {
          generationId: id,
          model: row!.model,
          segments: plan.segments.length,
          seconds: plan.requestedSeconds,
        },
        'segmented generation accepted',
      );
      deps.events.emit({ type: 'generation:accepted', generation, at: now });
      this.#wake();
      return generation;
    });
  }

  async #storeImage(
    id: string,
    image: NonNullable<CreateGenerationInput['image']>,
  ): Promise<{ key?: string; url?: string; mediaType?: string }> {
    if ('url' in image) {
      if (this.#checkImageUrl) await this.#checkImageUrl(image.url, 'image_url');
      return { url: image.url };
    }
    const mediaType = image.mediaType.toLowerCase();
    if (!imageTypes.has(mediaType)) {
      throw new ReelgateError({
        code: 'unsupported_media_type',
        message: `Reference images must be PNG, JPEG or WebP (got ${image.mediaType}).`,
        param: 'input_reference',
      });
    }
    const extension = mediaType === 'image/jpeg' ? 'jpg' : mediaType.split('/')[1];
    const key = `generations/${id}/reference.${extension}`;
    await this.#deps.storage.put(key, oneChunk(image.data), {
      contentType: mediaType,
      expectedBytes: image.data.byteLength,
    });
    return { key, mediaType };
  }
}

async function* oneChunk(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}
