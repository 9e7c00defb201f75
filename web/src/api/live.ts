/**
 * The studio's live view of the account's generations: fed by the account event stream
 * (`GET /v1/events`, SSE over fetch) and, when the server has no stream, by polling. Components
 * read it through `useGeneration` / `useLiveList` and re-render on each change.
 */
import { useSyncExternalStore } from 'react';
import type { StudioApi } from './client.ts';
import { keepStreaming } from './sse.ts';
import type { Generation } from './types.ts';

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
    // Events may arrive out of order with list answers: keep the most recently updated copy.
    if (known?.updated_at && generation.updated_at && generation.updated_at < known.updated_at) return;
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
    if (this.api.capabilities.has('get', '/v1/events')) {
      void keepStreaming({
        url: `${this.api.baseUrl}/v1/events`,
        apiKey: this.api.apiKey,
        signal: abort.signal,
        onOpen: () => this.#setConnection('live'),
        onDrop: () => this.#setConnection('connecting'),
        onRefused: () => {
          this.#setConnection('polling');
          void this.#poll(abort.signal);
        },
        onMessage: (message) => this.#apply(message.event, message.data),
      });
    } else {
      this.#setConnection('polling');
      void this.#poll(abort.signal);
    }
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  #apply(event: string, data: string): void {
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      return;
    }
    if (!body || typeof body !== 'object') return;
    if (event === 'snapshot') {
      const list = (body as { data?: unknown }).data;
      if (Array.isArray(list)) for (const item of list) this.upsert(item as Generation);
      return;
    }
    const generation = (body as { generation?: Generation }).generation;
    if (!generation?.id) return;
    if (event === 'generation:deleted') this.remove(generation.id);
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
      await new Promise((resolve) => setTimeout(resolve, 2500));
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
