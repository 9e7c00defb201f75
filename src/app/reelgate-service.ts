/**
 * The engine's whole service as one object: generations (create, read, list, cancel, delete,
 * files, events) and planning (storyboards, estimates, usage, prompt help, limits), composed
 * from a `GenerationCreator`, an `EngineGenerationService` and an `EnginePlanningService`.
 *
 * @example
 * const service = createReelgateService(deps, { wake: () => worker.wake() });
 * await service.create('acct_1', { prompt: 'a fox in snow', durationSeconds: 60, surface: 'generations' });
 */
import type { CreateGenerationInput, Generation, GenerationService } from '../core/generation.ts';
import type { PlanningService } from '../core/planning.ts';
import type { EngineDeps } from '../worker/engine-deps.ts';
import { type CreatorOptions, GenerationCreator } from './creation/generation-creator.ts';
import { EngineGenerationService, type ServiceOptions } from './generation-service.ts';
import { EnginePlanningService, type PlanningOptions } from './planning-service.ts';
import { type AssetImageFetch, EngineAssetService } from './assets/asset-service.ts';

export type ReelgateService = GenerationService &
  PlanningService &
  Required<Pick<GenerationService, 'fileUrl'>> & {
    /** The two halves, for wiring (HTTP takes planning as its own dependency). */
    readonly generations: EngineGenerationService;
    readonly planning: EnginePlanningService;
    readonly creator: GenerationCreator;
    /** Reusable reference images (`/v1/assets`). */
    readonly assets: EngineAssetService;
  };

export interface ReelgateServiceOptions
  extends ServiceOptions,
    Pick<CreatorOptions, 'wake' | 'checkImageUrl' | 'newSeed' | 'modelChains'> {
  /** Downloads the image of an asset created from a URL (through the outbound guard). */
  fetchAssetImage?: AssetImageFetch | undefined;
}

export function createReelgateService(
  deps: EngineDeps,
  options: ReelgateServiceOptions = {},
  planning: PlanningOptions = {},
): ReelgateService {
  const creator = new GenerationCreator(deps, {
    wake: options.wake,
    checkImageUrl: options.checkImageUrl,
    newSeed: options.newSeed,
    modelChains: options.modelChains,
    maxTotalSeconds: planning.maxTotalSeconds,
    policy: planning.policy,
    checkUnknownAccounts: planning.checkUnknownAccounts,
  });
  const generations = new EngineGenerationService(deps, creator, { presign: options.presign });
  const planner = new EnginePlanningService(deps, creator, { enhancer: planning.enhancer ?? null });
  const assets = new EngineAssetService(deps, {
    admission: creator.admissionPolicy,
    fetchImage: options.fetchAssetImage,
  });
  return {
    generations,
    planning: planner,
    creator,
    assets,
    create: (accountId: string, input: CreateGenerationInput): Promise<Generation> =>
      generations.create(accountId, input),
    get: generations.get.bind(generations),
    list: generations.list.bind(generations),
    cancel: generations.cancel.bind(generations),
    delete: generations.delete.bind(generations),
    openFile: generations.openFile.bind(generations),
    fileUrl: generations.fileUrl.bind(generations),
    subscribe: generations.subscribe.bind(generations),
    createStoryboard: planner.createStoryboard.bind(planner),
    estimate: planner.estimate.bind(planner),
    usage: planner.usage.bind(planner),
    lintPrompt: planner.lintPrompt.bind(planner),
    buildPrompt: planner.buildPrompt.bind(planner),
    enhancePrompt: planner.enhancePrompt.bind(planner),
    get enhancementEnabled() {
      return planner.enhancementEnabled;
    },
    getLimits: planner.getLimits.bind(planner),
    setLimits: planner.setLimits.bind(planner),
  };
}
