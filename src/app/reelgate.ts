/**
 * The composition root: wires database, storage, providers, worker, service, events, metrics
 * and webhooks from a config. `createReelgate` opens everything; `close()` shuts it down in
 * order (worker first, so leases are released, then the emulator, then the database).
 *
 * @example
 * const reelgate = await createReelgate(loadConfig(env)); // createGateway adds HTTP (src/gateway)
 * const video = await reelgate.service.create('acct_1', { prompt: 'a red fox', surface: 'generations' });
 * await reelgate.close();
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { createDefaultCatalog } from '../core/catalog/index.ts';
import { createRoutedCatalog } from '../core/catalog/routing.ts';
import { type ProviderDescription, providersFromSettings } from '../providers/registry.ts';
import type { CatalogRegistry } from '../core/catalog/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { Random } from '../core/random.ts';
import type { EngineDb } from '../db/engine-db.ts';
import { openDatabase } from '../db/open.ts';
import { mediaTools } from '../media/tools.ts';
import type { RunningEmulator } from '../emulator/server.ts';
import { createOpenAICompatible } from '../providers/openai-compatible/index.ts';
import { systemClock } from '../shared/system-clock.ts';
import type { LeftoverReport, Storage } from '../storage/storage.ts';
import { defaultEnginePolicy, type EngineDeps, type EnginePolicy } from '../worker/engine-deps.ts';
import { GenerationEventBus } from '../worker/event-bus.ts';
import type { WorkerHooks } from '../worker/hooks.ts';
import { type EngineMetrics, engineMetrics, MetricsRegistry } from '../worker/metrics.ts';
import type { ProviderBinding } from '../providers/provider-port.ts';
import { ProviderWebhookHandler } from '../worker/provider-webhooks.ts';
import { openaiCompatibleBinding } from '../providers/openai-compatible/openai-compatible-binding.ts';
import { Worker } from '../worker/worker.ts';
import { ProviderRateLimiter } from '../worker/provider-rate-limit.ts';
import { queueMetrics } from '../worker/queue-metrics.ts';
import { createTracing, type Tracing } from '../telemetry/tracing.ts';
import { readTraceContext } from '../db/queries/trace-context.ts';
import { setupWebhooks, type Webhooks } from '../webhooks/index.ts';
import { createFileLinker } from '../shared/signed-links.ts';
import { loadSigningSecret } from './signing-secret.ts';
import { presentVideo } from '../contract/presenters/video.ts';
import { type EventRelay, startEventRelay } from './event-relay.ts';
import { selectStorage, type SelectedStorage, wrapStorage } from './storage-selection.ts';
import type { HostResolver } from '../net/outbound-guard.ts';
import type { ReelgateConfig } from '../config/load-config.ts';
import { engineDownloadFetch, imageUrlCheck } from './outbound.ts';
import { assetImageFetch } from './assets/asset-download.ts';
import type { PlanningOptions } from './planning-service.ts';
import { createReelgateService, type ReelgateService } from './reelgate-service.ts';
import { wakeParentsOfSegments } from '../worker/segments/wake.ts';
import { attachEventLogging } from './event-logging.ts';
import { circuitMetrics } from '../worker/circuit-metrics.ts';
import { attachCircuitRecorder } from '../worker/circuit-recorder.ts';

/** Edges a caller (tests, benchmarks, fixtures) may replace; production passes none. */
export interface ReelgateOverrides {
  clock?: Clock;
  random?: Random;
  fetch?: typeof fetch;
  /** DNS resolver of the outbound guard (tests: no real lookups). */
  resolve?: HostResolver;
  logger?: Logger;
  db?: EngineDb;
  storage?: Storage;
  /** Providers to use instead of the configured OpenAI endpoint / in-process emulator. */
  providers?: ProviderBinding[];
  catalog?: CatalogRegistry;
  policy?: Partial<EnginePolicy>;
  /** Worker step hooks (crash-test fixtures). */
  hooks?: WorkerHooks;
  /** Start the background worker loop (default: when the role runs a worker). */
  startWorker?: boolean;
  /** Webhook URL the in-process emulator should call (set by `serve` once the port is known). */
  emulatorWebhookUrl?: string;
  newId?: () => string;
  /** Outgoing webhooks (enqueuer always, delivery worker with the engine worker). Default true. */
  webhooks?: boolean;
  /** Cross-process events over LISTEN/NOTIFY when on a PostgreSQL server. Default true. */
  eventRelay?: boolean;
  /** Long videos, storyboards, prompt enhancement (a language model; off by default), policy rules. */
  planning?: PlanningOptions;
  /** Tracing to use instead of the one built from `config.tracing` (tests: an in-memory exporter). */
  tracing?: Tracing;
  /** The signing secret of file links, when the caller loaded it already (createGateway does). */
  signingSecret?: string;
}

