/**
 * Delivers outgoing webhooks. Any number of these run (one per worker process); each claims due
 * deliveries from the database (FOR UPDATE SKIP LOCKED + lease), signs them per Standard Webhooks,
 * POSTs them through the outbound guard with a time limit, records the attempt and its response
 * code, and schedules a retry with backoff over hours or gives up. Delivery is at least once: a
 * worker that dies mid-attempt leaves the lease to expire and the next attempt goes out.
 *
 * It runs apart from the generation pipeline, which only ever inserts rows (see enqueue.ts).
 *
 * @example
 * const worker = new WebhookDeliveryWorker({ db, fetch: createGuardedFetch(webhookGuardOptions(config)) });
 * worker.start();
 * // on SIGTERM
 * await worker.stop();
 */
import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import type { Clock } from '../core/clock.ts';
import type { Random } from '../core/random.ts';
import type { Db } from '../db/db.ts';
import type { GuardedRequestInit } from '../net/outbound-guard.ts';
import { isOutboundRequestError } from '../net/outbound-errors.ts';
import { systemClock } from '../shared/system-clock.ts';
import { defaultTracing, markFailed, type Tracing } from '../telemetry/tracing.ts';
import { disableEndpoint } from './queries/endpoints.ts';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  nextDeliveryDueAt,
  recordAttempt,
} from './queries/deliveries.ts';
import { defaultRetryDelaysMs, nextRetryDelayMs } from './retry-schedule.ts';
import { plainSecretBox, type SecretBox } from './secrets.ts';
import { signWebhook } from './signing.ts';

/** The fetch the worker sends through: the outbound guard (it honours `timeoutMs`). */
export type WebhookFetch = (url: string, init: GuardedRequestInit) => Promise<Response>;

export interface WebhookAttemptResult {
  deliveryId: string;
  eventId: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  outcome: AttemptOutcome['status'];
  /** False when the lease ran out before the result could be recorded. */
  recorded: boolean;
}

export interface WebhookWorkerLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface WebhookDeliveryWorkerOptions {
  db: Db;
  fetch: WebhookFetch;
  clock?: Clock | undefined;
  random?: Random | undefined;
  secrets?: SecretBox | undefined;
  workerId?: string | undefined;
  /** Deliveries claimed (and sent concurrently) per round. Default 10. */
  batchSize?: number | undefined;
  /** How long a claimed delivery stays this worker's. Default 60 s (must exceed `timeoutMs`). */
  leaseMs?: number | undefined;
  /** Time limit of one POST, response included. Default 10 s. */
  timeoutMs?: number | undefined;
  /** Longest sleep when nothing is due. Default 1 s. */
  idlePollMs?: number | undefined;
  /** Delays between attempts; the delivery fails after the last. Default: 5 s ... 8 h. */
  retryDelaysMs?: readonly number[] | undefined;
  logger?: WebhookWorkerLogger | undefined;
  /** Called after each attempt (metrics, tests). */
  onAttempt?: ((result: WebhookAttemptResult) => void) | undefined;
  /** A `reelgate.webhook.deliver` span per attempt, in the trace of the generation it is about. */
  tracing?: Tracing | undefined;
  /** The stored `traceparent` of a generation (given only when spans are recorded). */
  traceContextOf?: ((generationId: string) => Promise<string | null>) | undefined;
}

const userAgent = 'reelgate-webhooks/1';

