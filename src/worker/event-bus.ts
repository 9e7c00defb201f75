/**
 * The in-process bus for typed `generation:*` events. The SSE streams, logs and metrics
 * subscribe; tests await events instead of sleeping. Listener errors are isolated.
 */
import type { GenerationEvent, GenerationEventType } from '../core/generation.ts';

export type EventListener = (event: GenerationEvent) => void;

export interface EventFilter {
  accountId?: string | undefined;
  generationId?: string | undefined;
  types?: readonly GenerationEventType[] | undefined;
}

export class GenerationEventBus {
  readonly #listeners = new Set<{ filter: EventFilter; listener: EventListener }>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  emit(event: GenerationEvent): void {
    for (const entry of [...this.#listeners]) {
      const { filter } = entry;
      if (filter.accountId !== undefined && filter.accountId !== event.generation.accountId) continue;
      if (filter.generationId !== undefined && filter.generationId !== event.generation.id) continue;
      if (filter.types && !filter.types.includes(event.type)) continue;
      try {
        entry.listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(filter: EventFilter, listener: EventListener): () => void {
    const entry = { filter, listener };
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Resolves with the first matching event (tests and `wait` helpers). */
  next(filter: EventFilter, signal?: AbortSignal): Promise<GenerationEvent> {
    return new Promise((resolve, reject) => {
      const unsubscribe = this.subscribe(filter, (event) => {
        unsubscribe();
        resolve(event);
      });
      signal?.addEventListener(
        'abort',
        () => {
          unsubscribe();
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