export interface Reelgate {
  config: ReelgateConfig;
  service: ReelgateService;
  worker: Worker;
  db: EngineDb;
  storage: Storage;
  events: GenerationEventBus;
  metrics: EngineMetrics;
  tracing: Tracing;
  providerWebhooks: ProviderWebhookHandler;
  providers: ReadonlyMap<string, ProviderBinding>;
  catalog: CatalogRegistry;
  logger: Logger;
  /** The in-process emulator, when no provider is configured. */
  emulator: RunningEmulator | undefined;
  /** True when generations run on the built-in emulator. */
  emulated: boolean;
  /** The configured providers as they may be shown (names, base URLs; never credentials). */
  providerDescriptions: ProviderDescription[];
  /** The store and how files reach viewers (proxy or presigned redirects). */
  files: SelectedStorage;
  /** Outgoing webhooks (routes for the HTTP layer, delivery worker); undefined when turned off. */
  webhooks: Webhooks | undefined;
  /** Cross-process events (PostgreSQL only). */
  relay: EventRelay | undefined;
  /** The provider rate limits shared by all workers. */
  rateLimiter: ProviderRateLimiter;
  /** Start-up removal of what writes killed mid-way left in storage (worker processes only). */
  storageCleanup: Promise<LeftoverReport | undefined>;
  /** Prometheus text with the queue gauges read from the database at call time. */
  renderMetrics(): Promise<string>;
  close(): Promise<void>;
}

/** Leftovers younger than this may belong to a write another live process has in progress. */
const SHARED_STORAGE_LEFTOVER_GRACE_MS = 3_600_000;

/**
 * Removes temporary files / unfinished multipart uploads that a killed process left, in the
 * background. The embedded database admits one process per data directory, so its local files
 * can all go; a shared store (PostgreSQL workers, an S3 bucket) keeps the last hour's.
 */
async function removeStorageLeftovers(
  storage: Storage,
  config: ReelgateConfig,
  logger: Logger,
): Promise<LeftoverReport | undefined> {
  if (!storage.removeLeftovers) return undefined;
  const alone = storage.kind === 'local' && !config.database.url;
  try {
    const report = await storage.removeLeftovers({
      olderThanMs: alone ? 0 : SHARED_STORAGE_LEFTOVER_GRACE_MS,
    });
    if (report.removed > 0)
      logger.info({ removed: report.removed }, 'removed storage leftovers of interrupted writes');
    if (!report.supported)
      logger.warn(
        'the storage server cannot list unfinished multipart uploads; rely on a bucket lifecycle rule',
      );
    return report;
  } catch (error) {
    logger.warn({ err: String(error) }, 'could not remove storage leftovers; will try at the next start');
    return undefined;
  }
}