export class WebhookDeliveryWorker {
  readonly workerId: string;
  readonly #db: Db;
  readonly #fetch: WebhookFetch;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #secrets: SecretBox;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #idlePollMs: number;
  readonly #delays: readonly number[];
  readonly #logger: WebhookWorkerLogger | undefined;
  readonly #onAttempt: ((result: WebhookAttemptResult) => void) | undefined;
  readonly #tracing: Tracing;
  readonly #traceContextOf: ((generationId: string) => Promise<string | null>) | undefined;
  #stopping: AbortController | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: WebhookDeliveryWorkerOptions) {
    this.#db = options.db;
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? { next: () => randomBytes(4).readUInt32BE() / 2 ** 32 };
    this.#secrets = options.secrets ?? plainSecretBox;
    this.workerId = options.workerId ?? `whw_${randomBytes(6).toString('hex')}`;
    this.#batchSize = options.batchSize ?? 10;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#leaseMs = Math.max(options.leaseMs ?? 60_000, this.#timeoutMs + 5_000);
    this.#idlePollMs = options.idlePollMs ?? 1_000;
    this.#delays = options.retryDelaysMs ?? defaultRetryDelaysMs;
    this.#logger = options.logger;
    this.#onAttempt = options.onAttempt;
    this.#tracing = options.tracing ?? defaultTracing();
    this.#traceContextOf = options.traceContextOf;
  }

  /** Claims what is due now and attempts each; resolves with the results once all are recorded. */
  async runOnce(): Promise<WebhookAttemptResult[]> {
    const claimed = await claimDueDeliveries(this.#db, {
      workerId: this.workerId,
      nowMs: this.#clock.now(),
      leaseMs: this.#leaseMs,
      limit: this.#batchSize,
    });
    return Promise.all(claimed.map((delivery) => this.#attempt(delivery)));
  }

  /** Runs rounds until `stop()`; sleeps until the next delivery is due (at most `idlePollMs`). */
  start(): void {
    if (this.#loop) return;
    const stopping = new AbortController();
    this.#stopping = stopping;
    this.#loop = (async () => {
      while (!stopping.signal.aborted) {
        try {
          const results = await this.runOnce();
          if (results.length > 0) continue;
          const next = await nextDeliveryDueAt(this.#db);
          const wait = next === undefined ? this.#idlePollMs : next - this.#clock.now();
          await this.#clock.sleep(Math.max(10, Math.min(this.#idlePollMs, wait)), stopping.signal);
        } catch (error) {
          if (stopping.signal.aborted) break;
          this.#logger?.warn({ err: error, workerId: this.workerId }, 'webhook delivery round failed');
          await this.#clock.sleep(this.#idlePollMs, stopping.signal).catch(() => {});
        }
      }
    })();
  }

  /** Stops claiming; resolves once the round in flight has been recorded. */
  async stop(): Promise<void> {
    this.#stopping?.abort();
    await this.#loop;
    this.#loop = undefined;
  }

  async #attempt(delivery: ClaimedDelivery): Promise<WebhookAttemptResult> {
    const startedAt = this.#clock.now();
    const attempt = delivery.attempt_count;
    // Event type, attempt and outcome only: the endpoint URL may carry the app's own tokens.
    const span = this.#tracing.startSpan('reelgate.webhook.deliver', {
      parent: await this.#parentTrace(delivery.generation_id),
      kind: SpanKind.CLIENT,
      attributes: {
        'reelgate.webhook.event_type': delivery.event_type,
        'reelgate.attempt': attempt,
        ...(delivery.generation_id ? { 'reelgate.generation_id': delivery.generation_id } : {}),
      },
    });
    let statusCode: number | null = null;
    let error: string | null = null;
    let gone = false;
    if (delivery.endpoint_disabled_at !== null) {
      error = 'endpoint_disabled: the endpoint was disabled before this attempt';
    } else {
      try {
        const response = await this.#fetch(delivery.endpoint_url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': userAgent,
            ...signWebhook(
              this.#signingSecrets(delivery, startedAt),
              delivery.event_id,
              startedAt,
              delivery.payload,
            ),
          },
          body: delivery.payload,
          // A receiver answers; it does not send us elsewhere. 3xx counts as a failed attempt.
          redirect: 'manual',
          timeoutMs: this.#timeoutMs,
          maxResponseBytes: 64 * 1024,
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => {});
        if (statusCode < 200 || statusCode > 299)
          error = `http_${statusCode}: the receiver answered ${statusCode}`;
        gone = statusCode === 410;
      } catch (caught) {
        error = describeFailure(caught);
      }
    }
    const now = this.#clock.now();
    const outcome = this.#outcome(error, attempt, now, gone || delivery.endpoint_disabled_at !== null);
    const recorded = await recordAttempt(this.#db, {
      deliveryId: delivery.id,
      workerId: this.workerId,
      attempt,
      startedAt,
      durationMs: now - startedAt,
      statusCode,
      error,
      outcome,
      nowMs: now,
    });
    if (gone) await disableEndpoint(this.#db, delivery.endpoint_id, 'The receiver answered 410 Gone.', now);
    const result: WebhookAttemptResult = {
      deliveryId: delivery.id,
      eventId: delivery.event_id,
      attempt,
      statusCode,
      error,
      outcome: outcome.status,
      recorded,
    };
    if (statusCode !== null) span.setAttribute('http.response.status_code', statusCode);
    span.setAttribute('reelgate.webhook.outcome', outcome.status);
    if (error !== null) {
      // Stored errors start with a reason code (`http_500: ...`, `timed_out: ...`).
      const reason = error.split(':', 1)[0] ?? '';
      markFailed(span, /^[a-z0-9_]{1,40}$/.test(reason) ? reason : 'failed');
    }
    span.end();
    this.#onAttempt?.(result);
    return result;
  }

  async #parentTrace(generationId: string | null): Promise<string | null> {
    if (!generationId || !this.#traceContextOf) return null;
    try {
      return await this.#traceContextOf(generationId);
    } catch (error) {
      // Tracing must never hold a delivery back: the span then starts a trace of its own.
      this.#logger?.warn({ err: String(error), generationId }, 'trace context unavailable');
      return null;
    }
  }

  #outcome(error: string | null, attempt: number, now: number, permanent: boolean): AttemptOutcome {
    if (error === null) return { status: 'delivered' };
    if (permanent) return { status: 'failed' };
    const delay = nextRetryDelayMs(attempt, this.#random, this.#delays);
    return delay === undefined ? { status: 'failed' } : { status: 'pending', nextAttemptAt: now + delay };
  }

  /** The current secret, plus the rotated-out one while it is still valid. */
  #signingSecrets(delivery: ClaimedDelivery, now: number): string[] {
    const secrets = [this.#secrets.open(delivery.endpoint_secret)];
    if (
      delivery.previous_secret &&
      delivery.previous_secret_expires_at !== null &&
      delivery.previous_secret_expires_at > now
    ) {
      secrets.push(this.#secrets.open(delivery.previous_secret));
    }
    return secrets;
  }
}

/** A short, secret-free description of why an attempt failed (stored and shown to the app). */
function describeFailure(error: unknown): string {
  if (isOutboundRequestError(error)) return `${error.reason}: ${error.message}`;
  if (error instanceof Error && error.name === 'AbortError') return 'timed_out: the attempt was aborted';
  return 'network_error: the request failed';
}
