/**
 * Every billable create of the API: plain generations, remixes, long videos (planned as
 * segments) and storyboards. Each request is validated, admitted (policy, estimate, budget),
 * made into one row by the row factory and written by `createGeneration`.
 *
 * @example
 * const creator = new GenerationCreator(deps, { wake: () => worker.wake() });
 * await creator.create('acct_1', { prompt: 'a fox in snow', durationSeconds: 60, surface: 'generations' });
 */
import { type CostEstimate, estimatePlan, estimateSingle } from '../../core/cost-estimate.ts';
import { invalidRequest, notFound, ReelgateError } from '../../core/errors.ts';
import type { CreateGenerationInput, Generation } from '../../core/generation.ts';
import type { GenerationInputs } from '../../core/generation-inputs.ts';
import type { StoryboardInput } from '../../core/planning.ts';
import { randomInt } from 'node:crypto';
import { type ModelChains, noModelChains, optionsForModel } from '../../core/fallback-policy.ts';
import { mapRequest } from '../../core/request-mapping.ts';
import { readStoredOptions, resolveRequestOptions } from '../../core/request-options.ts';
import type { StoredSegmentPlan } from '../../core/segmented-video.ts';
import { getGeneration } from '../../db/queries/get-generation.ts';
import { type GenerationRow, toGeneration } from '../../db/queries/generation-row.ts';
import { type AccountCreateSettings, readAccountCreateSettings } from '../../db/queries/segments.ts';
import type { EngineDeps } from '../../worker/engine-deps.ts';
import { type AdmissionPolicy, admitPrompts, admitPromptsWithin } from '../../worker/creation/admit.ts';
import { announceCreated, createGeneration } from '../../worker/creation/create-generation.ts';
import { expandModelChain } from '../model-chain.ts';
import { checkReferenceImage, type ImageUrlCheck, storeReferenceImage } from './reference-images.ts';
import { resolveAssetRequests, storeAssetCopies } from './asset-inputs.ts';
import { ownedAssetKeys } from '../../core/assets.ts';
import { recordRefusedGeneration } from './refused-generation.ts';
import { newGenerationId, newGenerationRow } from '../../worker/creation/row-factory.ts';
import { planSegments, providerFor, resolveTarget, routeWarnings, typicalTotalMs } from './targets.ts';

export const maxPromptLength = 32_000;

export interface CreatorOptions extends AdmissionPolicy {
  /** Wakes the local worker when new work exists. */
  wake?: (() => void) | undefined;
  /** Refuses `image_url` inputs the outbound guard would refuse. */
  checkImageUrl?: ImageUrlCheck | undefined;
  /** Longest total a long request or storyboard may ask for (default 600 s). */
  maxTotalSeconds?: number | undefined;
  /** Draws the seed stored for models that take one when the request names none. */
  newSeed?: (() => number) | undefined;
  /** Model aliases and the server's default fallback list. */
  modelChains?: ModelChains | undefined;
}

type SegmentedInput = StoryboardInput & {
  image?: CreateGenerationInput['image'];
  aspectRatio?: string | null | undefined;
  surface: Generation['requested']['surface'];
};

export class GenerationCreator {
  readonly #deps: EngineDeps;
  readonly #options: CreatorOptions;
  readonly #wake: () => void;

  constructor(deps: EngineDeps, options: CreatorOptions = {}) {
    this.#deps = deps;
    this.#options = options;
    this.#wake = options.wake ?? (() => {});
  }

  get maxTotalSeconds(): number {
    return this.#options.maxTotalSeconds ?? 600;
  }

  get admissionPolicy(): AdmissionPolicy {
    return this.#options;
  }

