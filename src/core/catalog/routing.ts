/**
 * Model routing over the catalog: `provider:model-id` always names exactly one entry; short
 * names and aliases prefer providers that are enabled in this process; the retired OpenAI
 * names (`sora-2`, `sora-2-pro`, `sora-1.0` and their dated snapshots) go to a configurable
 * target, since those models are gone. Pure: the enabled set and targets are passed in.
 *
 * @example
 * const catalog = createRoutedCatalog({ enabledProviders: new Set(['fal', 'google']), retiredModelTarget: 'google:veo-3.1-fast-generate-preview' });
 * catalog.route('sora-2'); // { entry: Veo 3.1 Fast, warnings: ['model sora-2 is retired; routed to google:veo-3.1-fast-generate-preview.'] }
 */
import { alibabaEntries } from './alibaba.ts';
import { minimaxEntries } from './minimax.ts';
import { bytedanceEntries } from './bytedance.ts';
import { vertexEntries } from './google-vertex.ts';
import { gatewayEntries } from './gateway.ts';
import { openrouterEntries } from './openrouter.ts';
import type { CatalogEntry } from './catalog-entry.ts';
import { falEntries } from './fal.ts';
import { googleEntries } from './google.ts';

import { openaiEntries } from './openai.ts';
import { invalidRequest } from '../errors.ts';
import { CatalogRegistry, type WantedOutput } from './registry.ts';
import { replicateEntries } from './replicate.ts';
import { xaiEntries } from './xai.ts';

/** Names of OpenAI video models that no longer exist. */
export const RETIRED_MODEL_NAMES: readonly string[] = [
  'sora-2',
  'sora-2-pro',
  'sora-1.0',
  'sora',
  'sora-2-2025-10-06',
  'sora-2-2025-12-08',
  'sora-2-pro-2025-10-06',
];

/** Every entry this file family provides (OpenAI, fal, Google, Replicate, xAI), deduplicated by id. */
export const allCatalogEntries: readonly CatalogEntry[] = dedupe([
  ...openaiEntries,
  ...falEntries,
  ...googleEntries,
  ...replicateEntries,
  ...xaiEntries,
  ...alibabaEntries,
  ...minimaxEntries,
  ...bytedanceEntries,
  ...vertexEntries,
  ...gatewayEntries,
  ...openrouterEntries,
]);

export interface RoutingOptions {
  /** Providers configured in this process; aliases prefer their entries. */
  enabledProviders: ReadonlySet<string>;
  /** Where retired OpenAI names go (a model name or `provider:model`); default: the default model. */
  retiredModelTarget?: string | undefined;
  /** The model used when a request names none (a model name or `provider:model`). */
  defaultModel?: string | undefined;
}

export interface RouteResult {
  entry: CatalogEntry;
  warnings: string[];
}

export class RoutedCatalog extends CatalogRegistry {
  readonly #options: RoutingOptions;

  constructor(entries: readonly CatalogEntry[], options: RoutingOptions) {
    super(entries);
    this.#options = options;
  }

