/**
 * One call that wires outgoing webhooks into a reelgate process: the enqueuer on the event bus
 * (every role that runs generations emits events) and the delivery worker (worker roles).
 * Everything shares one outbound guard configured from `WebhookConfig`; the `/v1/webhooks`
 * routes (src/http/routes/webhooks.ts) take the guard's check and the secret box from here.
 *
 * @example
 * const webhooks = setupWebhooks({ db, events, config, runWorker: role !== 'api' });
 * app.route('/v1/webhooks', webhookRoutesFor(webhooks, { auth })); // src/http/routes/webhooks.ts
 * // shutdown
 * await webhooks.close();
 */
import type { Clock } from '../core/clock.ts';
import type { Generation } from '../core/generation.ts';
import type { Random } from '../core/random.ts';
import type { Db } from '../db/db.ts';
import { createGuardedFetch, type GuardedFetch, type HostResolver } from '../net/outbound-guard.ts';
import { systemClock } from '../shared/system-clock.ts';
import { type WebhookConfig, webhookGuardOptions } from './config.ts';
import {
  type WebhookAttemptResult,
  WebhookDeliveryWorker,
  type WebhookWorkerLogger,
} from './delivery-worker.ts';
import { type EventSource, WebhookEnqueuer } from './enqueue.ts';
import type { Tracing } from '../telemetry/tracing.ts';
import { createSecretBox, type SecretBox } from './secrets.ts';

export interface SetupWebhooksOptions {
  db: Db;
  /** The engine's GenerationEventBus; omit in processes that emit no generation events. */
  events?: EventSource | undefined;
  config: WebhookConfig;
  /** Start the delivery worker now (worker and all roles). */
  runWorker: boolean;
  clock?: Clock | undefined;
  random?: Random | undefined;
  /** The video as the API presents it (with its signed `url`), for `data`. */
  present?: ((generation: Generation) => Record<string, unknown>) | undefined;
  logger?:
    | (WebhookWorkerLogger & { error(details: Record<string, unknown>, message: string): void })
    | undefined;
  workerId?: string | undefined;
  /** Tests: DNS resolver and underlying fetch of the guard. */
  resolve?: HostResolver | undefined;
  fetch?: typeof fetch | undefined;
  onAttempt?: ((result: WebhookAttemptResult) => void) | undefined;
  /** Spans of the deliveries, in the trace of the generation they are about. */
  tracing?: Tracing | undefined;
  traceContextOf?: ((generationId: string) => Promise<string | null>) | undefined;
}

export interface Webhooks {
  guard: GuardedFetch;
  enqueuer: WebhookEnqueuer;
  worker: WebhookDeliveryWorker;
  db: Db;
  /** Encrypts endpoint secrets at rest (shared with the `/v1/webhooks` routes). */
  secrets: SecretBox;
  config: WebhookConfig;
  clock: Clock;
  /** Detaches from the bus, waits for pending inserts, stops the worker after its round. */
  close(): Promise<void>;
}

export function setupWebhooks(options: SetupWebhooksOptions): Webhooks {
  const clock = options.clock ?? systemClock;
  const secrets = createSecretBox(options.config.secretKey);
  const guard = createGuardedFetch({
    ...webhookGuardOptions(options.config),
    clock,
    resolve: options.resolve,
    fetch: options.fetch,
  });
  const enqueuer = new WebhookEnqueuer({
    db: options.db,
    clock,
    present: options.present,
    onError: (error, event) =>
      options.logger?.error(
        { err: error, generationId: event.generation.id, event: event.type },
        'could not enqueue webhook deliveries',
      ),
  });
  const detach = options.events ? enqueuer.attach(options.events) : () => {};
  const worker = new WebhookDeliveryWorker({
    db: options.db,
    fetch: guard,
    clock,
    random: options.random,
    secrets,
    timeoutMs: options.config.timeoutMs,
    workerId: options.workerId,
    logger: options.logger,
    onAttempt: options.onAttempt,
    tracing: options.tracing,
    traceContextOf: options.traceContextOf,
  });
  if (options.runWorker) worker.start();
  return {
    guard,
    enqueuer,
    worker,
    db: options.db,
    secrets,
    config: options.config,
    clock,
    async close() {
      detach();
      await enqueuer.drain();
      await worker.stop();
    },
  };
}
