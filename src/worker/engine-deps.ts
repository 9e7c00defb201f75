/**
 * Everything the worker's steps use, injected: database, storage, providers, clock, randomness,
 * fetch, logger, events and metrics, plus the tunable policy.
 */
import type { MediaTools } from '../media/tools.ts';
import type { CircuitPolicy } from '../core/circuit-breaker.ts';
import type { Logger } from 'pino';
import type { BackoffPolicy } from '../core/backoff.ts';
import type { CatalogRegistry } from '../core/catalog/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { DeadlinePolicy } from '../core/deadline.ts';
import type { PollPolicy } from '../core/poll-schedule.ts';
import { defaultStatusSweepPolicy, type StatusSweepPolicy } from '../core/status-sweep.ts';
import type { Random } from '../core/random.ts';
import type { EngineDb } from '../db/engine-db.ts';
import type { Storage } from '../storage/storage.ts';
import type { GenerationEventBus } from './event-bus.ts';
import type { Tracing } from '../telemetry/tracing.ts';
import type { WorkerHooks } from './hooks.ts';
import type { EngineMetrics } from './metrics.ts';
import type { ProviderBinding } from '../providers/provider-port.ts';
import type { ProviderRateLimiter } from './provider-rate-limit.ts';

export interface EnginePolicy {
  /** Poll timing at real-provider speed (scaled down for a faster emulator). */
  poll: PollPolicy;
  /** Backoff for failed calls at real-provider speed (scaled likewise). */
  backoff: BackoffPolicy;
  /** Start attempts (same idempotency key) before giving up. */
  maxStartAttempts: number;
  /** Consecutive failed status checks tolerated (the deadline also bounds them). */
  maxStatusFailures: number;
  /** Download attempts before a result is given up as failed. */
  maxDownloadAttempts: number;
  /** Provider jobs per generation when a job fails retryably (each with its own key). */
  maxProviderJobs: number;
  /** Deadline = created + max(minMs, factor x typical generation time), scaled by the provider's speed. */
  deadline: DeadlinePolicy;
  /** How long a claim is held before another worker may take over. */
  leaseMs: number;
  /** Per-provider circuit breaking (src/core/circuit-breaker.ts); default when absent. */
  circuit?: CircuitPolicy;
  /**
   * A start that may have made a job, on a provider that does not deduplicate, when no job is
   * found within `ambiguousGraceMs` (REELGATE_AMBIGUOUS_START): `fail` ends it start_unconfirmed
   * (nothing re-sent), `retry` re-sends (a second job possible).
   */
  ambiguousStart: 'fail' | 'retry';
  /** How long (real time, scaled by the provider's speed) lost-job lookups go on before that. */
  ambiguousGraceMs: number;
  /**
   * On a provider that deduplicates starts: how long after an unconfirmed start was sent it is
   * re-sent with the same key (real time, scaled by the provider's speed, at least 5 s, longer than the emulator's slow-reply fault). No
   * provider promises that its deduplication covers a request it is still processing (a worker
   * that died mid-start is taken over within seconds), so the re-send waits until the first
   * request has surely been answered.
   */
  ambiguousResendAfterMs: number;
  /** Looking up again generations that ended start_unconfirmed or timed_out (src/worker/late-adoption.ts). */
  lateAdoption: LateAdoptionPolicy;
  /** Reading a provider's job list for many running generations at once (src/worker/status-sweep.ts). */
  statusSweep: StatusSweepPolicy;
}

export interface LateAdoptionPolicy {
  /** How often one ended generation is looked up again (real time, scaled by the provider's speed). */
  everyMs: number;
  /** For how long after it ended (real time, scaled by the provider's speed); 0 turns it off. */
  windowMs: number;
}

export const defaultEnginePolicy: EnginePolicy = {
  poll: { minIntervalMs: 2_000, maxIntervalMs: 10 * 60_000 },
  backoff: { baseMs: 1_000, maxMs: 60_000, jitter: 0.5 },
  maxStartAttempts: 8,
  maxStatusFailures: 30,
  maxDownloadAttempts: 6,
  maxProviderJobs: 2,
  deadline: { factor: 4, minMs: 15 * 60_000, floorRealMs: 30_000 },
  leaseMs: 60_000,
  ambiguousStart: 'fail',
  ambiguousGraceMs: 120_000,
  ambiguousResendAfterMs: 30_000,
  lateAdoption: { everyMs: 5 * 60_000, windowMs: 24 * 60 * 60_000 },
  statusSweep: defaultStatusSweepPolicy,
};

export interface EngineDeps {
  db: EngineDb;
  storage: Storage;
  providers: ReadonlyMap<string, ProviderBinding>;
  catalog: CatalogRegistry;
  clock: Clock;
  random: Random;
  fetch: typeof fetch;
  logger: Logger;
  events: GenerationEventBus;
  metrics: EngineMetrics;
  policy: EnginePolicy;
  hooks?: WorkerHooks | undefined;
  /** Makes new generation ids (default `video_` + 32 random hex digits); every row uses it. */
  newId?: (() => string) | undefined;
  /** Provider request rates shared by all workers (PostgreSQL); unlimited when absent. */
  rateLimiter?: ProviderRateLimiter | undefined;
  /** OpenTelemetry spans (default: the API's global tracer, a no-op unless the host set one). */
  tracing?: Tracing | undefined;
  /** ffmpeg for stitching and last frames, from the configuration (default: looked up in the system directories). */
  media?: MediaTools | undefined;
}
