/**
 * `GET /v1/models` (the enabled catalog) and `GET /v1/models/{model_id}`: declared on the gateway's
 * app (behind its auth) by `declareModelRoutes`, or served alone by `modelsRoutes`. The presenter
 * is shared with `reelgate models`.
 *
 * @example
 * app.use('/v1/models', ctx.auth);
 * declareModelRoutes(app, { catalog, enabledProviders: () => new Set(providers.keys()) });
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  type ModelResource,
  modelListQuerySchema,
  modelListSchema,
  modelSchema,
} from '../../contract/models.ts';
import { type CircuitState, circuitStatus } from '../../core/circuit-breaker.ts';
import {
  type CatalogEntry,
  estimateCostUsd,
  optionSupportOf,
  supportedDurations,
  typicalGenerationSeconds,
} from '../../core/catalog/catalog-entry.ts';
import type { CatalogRegistry } from '../../core/catalog/registry.ts';
import { continuityModes, continuityOf } from '../../core/catalog/continuity.ts';
import { maxReferenceImages } from '../../core/assets.ts';
import { notFound } from '../../core/errors.ts';
import type { AppEnv } from '../env.ts';
import { createOpenApiApp } from '../openapi/openapi-app.ts';
import { jsonResponse } from '../openapi/responses.ts';

export interface ModelsRouteOptions {
  catalog: CatalogRegistry;
  /** Providers configured in this process (the list shows only their models unless `?all=true`). */
  enabledProviders: () => ReadonlySet<string>;
  /** Each provider's shared circuit state (src/db/queries/provider-circuit.ts) and the time now. */
  circuits?: () => Promise<{ states: readonly CircuitState[]; nowMs: number }>;
}

/** A provider's circuit as the API shows it. */
export function presentCircuit(state: CircuitState | undefined, nowMs: number) {
  const status = circuitStatus(state, nowMs);
  return {
    status,
    open_until: status === 'open' && state?.openedUntil ? Math.floor(state.openedUntil / 1000) : null,
    consecutive_failures: state?.consecutiveFailures ?? 0,
  };
}

/** Which request options the model honours, and the provider options it takes. */
function presentOptions(entry: CatalogEntry) {
  const support = optionSupportOf(entry);
  return {
    seed: support.seed,
    generate_audio: support.generateAudio,
    fps: support.fps,
    fps_values: support.fpsValues ? [...support.fpsValues] : null,
    negative_prompt: support.negativePrompt,
    aspect_ratios: [...new Set(entry.sizes.map((size) => size.aspectRatio))],
    provider_options: Object.fromEntries(
      Object.entries(support.providerOptions).map(([key, spec]) => [
        key,
        {
          type: spec.type,
          ...(spec.values ? { values: [...spec.values] } : {}),
          ...(spec.min !== undefined ? { min: spec.min } : {}),
          ...(spec.max !== undefined ? { max: spec.max } : {}),
          description: spec.description,
        },
      ]),
    ),
    source: support.source,
  };
}

/** One catalog entry as the API shows it (snake_case, like the rest of the OpenAI-style surface). */
export function presentModel(entry: CatalogEntry, enabled: boolean): ModelResource {
  const defaultSize = entry.sizes.find((size) => size.size === entry.defaultSize) ?? entry.sizes[0]!;
  return {
    id: entry.id,
    object: 'model' as const,
    owned_by: entry.provider,
    provider: entry.provider,
    model_id: entry.modelId,
    display_name: entry.displayName,
    aliases: [...entry.aliases],
    enabled,
    durations:
      entry.durations.kind === 'list'
        ? { kind: 'list', seconds: supportedDurations(entry) }
        : {
            kind: 'range',
            min_seconds: entry.durations.minSeconds,
            max_seconds: entry.durations.maxSeconds,
            step_seconds: entry.durations.stepSeconds,
          },
    default_duration_seconds: entry.defaultDurationSeconds,
    max_duration_per_call_seconds: entry.maxDurationPerCallSeconds,
    sizes: entry.sizes.map((size) => ({
      size: size.size,
      resolution: size.resolution,
      aspect_ratio: size.aspectRatio,
      orientation: size.orientation,
      price_per_second_usd: size.pricePerSecondUsd ?? entry.pricing.perSecondUsd,
    })),
    default_size: entry.defaultSize,
    audio: entry.audio,
    image_to_video: entry.imageToVideo,
    extension: {
      supported: entry.extension.supported,
      max_seconds_per_extension: entry.extension.maxSecondsPerExtension ?? null,
      max_total_seconds: entry.extension.maxTotalSeconds ?? null,
    },
    continuity: presentContinuity(entry),
    pricing: {
      per_second_usd: entry.pricing.perSecondUsd,
      source: entry.pricing.source,
      as_of: entry.pricing.asOf,
      default_clip_usd: estimateCostUsd(entry, defaultSize, entry.defaultDurationSeconds),
    },
    typical_generation_seconds: Math.round(
      typicalGenerationSeconds(entry, defaultSize, entry.defaultDurationSeconds),
    ),
    sources: [...entry.sources],
    options: presentOptions(entry),
  };
}

