/**
 * The model catalog: entries from several files (one per provider family) in one registry,
 * looked up by routing id (`provider:model`), by the provider's model id, or by an alias.
 */
import { invalidRequest } from '../errors.ts';
import type { Resolution } from '../generation.ts';
import type { CatalogEntry } from './catalog-entry.ts';

/** What a request needs the model to make; lets a router pick among models a name may mean. */
export interface WantedOutput {
  resolution?: Resolution | null | undefined;
  /** `WIDTHxHEIGHT`; wins over `resolution`. */
  size?: string | null | undefined;
}

export class CatalogRegistry {
  readonly #entries = new Map<string, CatalogEntry>();
  readonly #names = new Map<string, string>();
  #defaultId: string | undefined;

  constructor(entries: readonly CatalogEntry[] = [], defaultId?: string) {
    for (const entry of entries) this.register(entry);
    if (defaultId !== undefined) this.setDefault(defaultId);
  }

  /** Adds an entry; a later entry with the same id replaces the earlier one. */
  register(entry: CatalogEntry): void {
    this.#entries.set(entry.id, entry);
    for (const name of [entry.id, entry.modelId, ...entry.aliases]) {
      const key = name.toLowerCase();
      // Keep the first claimant of an ambiguous short name; `provider:model` is always exact.
      if (!this.#names.has(key) || name === entry.id) this.#names.set(key, entry.id);
    }
    this.#defaultId ??= entry.id;
  }

  setDefault(id: string): void {
    if (!this.#entries.has(id)) throw new Error(`Unknown catalog entry ${id}`);
    this.#defaultId = id;
  }

  get defaultEntry(): CatalogEntry {
    const entry = this.#defaultId === undefined ? undefined : this.#entries.get(this.#defaultId);
    if (!entry) throw new Error('The model catalog is empty');
    return entry;
  }

  list(): CatalogEntry[] {
    return [...this.#entries.values()];
  }

  /** Entries whose provider is one of `providers` (the ones configured in this process). */
  forProviders(providers: ReadonlySet<string>): CatalogEntry[] {
    return this.list().filter((entry) => providers.has(entry.provider));
  }

  find(name: string): CatalogEntry | undefined {
    const id = this.#names.get(name.trim().toLowerCase());
    return id === undefined ? undefined : this.#entries.get(id);
  }

  /**
   * The entry for a requested model name (default when absent); invalid_request when unknown.
   * `wanted` lets a router choose among the models a name may mean (see RoutedCatalog).
   */
  resolve(name: string | null | undefined, _wanted?: WantedOutput): CatalogEntry {
    if (name === undefined || name === null || name.trim() === '') return this.defaultEntry;
    const entry = this.find(name);
    if (!entry) {
      const known = this.knownModelNames();
      throw invalidRequest(`Unknown model '${name}'. Available models: ${known.join(', ')}.`, 'model', {
        models: known,
      });
    }
    return entry;
  }

  /** The model names an "unknown model" error lists. */
  protected knownModelNames(): string[] {
    return this.list().map((item) => item.modelId);
  }
}
