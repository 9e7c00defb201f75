/**
 * Everything the worker's steps use, injected: database, storage, providers, clock, randomness,
 * fetch, logger, events and metrics, plus the tunable policy.
 */
import type { Logger } from 'pino';
import type { BackoffPolicy } from '../core/backoff.ts';
import type { CatalogRegistry } from '../core/catalog/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { PollPolicy } from '../core/poll-schedule.ts';
import type { Random } from '../core/random.ts';
import type { EngineDb } from '../db/engine-db.ts';
import type { Storage } from '../storage/storage.ts';
import type { GenerationEventBus } from './event-bus.ts';
import type { WorkerHooks } from './hooks.ts';
import type { EngineMetrics } from './metrics.ts';
import type { ProviderBinding } from './provider-port.ts';
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
  deadline: {
    factor: number;
    minMs: number;
    floorRealMs: number;
    /** Deadline windows (real time, ms) for particular models, `provider:model` -> ms. */
    perModelMs?: Readonly<Record<string, number>> | undefined;
  };
  /** How long a claim is held before another worker may take over. */
  leaseMs: number;
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
  /** Provider request rates shared by all workers (PostgreSQL); unlimited when absent. */
  rateLimiter?: ProviderRateLimiter | undefined;
}