export async function createReelgate(
  config: ReelgateConfig,
  overrides: ReelgateOverrides = {},
): Promise<Reelgate> {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? { next: () => randomBytes(4).readUInt32BE() / 2 ** 32 };
  const fetchImpl = overrides.fetch ?? globalThis.fetch;
  const logger = overrides.logger ?? pino({ level: config.server.logLevel, base: { service: 'reelgate' } });
  const policy: EnginePolicy = {
    ...defaultEnginePolicy,
    poll: { ...defaultEnginePolicy.poll, minIntervalMs: config.worker.pollMinIntervalMs },
    deadline: {
      ...defaultEnginePolicy.deadline,
      factor: config.worker.deadline.factor,
      minMs: config.worker.deadline.minMs,
      perModelMs: config.worker.deadline.perModelMs,
    },
    ...(config.worker.leaseMs ? { leaseMs: config.worker.leaseMs } : {}),
    circuit: config.routing.circuit,
    ambiguousStart: config.worker.ambiguousStart,
    ...(config.worker.ambiguousGraceMs ? { ambiguousGraceMs: config.worker.ambiguousGraceMs } : {}),
    lateAdoption: { ...defaultEnginePolicy.lateAdoption, windowMs: config.worker.lateAdoptionWindowMs },
    statusSweep: { ...defaultEnginePolicy.statusSweep, enabled: config.worker.statusSweep === 'auto' },
    ...overrides.policy,
  };

  const cleanups: Array<() => Promise<void>> = [];
  try {
    const db =
      overrides.db ??
      (await openDatabase({
        databaseUrl: config.database.url,
        dataDir: config.database.dataDir,
        poolMax: config.database.poolMax,
      }));
    if (!overrides.db) cleanups.push(() => db.close());
    const files = overrides.storage
      ? wrapStorage(
          overrides.storage,
          config.storage.s3?.delivery ?? 'proxy',
          config.storage.s3?.presignExpiresSeconds ?? 3600,
        )
      : selectStorage({ dataDir: config.database.dataDir, s3: config.storage.s3, clock });
    cleanups.push(() => files.close());
    const storage = files.storage;
    // ffmpeg, ffprobe and the font, as configured; each looked up on first use.
    const media = mediaTools(config.media);

    let emulator: RunningEmulator | undefined;
    let providers: ProviderBinding[];
    // Every provider whose credential is configured (src/providers/registry.ts); the built-in
    // emulator when there is none.
    const registry = overrides.providers
      ? undefined
      : providersFromSettings({
          settings: config.providers,
          fetch: fetchImpl,
          onWarning: (message, details) => logger.warn(details, message),
        });
    const registered = registry ? [...registry.bindings().values()] : [];
    if (overrides.providers) {
      providers = overrides.providers;
    } else if (registered.length > 0) {
      providers = registered;
    } else {
      const { startEmulator } = await import('../emulator/index.ts');
      const apiKey = `emu_${randomBytes(12).toString('hex')}`;
      const webhookSecret = overrides.emulatorWebhookUrl
        ? `whsec_${randomBytes(24).toString('base64')}`
        : undefined;
      emulator = await startEmulator({
        ...config.emulator,
        media,
        // The in-process emulator is private: a free loopback port unless one is configured.
        port: config.emulator.port ?? 0,
        host: '127.0.0.1',
        // Its jobs survive a restart of the gateway, as a real provider's would.
        jobsFile: config.emulator.jobsFile ?? join(config.database.dataDir, 'emulator', 'jobs.jsonl'),
        apiKey,
        ...(overrides.emulatorWebhookUrl && webhookSecret
          ? { webhookUrl: overrides.emulatorWebhookUrl, webhookSecret }
          : {}),
      });
      const running = emulator;
      cleanups.push(() => running.close());
      const openai = createOpenAICompatible({
        apiKey,
        baseURL: `${emulator.url}/v1`,
        webhookSecret,
        fetch: fetchImpl,
        onWarning: (message, details) => logger.warn(details, message),
      });
      providers = [
        openaiCompatibleBinding(openai, {
          emulated: true,
          timeScale: config.emulator.speed ?? 1,
          deduplicatesStarts: config.emulator.idempotency === 'on',
          apiKey,
        }),
      ];
      logger.info(
        { emulator: emulator.url, speed: config.emulator.speed ?? 1 },
        'no provider configured (no credential such as OPENAI_API_KEY or FAL_KEY): using the built-in emulator; videos are emulated',
      );
    }
    const providerMap = new Map(providers.map((provider) => [provider.name, provider]));
    const catalog =
      overrides.catalog ??
      (overrides.providers
        ? createDefaultCatalog()
        : createRoutedCatalog({
            enabledProviders: new Set(providerMap.keys()),
            openaiCompatibleProviders: registry?.ofKind('openai-compatible') ?? [],
            retiredModelTarget: config.models.retiredModelTarget,
            defaultModel: config.models.defaultModel,
          }));
    const metrics = engineMetrics(new MetricsRegistry());
    const tracing = overrides.tracing ?? createTracing(config.tracing);
    // Shut down after the worker, webhooks and relay (cleanups run in reverse), so their last
    // spans are still sent. A tracing passed in belongs to the caller.
    if (!overrides.tracing) cleanups.push(() => tracing.shutdown());
    const events = new GenerationEventBus((error) =>
      logger.error({ err: String(error) }, 'event listener failed'),
    );
    // Result URLs come from providers: every download hop passes the outbound guard.
    const outbound = config.outbound;
    const downloadFetch = engineDownloadFetch({
      settings: outbound,
      providers,
      clock,
      fetch: overrides.fetch,
      resolve: overrides.resolve,
    });
    const rateLimiter = new ProviderRateLimiter({
      db,
      clock,
      random,
      limits: config.worker.providerRateLimits,
    });
    const deps: EngineDeps = {
      db,
      storage,
      providers: providerMap,
      catalog,
      clock,
      random,
      fetch: downloadFetch,
      logger,
      events,
      metrics,
      policy,
      hooks: overrides.hooks,
      rateLimiter,
      tracing,
      media,
      ...(overrides.newId ? { newId: overrides.newId } : {}),
    };
    const worker = new Worker(deps, { workerId: config.worker.id, concurrency: config.worker.concurrency });
    const service = createReelgateService(
      deps,
      {
        wake: () => worker.wake(),
        checkImageUrl: imageUrlCheck({ settings: outbound, clock, resolve: overrides.resolve }),
        fetchAssetImage: assetImageFetch({
          settings: outbound,
          clock,
          resolve: overrides.resolve,
          fetch: overrides.fetch,
        }),
        ...(files.delivery === 'presigned' ? { presign: files.presign } : {}),
        modelChains: config.routing.modelChains,
      },
      overrides.planning,
    );
    const detachSegmentWake = wakeParentsOfSegments(deps, () => worker.wake());
    const providerWebhooks = new ProviderWebhookHandler(
      deps,
      () => worker.wake(),
      () => worker.requestLateAdoption(),
    );
    const runWorker = overrides.startWorker ?? config.server.role !== 'api';

    // Several processes on one PostgreSQL: relay events so API processes stream what workers do
    // and workers wake at once for work created elsewhere.
    let relay: EventRelay | undefined;
    let baseListeners: number | undefined;
    if (config.database.url && db.kind === 'postgres' && overrides.eventRelay !== false) {
      relay = await startEventRelay({
        databaseUrl: config.database.url,
        db,
        events,
        logger,
        reemit: config.server.role !== 'worker',
        // Reload relayed generations only while someone streams them (SSE clients subscribe
        // beyond the process's own listeners counted once wiring is done).
        reemitWhen: () => baseListeners === undefined || events.listenerCount > baseListeners,
        onRemote: (type) => {
          if (runWorker && type === 'generation:accepted') worker.wake();
        },
      });
      const started = relay;
      cleanups.push(() => started.close());
    }
    const localEvents = relay ? relay.localOnly(events) : events;
    const detachLogging = attachEventLogging(localEvents, logger);
    const circuits = attachCircuitRecorder(localEvents, db, clock, logger);
    cleanups.push(async () => {
      circuits.detach();
      await circuits.flush();
    });

    let webhooks: Webhooks | undefined;
    if (overrides.webhooks !== false) {
      // `data` is the video as the API shows it, with a signed link valid on every API process
      // sharing REELGATE_SIGNING_SECRET (or the data dir's secret).
      const signingSecret =
        overrides.signingSecret ??
        (await loadSigningSecret({
          dataDir: config.database.dataDir,
          configured: config.auth.signingSecret,
        }));
      const { host, port, publicUrl } = config.server;
      const linker = createFileLinker(
        publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        signingSecret,
      );
      webhooks = setupWebhooks({
        db,
        // Each event is enqueued once, by the process where it happened.
        events: localEvents,
        config: config.webhooks,
        runWorker,
        clock,
        random,
        present: (generation) => presentVideo(generation, linker),
        logger,
        tracing,
        ...(tracing.exporting ? { traceContextOf: (id: string) => readTraceContext(db, id) } : {}),
        ...(config.worker.id ? { workerId: `${config.worker.id}:webhooks` } : {}),
        ...(overrides.resolve ? { resolve: overrides.resolve } : {}),
        ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
      });
      const running = webhooks;
      cleanups.push(() => running.close());
    }
    baseListeners = events.listenerCount;
    const refreshQueueMetrics = queueMetrics(metrics.registry, db, clock);
    const refreshCircuitMetrics = circuitMetrics(metrics.registry, db, clock);
    if (runWorker) worker.start();
    const storageCleanup = runWorker
      ? removeStorageLeftovers(storage, config, logger)
      : Promise.resolve(undefined);

    let closing: Promise<void> | undefined;
    return {
      config,
      service,
      worker,
      db,
      storage,
      events,
      metrics,
      tracing,
      providerWebhooks,
      providers: providerMap,
      catalog,
      logger,
      emulator,
      emulated: providers.some((provider) => provider.emulated),
      providerDescriptions: registry?.describe() ?? [],
      files,
      webhooks,
      relay,
      rateLimiter,
      storageCleanup,
      async renderMetrics() {
        await refreshQueueMetrics().catch((error: unknown) =>
          logger.warn({ err: String(error) }, 'queue metrics unavailable'),
        );
        await refreshCircuitMetrics().catch((error: unknown) =>
          logger.warn({ err: String(error) }, 'circuit metrics unavailable'),
        );
        return metrics.registry.render();
      },
      close() {
        closing ??= (async () => {
          await worker.stop();
          detachLogging();
          detachSegmentWake();
          for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    throw error;
  }
}
