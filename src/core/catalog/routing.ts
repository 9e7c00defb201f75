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
import type { CatalogEntry } from './catalog-entry.ts';
import { falEntries } from './fal.ts';
import { googleEntries } from './google.ts';

import { openaiEntries } from './openai.ts';
import { CatalogRegistry } from './registry.ts';
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

  /** The entry a model name routes to, with a warning when the name was rewritten. */
  route(name: string | null | undefined): RouteResult {
    const entry = this.resolve(name);
    const key = name?.trim().toLowerCase() ?? '';
    const warnings =
      key && RETIRED_MODEL_NAMES.includes(key) && entry.modelId.toLowerCase() !== key
        ? [`model ${name} is retired; routed to ${entry.id}.`]
        : [];
    return { entry, warnings };
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