  /**
   * The entry a model name routes to, with a warning when the name was rewritten. A retired
   * name (`sora-1.0`...) goes to a model that can make what the request asks for: the
   * configured target when it can, else the first enabled model that makes the asked size or
   * resolution (the target's provider first, e.g. `sora-2-pro` for 1080p). When none makes it
   * and the target has nothing at or above the resolution, the request is refused naming the
   * models that could.
   */
  route(name: string | null | undefined, wanted: WantedOutput = {}): RouteResult {
    const key = name?.trim().toLowerCase() ?? '';
    const target = super.resolve(name);
    if (!key || !RETIRED_MODEL_NAMES.includes(key)) return { entry: target, warnings: [] };
    const entry = makes(target, wanted) ? target : (this.#alternativeFor(target, wanted) ?? target);
    if (!makes(entry, wanted) && !makesAbove(entry, wanted)) {
      const could = this.list().filter((item) => makes(item, wanted));
      const here = could.filter((item) => this.#options.enabledProviders.has(item.provider));
      const what = describeWanted(wanted);
      throw invalidRequest(
        `Model ${name} is retired and no model configured here makes ${what}.` +
          (could.length > 0
            ? ` Models that make ${what}: ${could.map((item) => item.id).join(', ')}${here.length === 0 ? ' (their providers are not configured on this server)' : ''}.`
            : '') +
          ` Models here: ${this.knownModelNames().join(', ')}.`,
        wanted.size ? 'size' : 'resolution',
        { models: could.map((item) => item.id) },
      );
    }
    if (entry.modelId.toLowerCase() === key) return { entry, warnings: [] };
    const why = entry === target ? '' : ` (the model here that makes ${describeWanted(wanted)})`;
    return { entry, warnings: [`model ${name} is retired; routed to ${entry.id}${why}.`] };
  }

  override resolve(name: string | null | undefined, wanted?: WantedOutput): CatalogEntry {
    return this.route(name, wanted).entry;
  }

  /** Unknown-model errors list what this server can run, not every model in the catalog. */
  protected override knownModelNames(): string[] {
    return [...new Set(this.enabled().map((entry) => entry.modelId))];
  }

  #alternativeFor(target: CatalogEntry, wanted: WantedOutput): CatalogEntry | undefined {
    const able = this.enabled().filter((entry) => makes(entry, wanted));
    return able.find((entry) => entry.provider === target.provider) ?? able[0];
  }

  override find(name: string): CatalogEntry | undefined {
    const key = name.trim().toLowerCase();
    const entries = this.list();
    const exact = entries.find((entry) => entry.id.toLowerCase() === key);
    if (exact) return exact;
    if (RETIRED_MODEL_NAMES.includes(key)) {
      const target = this.#options.retiredModelTarget;
      if (target && target.toLowerCase() !== key) return this.#named(target) ?? this.defaultEntry;
      return this.#byName(key, true) ?? this.defaultEntry;
    }
    return this.#byName(key, false);
  }

  override get defaultEntry(): CatalogEntry {
    const configured = this.#options.defaultModel ? this.#named(this.#options.defaultModel) : undefined;
    if (configured) return configured;
    const base = super.defaultEntry;
    if (this.#options.enabledProviders.has(base.provider)) return base;
    return this.list().find((entry) => this.#options.enabledProviders.has(entry.provider)) ?? base;
  }

  /** Models of enabled providers only (what `GET /v1/models` and `reelgate models` list). */
  enabled(): CatalogEntry[] {
    return this.forProviders(this.#options.enabledProviders);
  }

  #named(name: string): CatalogEntry | undefined {
    const key = name.trim().toLowerCase();
    return this.list().find((entry) => entry.id.toLowerCase() === key) ?? this.#byName(key, false);
  }

  /** Entries whose model id or alias is `key`, an enabled provider's first. */
  #byName(key: string, enabledOnly: boolean): CatalogEntry | undefined {
    const matches = this.list().filter(
      (entry) =>
        entry.modelId.toLowerCase() === key || entry.aliases.some((alias) => alias.toLowerCase() === key),
    );
    const enabled = matches.find((entry) => this.#options.enabledProviders.has(entry.provider));
    return enabledOnly ? enabled : (enabled ?? matches[0]);
  }
}

export interface RoutedCatalogOptions extends RoutingOptions {
  /** Named OpenAI-compatible providers (besides `openai`) that get copies of the OpenAI entries. */
  openaiCompatibleProviders?: readonly string[];
  extra?: readonly CatalogEntry[];
}

export function createRoutedCatalog(options: RoutedCatalogOptions): RoutedCatalog {
  const copies = (options.openaiCompatibleProviders ?? [])
    .filter((name) => name !== 'openai')
    .flatMap((name) =>
      openaiEntries.map((entry) => ({
        ...entry,
        id: `${name}:${entry.modelId}`,
        provider: name,
        aliases: [],
      })),
    );
  return new RoutedCatalog(dedupe([...allCatalogEntries, ...copies, ...(options.extra ?? [])]), options);
}

function dedupe(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const byId = new Map<string, CatalogEntry>();
  for (const entry of entries) byId.set(entry.id, entry);
  return [...byId.values()];
}

const resolutionRank = ['480p', '720p', '1080p'];

/** True when the entry offers exactly the asked size, or a size at the asked resolution. */
function makes(entry: CatalogEntry, wanted: WantedOutput): boolean {
  if (wanted.size) return entry.sizes.some((item) => item.size === wanted.size);
  if (wanted.resolution) return entry.sizes.some((item) => item.resolution === wanted.resolution);
  return true;
}

/** True when the request mapping can serve the asked resolution with a larger one (it warns). */
function makesAbove(entry: CatalogEntry, wanted: WantedOutput): boolean {
  if (wanted.size || !wanted.resolution) return false;
  const rank = resolutionRank.indexOf(wanted.resolution);
  return entry.sizes.some((item) => resolutionRank.indexOf(item.resolution) > rank);
}

function describeWanted(wanted: WantedOutput): string {
  return wanted.size ? `size ${wanted.size}` : `${wanted.resolution ?? 'the default size'}`;
}
