/**
 * The studio's live view of the account: generations fed by the account event stream
 * (`GET /v1/events` through `reelgate/client`'s `events()`: SSE over fetch, so the key stays in
 * the Authorization header) or by polling when a server has no stream; the connection state
 * (with "offline, retrying" and a Retry that reconnects at once); favourites; and the times at
 * which this browser saw each generation change status (the timings panel).
 */
import { useSyncExternalStore } from 'react';
import type { StreamEvent } from '../../../src/client/index.ts';
import type { StudioApi } from './client.ts';
import { ApiError } from './errors.ts';
import { finalStatuses, type Generation } from './types.ts';

export type Connection = 'connecting' | 'live' | 'polling' | 'offline';

/** When this browser first saw each status (ms since epoch). */
export type SeenTimes = Partial<Record<Generation['status'], number>>;

export class LiveGenerations {
  readonly #byId = new Map<string, Generation>();
  readonly #deleted = new Set<string>();
  readonly #seen = new Map<string, SeenTimes>();
  readonly #listeners = new Set<() => void>();
  #favorites = new Set<string>();
  #connection: Connection = 'connecting';
  #version = 0;
  #reconnects = 0;
  #abort: AbortController | undefined;
  #wake: (() => void) | undefined;
  readonly api: StudioApi;

  constructor(api: StudioApi) {
    this.api = api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get version(): number {
    return this.#version;
  }

  get connection(): Connection {
    return this.#connection;
  }

  /** Grows by one each time the connection comes back after being offline (screens reload then). */
  get reconnects(): number {
    return this.#reconnects;
  }

  get(id: string): Generation | undefined {
    return this.#byId.get(id);
  }

  seen(id: string): SeenTimes {
    return this.#seen.get(id) ?? {};
  }

  isDeleted(id: string): boolean {
    return this.#deleted.has(id);
  }

  isFavorite(id: string): boolean {
    return this.#favorites.has(id);
  }

  favoriteIds(): string[] {
    return [...this.#favorites];
  }

  /** Newest first. */
  all(): Generation[] {
    return [...this.#byId.values()].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
  }

  upsert(generation: Generation): void {
    if (this.#deleted.has(generation.id)) return;
    const known = this.#byId.get(generation.id);
    // Events and API answers can cross (a create answer may land after the stream already said
    // "failed"), and updated_at has one-second resolution: never move a generation backwards.
    if (known && isOlder(generation, known)) return;
    this.#byId.set(generation.id, generation);
    const seen = this.#seen.get(generation.id) ?? {};
    if (seen[generation.status] === undefined) {
      seen[generation.status] = Date.now();
      this.#seen.set(generation.id, seen);
    }
    this.#changed();
  }

  remove(id: string): void {
    this.#deleted.add(id);
    this.#byId.delete(id);
    this.#favorites.delete(id);
    this.#changed();
  }

  async setFavorite(id: string, favorite: boolean): Promise<void> {
    const before = new Set(this.#favorites);
    if (favorite) this.#favorites.add(id);
    else this.#favorites.delete(id);
    this.#changed();
    try {
      await this.api.client.setFavorite(id, favorite);
    } catch (error) {
      this.#favorites = before;
      this.#changed();
      throw error;
    }
  }

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    void this.#loadFavorites();
    if (this.api.has('get', '/v1/events')) void this.#stream(abort.signal);
    else void this.#poll(abort.signal);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /** Reconnect now instead of waiting for the next attempt (the Retry button). */
  retryNow(): void {
    this.#wake?.();
  }

  async #loadFavorites(): Promise<void> {
    if (!this.api.canFavorite) return;
    try {
      const list = await this.api.client.favorites();
      this.#favorites = new Set(list.data.map((item) => item.generation_id));
      this.#changed();
    } catch {
      // Offline or refused: the stars stay empty until the next reconnect reloads them.
    }
  }

  /** Keeps the account stream open, reconnecting with capped backoff; polls if it is refused. */
  async #stream(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        for await (const event of this.api.client.events({ signal })) {
          failures = 0;
          this.#setConnection('live');
          this.#apply(event);
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
          void this.#poll(signal);
          return;
        }
        failures += 1;
      }
      if (signal.aborted) return;
      // A stream that ends or breaks means the server went away: say so while retrying.
      this.#setConnection(failures > 0 ? 'offline' : 'connecting');
      await this.#sleep(Math.min(5000, 500 * 2 ** Math.min(failures, 4)), signal);
    }
  }

  #apply(event: StreamEvent): void {
    if (event.type === 'snapshot') {
      if ('data' in event) for (const item of event.data) this.upsert(item);
      else this.upsert(event.generation);
      return;
    }
    if (event.type === 'generation:deleted') this.remove(event.generation.id);
    else this.upsert(event.generation);
  }

  async #poll(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const page = await this.api.client.list({ limit: 50 }, { signal });
        for (const generation of page.data) this.upsert(generation);
        this.#setConnection('polling');
      } catch {
        if (signal.aborted) return;
        this.#setConnection('offline');
      }
      await this.#sleep(2500, signal);
    }
  }

  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  #setConnection(connection: Connection): void {
    if (this.#connection === connection) return;
    const wasOffline = this.#connection === 'offline';
    this.#connection = connection;
    if (wasOffline && (connection === 'live' || connection === 'polling')) {
      this.#reconnects += 1;
      void this.#loadFavorites();
    }
    this.#changed();
  }

  #changed(): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener();
  }
}

/** Re-renders on every change of the live store; returns its version number. */
export function useLiveVersion(live: LiveGenerations): number {
  return useSyncExternalStore(live.subscribe, () => live.version);
}

export function useGeneration(live: LiveGenerations, id: string | undefined): Generation | undefined {
  useLiveVersion(live);
  return id ? live.get(id) : undefined;
}

const stage: Record<string, number> = { queued: 0, running: 1, downloading: 2 };

/** True when `incoming` is an earlier picture of the generation than `known`. */
function isOlder(incoming: Generation, known: Generation): boolean {
  if (finalStatuses.has(known.status))
    return !finalStatuses.has(incoming.status) || incoming.updated_at < known.updated_at;
  if (incoming.updated_at !== known.updated_at) return incoming.updated_at < known.updated_at;
  if (finalStatuses.has(incoming.status)) return false;
  const incomingStage = stage[incoming.status] ?? 0;
  const knownStage = stage[known.status] ?? 0;
  return incomingStage < knownStage || (incomingStage === knownStage && incoming.progress < known.progress);
}