  /**
   * A plain generation, a remix (`parentId`), or a long video when the duration needs segments.
   * With `refusals: 'failed-generation'`, a prompt the pre-flight policy refuses is recorded as
   * a generation that ended failed instead of thrown (src/app/creation/refused-generation.ts).
   */
  async create(accountId: string, requested: CreateGenerationInput): Promise<Generation> {
    try {
      return await this.#create(accountId, requested);
    } catch (error) {
      if (requested.refusals !== 'failed-generation' || !isPolicyRefusal(error)) throw error;
      return recordRefusedGeneration(this.#deps, { accountId, input: requested, refusal: error });
    }
  }

  async #create(accountId: string, requested: CreateGenerationInput): Promise<Generation> {
    const deps = this.#deps;
    // The account's limits and default list, read once (one statement) when first needed.
    let account: Promise<AccountCreateSettings> | undefined;
    const accountSettings = () => (account ??= readAccountCreateSettings(deps.db, accountId));
    // A fallback list (or an alias, or a default list) starts on its first usable model.
    const { input, route } = await expandModelChain(
      deps,
      this.#options.modelChains ?? noModelChains,
      accountId,
      requested,
      async () => (await accountSettings()).defaultModels,
    );
    const prompt = checkedPrompt(input.prompt, 'prompt');
    if (!input.parentId && input.durationSeconds !== undefined) {
      const entry = deps.catalog.resolve(input.model, input);
      if (input.durationSeconds > entry.maxDurationPerCallSeconds + 1e-9) {
        return this.#createSegmented(accountId, 'long', {
          shots: [{ prompt, durationSeconds: input.durationSeconds, assets: input.assets }],
          model: input.model,
          resolution: input.resolution,
          size: input.size,
          image: input.image,
          surface: input.surface,
          aspectRatio: input.options?.aspectRatio,
        });
      }
    }
    let parent: GenerationRow | undefined;
    if (input.parentId) {
      parent = await getGeneration(deps.db, accountId, input.parentId);
      if (!parent) throw notFound('video');
      if (parent.state !== 'completed') {
        throw invalidRequest(
          `Video '${input.parentId}' is not completed; only completed videos can be remixed.`,
          'video_id',
        );
      }
    }
    const entry = parent ? deps.catalog.resolve(parent.model) : deps.catalog.resolve(input.model, input);
    const provider = providerFor(deps, entry);
    const mapped = parent
      ? mapRequest(entry, { size: parent.size, durationSeconds: parent.duration_seconds })
      : mapRequest(entry, {
          resolution: input.resolution,
          size: input.size,
          durationSeconds: input.durationSeconds,
          aspectRatio: input.options?.aspectRatio,
        });
    const asked = input.options ?? {};
    const extras = resolveRequestOptions(entry, route ? optionsForModel(entry, asked) : asked, {
      drawSeed: this.#options.newSeed ?? (() => randomInt(0, 2_147_483_647)),
      inherited: parent ? readStoredOptions(parent.inputs) : undefined,
    });
    if (input.image) {
      if (!entry.imageToVideo) {
        throw invalidRequest(`${entry.modelId} does not accept a reference image.`, 'input_reference');
      }
      const param =
        'url' in input.image && input.surface === 'videos'
          ? 'input_reference.image_url'
          : 'url' in input.image
            ? 'image_url'
            : 'input_reference';
      await checkReferenceImage(input.image, param, this.#options.checkImageUrl);
    }
    const inputs: Omit<GenerationInputs, 'version'> = {};
    if (Object.keys(extras.options).length > 0) inputs.options = extras.options;
    if (route) inputs.fallback = route;
    if (parent) {
      const remix = provider.remixOptions?.(parent.operation as never);
      if (!remix) throw invalidRequest(`${entry.modelId} cannot remix videos.`, 'video_id');
      inputs.providerOptions = remix as NonNullable<GenerationInputs['providerOptions']>;
    }
    const assets = await resolveAssetRequests(deps.db, accountId, entry, [
      { ids: input.assets, param: 'assets' },
    ]);
    const limits = admitPromptsWithin(
      (await accountSettings()).limits,
      [{ prompt, param: 'prompt' }],
      this.#options,
    );
    const estimate = tryEstimate(() => estimateSingle(entry, mapped.size, mapped.durationSeconds));
    const id = newGenerationId(deps);
    if (input.image) inputs.reference = await storeReferenceImage(deps.storage, id, input.image);
    if (assets.sent) inputs.assets = (await storeAssetCopies(deps.storage, id, assets.groups))[0] ?? [];
    const row = newGenerationRow(deps, {
      id,
      accountId,
      model: entry.id,
      provider,
      modelId: entry.modelId,
      prompt,
      requested: {
        model: requested.models ? requested.models.join(',') : (requested.model ?? null),
        resolution: input.resolution ?? null,
        size: input.size ?? null,
        durationSeconds: input.durationSeconds ?? null,
        surface: input.surface,
      },
      size: mapped.size.size,
      resolution: mapped.size.resolution,
      durationSeconds: mapped.durationSeconds,
      inputs,
      warnings: [
        // An alias for a list is no catalog name: only a model name can have been rerouted.
        ...routeWarnings(
          deps.catalog,
          parent || !requested.model || !deps.catalog.find(requested.model) ? null : requested.model,
          input,
        ),
        ...mapped.warnings,
        ...extras.warnings,
        ...assets.warnings,
      ],
      parentId: parent?.id ?? null,
      typicalMs: typicalTotalMs(
        deps,
        { entry, provider, size: mapped.size, warnings: [] },
        null,
        mapped.durationSeconds,
      ),
      estimate,
    });
    const created = await this.#write(row, inputs, {
      accountId,
      limits,
      request: { costUsd: estimate?.totalUsd ?? null, concurrentJobs: 1 },
    });
    announceCreated(deps, created, this.#wake);
    return toGeneration(created);
  }

  async createStoryboard(accountId: string, input: StoryboardInput): Promise<Generation> {
    if (!Array.isArray(input.shots) || input.shots.length === 0) {
      throw invalidRequest('A storyboard needs at least one shot.', 'shots');
    }
    return this.#createSegmented(accountId, 'storyboard', { ...input, surface: 'storyboard' });
  }

  async #createSegmented(
    accountId: string,
    kind: 'long' | 'storyboard',
    input: SegmentedInput,
  ): Promise<Generation> {
    const deps = this.#deps;
    const paramOf = (index: number) => (kind === 'storyboard' ? `shots[${index}].prompt` : 'prompt');
    const shots = input.shots.map((shot, index) => ({
      ...shot,
      prompt: checkedPrompt(shot.prompt, paramOf(index)),
    }));
    const crossfade = input.crossfadeSeconds ?? 0;
    if (!Number.isFinite(crossfade) || crossfade < 0 || crossfade > 2) {
      throw invalidRequest('crossfade must be between 0 and 2 seconds.', 'crossfade');
    }
    const target = resolveTarget(deps, input.model, input.resolution, input.size, input.aspectRatio);
    if (input.image) {
      if (!target.entry.imageToVideo) {
        throw invalidRequest(`${target.entry.modelId} does not accept a reference image.`, 'image_url');
      }
      await checkReferenceImage(
        input.image,
        'url' in input.image ? 'image_url' : 'input_reference',
        this.#options.checkImageUrl,
      );
    }
    const plan = planSegments(target.entry, kind, shots, this.maxTotalSeconds);
    const assets = await resolveAssetRequests(
      deps.db,
      accountId,
      target.entry,
      shots.map((shot, index) => ({
        ids: shot.assets,
        param: kind === 'storyboard' ? `shots[${index}].assets` : 'assets',
      })),
    );
    const limits = await admitPrompts(
      deps.db,
      accountId,
      shots.map((shot, index) => ({ prompt: shot.prompt, param: paramOf(index) })),
      this.#options,
    );
    const estimate = estimatePlan(target.entry, target.size, plan);
    const id = newGenerationId(deps);
    const inputs: Omit<GenerationInputs, 'version'> = {};
    if (input.image) inputs.reference = await storeReferenceImage(deps.storage, id, input.image);
    if (assets.sent) inputs.shotAssets = await storeAssetCopies(deps.storage, id, assets.groups);
    const stored: StoredSegmentPlan = {
      version: 1,
      kind,
      crossfadeSeconds: crossfade,
      plan,
      segments: [],
      stitch: null,
    };
    const row = newGenerationRow(deps, {
      id,
      accountId,
      model: target.entry.id,
      provider: target.provider,
      modelId: target.entry.modelId,
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
      durationSeconds: plan.requestedSeconds,
      inputs,
      warnings: [...target.warnings, ...plan.warnings, ...assets.warnings],
      parentId: null,
      idempotencyKey: `rg-${id}-plan`,
      typicalMs: typicalTotalMs(deps, target, plan, plan.requestedSeconds),
      estimate,
      plan: stored,
    });
    const created = await this.#write(row, inputs, {
      accountId,
      limits,
      request: { costUsd: estimate.totalUsd, concurrentJobs: plan.waves[0]?.length ?? 1 },
    });
    announceCreated(deps, created, this.#wake, { segments: plan.segments.length });
    return toGeneration(created);
  }

  /** Writes the row (admission in the same transaction); a refused row leaves no stored image behind. */
  async #write(
    row: ReturnType<typeof newGenerationRow>,
    inputs: Omit<GenerationInputs, 'version'>,
    admission: NonNullable<Parameters<typeof createGeneration>[1]['admission']>,
  ): Promise<GenerationRow> {
    try {
      return await createGeneration(this.#deps, {
        row,
        admission,
        reserveUsd: (row.estimate as CostEstimate | undefined)?.totalUsd ?? 0,
      });
    } catch (error) {
      const keys = [inputs.reference?.key, ...ownedAssetKeys(inputs)];
      for (const key of keys) if (key) await this.#deps.storage.delete(key).catch(() => undefined);
      throw error;
    }
  }
}

function checkedPrompt(value: unknown, param: string): string {
  const prompt = typeof value === 'string' ? value.trim() : '';
  if (!prompt) {
    throw invalidRequest(
      param === 'prompt' ? 'prompt must be a non-empty string.' : 'Each prompt must be a non-empty string.',
      param,
    );
  }
  if (prompt.length > maxPromptLength) {
    throw invalidRequest(`prompt is longer than ${maxPromptLength} characters.`, param, {
      maxLength: maxPromptLength,
    });
  }
  return prompt;
}

/** An estimate, or undefined for a model without prices (nothing is held then). */
function tryEstimate(make: () => CostEstimate): CostEstimate | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** The pre-flight policy's refusal (thrown before anything is stored or submitted). */
function isPolicyRefusal(error: unknown): error is ReelgateError {
  return error instanceof ReelgateError && error.code === 'input_refused';
}