/** What long videos on this model use at each joint (best first), as reelgate can send it. */
function presentContinuity(entry: CatalogEntry) {
  const support = continuityOf(entry);
  return {
    modes: continuityModes(entry),
    first_frame: support.firstFrame,
    last_frame: support.lastFrame,
    returns_last_frame: support.returnsLastFrame !== undefined,
    multi_shot: support.multiShot ? { max_shots: support.multiShot.maxShots } : null,
    reference_images: support.referenceImages,
    max_reference_images: maxReferenceImages(entry),
    notes: [...support.notes],
  };
}

export type PresentedModel = ModelResource;

/** The listing: enabled models (or all with `includeDisabled`), and the default model's id. */
export function listModels(catalog: CatalogRegistry, enabled: ReadonlySet<string>, includeDisabled = false) {
  const entries = includeDisabled ? catalog.list() : catalog.forProviders(enabled);
  let defaultModel: string | null = null;
  try {
    defaultModel = catalog.defaultEntry.id;
  } catch {
    defaultModel = null;
  }
  return {
    object: 'list' as const,
    data: entries.map((entry) => presentModel(entry, enabled.has(entry.provider))),
    default_model: defaultModel,
  };
}

export const listModelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  operationId: 'listModels',
  summary: 'The model catalog: models of configured providers (`?all=true` for every known model)',
  tags: ['Models'],
  request: { query: modelListQuerySchema },
  responses: { 200: jsonResponse(modelListSchema, 'The catalog.') },
});

export const getModelRoute = createRoute({
  method: 'get',
  // The id may hold slashes (`fal:fal-ai/veo3/fast`): the router matches the rest of the path.
  path: '/v1/models/{model_id{.+}}',
  operationId: 'getModel',
  summary: 'One catalog entry (durations, sizes, audio, image-to-video, price per second with its source)',
  tags: ['Models'],
  request: {
    params: z.object({ model_id: z.string().describe('A catalog id such as `openai:sora-2`, or an alias.') }),
  },
  responses: {
    200: jsonResponse(modelSchema, 'The model.'),
    404: { description: 'Unknown model.' },
  },
});

/** Declares both routes on `app` (its middleware, e.g. auth, applies). */
export function declareModelRoutes(app: OpenAPIHono<AppEnv>, options: ModelsRouteOptions): void {
  const withCircuit = async (models: ModelResource[]): Promise<ModelResource[]> => {
    if (!options.circuits) return models;
    const { states, nowMs } = await options.circuits();
    const byProvider = new Map(states.map((state) => [state.provider, state]));
    return models.map((model) => ({
      ...model,
      circuit: presentCircuit(byProvider.get(model.provider), nowMs),
    }));
  };
  app.openapi(listModelsRoute, async (c) => {
    const listing = listModels(
      options.catalog,
      options.enabledProviders(),
      c.req.valid('query').all === 'true',
    );
    return c.json({ ...listing, data: await withCircuit(listing.data) }, 200);
  });
  app.openapi(getModelRoute, async (c) => {
    const entry = options.catalog.find(c.req.valid('param').model_id);
    if (!entry) throw notFound('model');
    const [model] = await withCircuit([presentModel(entry, options.enabledProviders().has(entry.provider))]);
    return c.json(model!, 200);
  });
}

/** The two routes as an app of their own (no auth). */
export function modelsRoutes(options: ModelsRouteOptions): OpenAPIHono<AppEnv> {
  const app = createOpenApiApp();
  declareModelRoutes(app, options);
  return app;
}
