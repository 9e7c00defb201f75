/**
 * The studio's live view of the account's generations: fed by the account event stream
 * (`GET /v1/events` through `reelgate/client`'s `events()`: SSE over fetch, so the API key
 * travels in the Authorization header) and, when the server has no stream, by polling. Components
 * read it through `useGeneration` / `useLiveList` and re-render on each change.
 */
import { useSyncExternalStore } from 'react';
import type { StudioApi } from './client.ts';
import { ApiError } from './errors.ts';
import { finalStatuses, type Generation } from './types.ts';

export type Connection = 'connecting' | 'live' | 'polling' | 'offline';

export class LiveGenerations {
  readonly #byId = new Map<string, Generation>();
  readonly #deleted = new Set<string>();
  readonly #listeners = new Set<() => void>();
  #connection: Connection = 'connecting';
  #version = 0;
  #abort: AbortController | undefined;
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

  get(id: string): Generation | undefined {
    return this.#byId.get(id);
  }

  isDeleted(id: string): boolean {
    return this.#deleted.has(id);
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
    this.#changed();
  }

  remove(id: string): void {
    this.#deleted.add(id);
    this.#byId.delete(id);
    this.#changed();
  }

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    if (this.api.capabilities.has('get', '/v1/events')) void this.#stream(abort.signal);
    else void this.#poll(abort.signal);
  }

  /** Keeps the account stream open, reconnecting with capped backoff; polls if it is refused. */
  async #stream(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        for await (const event of this.api.client.events({ signal })) {
          failures = 0;
          this.#setConnection('live');
          this.#apply(event as unknown as Record<string, unknown>);
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
      this.#setConnection('connecting');
      await sleep(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), signal);
    }
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  #apply(event: Record<string, unknown>): void {
    if (event.type === 'snapshot') {
      if (Array.isArray(event.data)) for (const item of event.data) this.upsert(item as Generation);
      if (event.generation) this.upsert(event.generation as Generation);
      return;
    }
    const generation = event.generation as Generation | undefined;
    if (!generation?.id) return;
    if (event.type === 'generation:deleted') this.remove(generation.id);
    else this.upsert(generation);
  }

  async #poll(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const page = await this.api.listGenerations({ limit: 50 }, signal);
        for (const generation of page.data) this.upsert(generation);
        this.#setConnection('polling');
      } catch {
        if (signal.aborted) return;
        this.#setConnection('offline');
      }
      await sleep(2500, signal);
    }
  }

  #setConnection(connection: Connection): void {
    if (this.#connection === connection) return;
    this.#connection = connection;
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
