/**
 * Turns generation events into webhook deliveries without ever holding up the pipeline: handling
 * an event is synchronous and returns at once; the work is one INSERT (a delivery for every
 * matching endpoint of the generation's account), done in the background, and a failure is only
 * logged. Sending happens elsewhere (delivery-worker.ts).
 *
 * Progress is throttled: at most one `video.progress` per generation per `progressMinIntervalMs`,
 * and at most one per 10% step (the step is part of the event id, so two processes emitting the
 * same step still enqueue it once).
 *
 * @example
 * const enqueuer = new WebhookEnqueuer({ db, clock, present });
 * const detach = enqueuer.attach(events); // the engine's GenerationEventBus
 */
import type { Clock } from '../core/clock.ts';
import type { Generation, GenerationEvent } from '../core/generation.ts';
import type { Queryable } from '../db/db.ts';
import { systemClock } from '../shared/system-clock.ts';
import { buildWebhookMessage, progressStepPercent, webhookTypeFor } from './events.ts';
import { enqueueDeliveries } from './queries/deliveries.ts';

export interface WebhookEnqueuerOptions {
  db: Queryable;
  clock?: Clock | undefined;
  /** The public representation put in `data` (e.g. the API's video presenter with its signed URL). */
  present?: ((generation: Generation) => Record<string, unknown>) | undefined;
  /** Default 5 s. */
  progressMinIntervalMs?: number | undefined;
  onError?: ((error: unknown, event: GenerationEvent) => void) | undefined;
}

/** What the enqueuer needs from the engine's event bus. */
export interface EventSource {
  subscribe(filter: Record<string, never>, listener: (event: GenerationEvent) => void): () => void;
}

const maxTrackedGenerations = 50_000;

export class WebhookEnqueuer {
  readonly #db: Queryable;
  readonly #clock: Clock;
  readonly #present: ((generation: Generation) => Record<string, unknown>) | undefined;
  readonly #progressMinIntervalMs: number;
  readonly #onError: (error: unknown, event: GenerationEvent) => void;
  readonly #lastProgress = new Map<string, { at: number; step: number }>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: WebhookEnqueuerOptions) {
    this.#db = options.db;
    this.#clock = options.clock ?? systemClock;
    this.#present = options.present;
    this.#progressMinIntervalMs = options.progressMinIntervalMs ?? 5_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Subscribes to every generation event; returns the unsubscribe function. */
  attach(bus: EventSource): () => void {
    return bus.subscribe({}, (event) => this.handle(event));
  }

  /** Synchronous and non-throwing: schedules the insert and returns. */
  handle(event: GenerationEvent): void {
    const pending = this.enqueue(event).catch((error: unknown) => this.#onError(error, event));
    this.#inFlight.add(pending);
    void pending.finally(() => this.#inFlight.delete(pending));
  }

  /** The awaitable form: how many deliveries were created (0 when filtered or throttled). */
  async enqueue(event: GenerationEvent): Promise<number> {
    const type = webhookTypeFor(event);
    if (!type) return 0;
    const generation = event.generation;
    if (type === 'video.progress') {
      if (!this.#progressDue(generation)) return 0;
    } else {
      this.#lastProgress.delete(generation.id);
    }
    const message = buildWebhookMessage(type, generation, event.at, this.#present);
    return enqueueDeliveries(this.#db, {
      accountId: generation.accountId,
      eventId: message.eventId,
      type,
      generationId: generation.id,
      payload: message.payload,
      nowMs: this.#clock.now(),
    });
  }

  /** Resolves when every insert scheduled so far has finished (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #progressDue(generation: Generation): boolean {
    const step = Math.floor(generation.progress / progressStepPercent) * progressStepPercent;
    const now = this.#clock.now();
    const last = this.#lastProgress.get(generation.id);
    if (last && (step <= last.step || now - last.at < this.#progressMinIntervalMs)) return false;
    if (this.#lastProgress.size >= maxTrackedGenerations) {
      const oldest = this.#lastProgress.keys().next().value;
      if (oldest !== undefined) this.#lastProgress.delete(oldest);
    }
    this.#lastProgress.delete(generation.id);
    this.#lastProgress.set(generation.id, { at: now, step });
    return true;
  }
}
