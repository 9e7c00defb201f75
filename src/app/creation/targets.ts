/**
 * Resolving what a request asks for into a target (catalog entry, configured provider, size)
 * and, for long requests and storyboards, into a segment plan; with the typical time to the
 * finished video. Shared by creation and estimates so both decide alike.
 */
import type { CatalogEntry, CatalogSize } from '../../core/catalog/catalog-entry.ts';
import type { CatalogRegistry, WantedOutput } from '../../core/catalog/registry.ts';
import { invalidRequest } from '../../core/errors.ts';
import type { CreateGenerationInput } from '../../core/generation.ts';
import type { StoryboardShot } from '../../core/planning.ts';
import { mapRequest } from '../../core/request-mapping.ts';
import {
  capabilitiesFromCatalog,
  planLongVideo,
  planStoryboard,
  type SegmentPlan,
} from '../../core/segment-plan.ts';
import type { EngineDeps } from '../../worker/engine-deps.ts';
import type { ProviderBinding } from '../../providers/provider-port.ts';
import { typicalMs } from '../../core/deadline.ts';

export interface Target {
  entry: CatalogEntry;
  provider: ProviderBinding;
  size: CatalogSize;
  warnings: string[];
}

/** The configured provider of a catalog entry, or a 400 naming the models available here. */
export function providerFor(deps: EngineDeps, entry: CatalogEntry): ProviderBinding {
  const provider = deps.providers.get(entry.provider);
  if (provider) return provider;
  const available = deps.catalog.forProviders(new Set(deps.providers.keys())).map((item) => item.modelId);
  throw invalidRequest(
    `Model '${entry.modelId}' is not available here (provider ${entry.provider} is not configured). Available: ${available.join(', ')}.`,
    'model',
    { models: available },
  );
}

/** Model and size only: a long duration is the plan's business, not one call's. */
export function resolveTarget(
  deps: EngineDeps,
  model: string | undefined,
  resolution: CreateGenerationInput['resolution'],
  size: string | undefined,
  aspectRatio?: string | null | undefined,
): Target {
  const entry = deps.catalog.resolve(model, { resolution, size });
  const provider = providerFor(deps, entry);
  const mapped = mapRequest(entry, { resolution, size, durationSeconds: null, aspectRatio });
  return { entry, provider, size: mapped.size, warnings: mapped.warnings };
}

export function planSegments(
  entry: CatalogEntry,
  kind: 'long' | 'storyboard',
  shots: readonly StoryboardShot[],
  maxTotalSeconds: number,
): SegmentPlan {
  // What the model's binding can send (catalog `continuity`): extension, returned last frames...
  const capabilities = capabilitiesFromCatalog(entry);
  const options = { maxTotalSeconds };
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

/** Typical time to the finished video: segments chained along dependencies, waves in parallel. */
export function typicalTotalMs(
  deps: EngineDeps,
  target: Target,
  plan: SegmentPlan | null,
  seconds: number,
  timeScale: number = target.provider.timeScale,
): number {
  const scaled = { ...target.provider, timeScale } as ProviderBinding;
  const one = (duration: number) => typicalMs(deps, target.entry.id, target.size.size, duration, scaled);
  if (!plan) return one(seconds);
  const finish = new Map<number, number>();
  for (const segment of plan.segments) {
    const start = segment.dependsOn === null ? 0 : (finish.get(segment.dependsOn) ?? 0);
    finish.set(segment.index, start + one(segment.durationSeconds));
  }
  return Math.max(0, ...finish.values());
}

/** The routed catalog's note when a retired model name (sora-2...) was sent elsewhere. */
export function routeWarnings(
  catalog: CatalogRegistry,
  model: string | null | undefined,
  wanted: WantedOutput = {},
): string[] {
  const router = catalog as CatalogRegistry & {
    route?: (name: string | null | undefined, wanted: WantedOutput) => { warnings: string[] };
  };
  return model && typeof router.route === 'function'
    ? router.route(model, { resolution: wanted.resolution, size: wanted.size }).warnings
    : [];
}
