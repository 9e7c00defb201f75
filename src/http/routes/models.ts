/**
 * `GET /v1/models` (the enabled catalog) and `GET /v1/models/{id}`, as a standalone Hono
 * sub-app the gateway mounts behind its auth middleware. The presenter is shared with
 * `reelgate models`.
 *
 * @example
 * app.use('/v1/models', ctx.auth);
 * app.route('/', modelsRoutes({ catalog, enabledProviders: () => new Set(providers.keys()) }));
 */
import { Hono } from 'hono';
import {
  type CatalogEntry,
  estimateCostUsd,
  supportedDurations,
  typicalGenerationSeconds,
} from '../../core/catalog/catalog-entry.ts';
import type { CatalogRegistry } from '../../core/catalog/registry.ts';
import { notFound } from '../../core/errors.ts';

export interface ModelsRouteOptions {
  catalog: CatalogRegistry;
  /** Providers configured in this process (the list shows only their models unless `?all=true`). */
  enabledProviders: () => ReadonlySet<string>;
}

/** One catalog entry as the API shows it (snake_case, like the rest of the OpenAI-style surface). */
export function presentModel(entry: CatalogEntry, enabled: boolean) {
  const defaultSize = entry.sizes.find((size) => size.size === entry.defaultSize) ?? entry.sizes[0]!;
  return {
    id: entry.id,
    object: 'model' as const,
    owned_by: entry.provider,
    provider: entry.provider,
    model_id: entry.modelId,
    display_name: entry.displayName,
    aliases: entry.aliases,
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
    pricing: {
      per_second_usd: entry.pricing.perSecondUsd,
      source: entry.pricing.source,
      as_of: entry.pricing.asOf,
      default_clip_usd: estimateCostUsd(entry, defaultSize, entry.defaultDurationSeconds),
    },
    typical_generation_seconds: Math.round(
      typicalGenerationSeconds(entry, defaultSize, entry.defaultDurationSeconds),
    ),
    sources: entry.sources,
  };
}

export type PresentedModel = ReturnType<typeof presentModel>;

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

export function modelsRoutes(options: ModelsRouteOptions): Hono {
  const app = new Hono();
  app.get('/v1/models', (c) =>
    c.json(listModels(options.catalog, options.enabledProviders(), c.req.query('all') === 'true')),
  );
  app.get('/v1/models/:id{.+}', (c) => {
    const entry = options.catalog.find(c.req.param('id'));
    if (!entry) throw notFound('model');
    return c.json(presentModel(entry, options.enabledProviders().has(entry.provider)));
  });
  return app;
}
