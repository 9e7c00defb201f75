/**
 * The composition root: wires database, storage, providers, worker, service, events, metrics
 * and webhooks from a config. `createReelgate` opens everything; `close()` shuts it down in
 * order (worker first, so leases are released, then the emulator, then the database).
 *
 * @example
 * const reelgate = await createReelgate(loadConfig(process.env));
 * const video = await reelgate.service.create('acct_1', { prompt: 'a red fox', surface: 'generations' });
 * await reelgate.close();
 */
import { randomBytes } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { createDefaultCatalog } from '../core/catalog/index.ts';
import { createRoutedCatalog } from '../core/catalog/routing.ts';
import { providersFromEnv } from '../providers/registry.ts';
import type { CatalogRegistry } from '../core/catalog/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { Random } from '../core/random.ts';
import type { EngineDb } from '../db/engine-db.ts';
import { openDatabase } from '../db/open.ts';
import type { RunningEmulator } from '../emulator/server.ts';
import { createOpenAICompatible } from '../providers/openai-compatible/index.ts';
import { systemClock } from '../shared/system-clock.ts';
import type { Storage } from '../storage/storage.ts';
import { defaultEnginePolicy, type EngineDeps, type EnginePolicy } from '../worker/engine-deps.ts';
import { GenerationEventBus } from '../worker/event-bus.ts';
import type { WorkerHooks } from '../worker/hooks.ts';
import { type EngineMetrics, engineMetrics, MetricsRegistry } from '../worker/metrics.ts';
import type { ProviderBinding } from '../worker/provider-port.ts';
import { ProviderWebhookHandler } from '../worker/provider-webhooks.ts';
import { openaiCompatibleBinding } from '../worker/providers/openai-compatible.ts';
import { Worker } from '../worker/worker.ts';
import { ProviderRateLimiter } from '../worker/provider-rate-limit.ts';
import { queueMetrics } from '../worker/queue-metrics.ts';
import { loadWebhookConfig, setupWebhooks, type Webhooks } from '../webhooks/index.ts';
import { createFileLinker } from '../http/signed-links.ts';
import { loadSigningSecret } from '../http/signing-secret.ts';
import { presentVideo } from '../http/presenters/video.ts';
import { type EventRelay, startEventRelay } from './event-relay.ts';
import { selectStorage, type SelectedStorage, wrapStorage } from './storage-selection.ts';
import type { HostResolver } from '../net/outbound-guard.ts';
import type { ReelgateConfig } from './config.ts';
import { defaultOutboundSettings, engineDownloadFetch, imageUrlCheck } from './outbound.ts';
import { type PlanningOptions, ReelgateService } from './long-video-service.ts';
import { wakeParentsOfSegments } from '../worker/segments/wake.ts';
import { attachEventLogging } from './event-logging.ts';

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
}

export interface Reelgate {
  config: ReelgateConfig;
  service: ReelgateService;
  worker: Worker;
  db: EngineDb;
  storage: Storage;
  events: GenerationEventBus;
  metrics: EngineMetrics;
  providerWebhooks: ProviderWebhookHandler;
  providers: ReadonlyMap<string, ProviderBinding>;
  catalog: CatalogRegistry;
  logger: Logger;
  /** The in-process emulator, when no provider is configured. */
  emulator: RunningEmulator | undefined;
  /** True when generations run on the built-in emulator. */
  emulated: boolean;
  /** The store and how files reach viewers (proxy or presigned redirects). */
  files: SelectedStorage;
  /** Outgoing webhooks (routes for the HTTP layer, delivery worker); undefined when turned off. */
  webhooks: Webhooks | undefined;
  /** Cross-process events (PostgreSQL only). */
  relay: EventRelay | undefined;
  /** The provider rate limits shared by all workers. */
  rateLimiter: ProviderRateLimiter;
  /** Prometheus text with the queue gauges read from the database at call time. */
  renderMetrics(): Promise<string>;
  close(): Promise<void>;
}

function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

export async function createReelgate(
  config: ReelgateConfig,
  overrides: ReelgateOverrides = {},
): Promise<Reelgate> {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? { next: () => randomBytes(4).readUInt32BE() / 2 ** 32 };
  const fetchImpl = overrides.fetch ?? globalThis.fetch;
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { service: 'reelgate' } });
  const policy: EnginePolicy = {
    ...defaultEnginePolicy,
    poll: { ...defaultEnginePolicy.poll, minIntervalMs: config.pollMinIntervalMs },
    deadline: {
      ...defaultEnginePolicy.deadline,
      factor: config.deadlineFactor,
      minMs: config.deadlineMinMs,
      perModelMs: config.deadlineModelMs,
    },
    ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
    ...overrides.policy,
  };

  const cleanups: Array<() => Promise<void>> = [];
  try {
    const db =
      overrides.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
    if (!overrides.db) cleanups.push(() => db.close());
    const files = overrides.storage
      ? wrapStorage(
          overrides.storage,
          config.s3?.delivery ?? 'proxy',
          config.s3?.presignExpiresSeconds ?? 3600,
        )
      : selectStorage({ dataDir: config.dataDir, s3: config.s3, clock });
    cleanups.push(() => files.close());
    const storage = files.storage;

    let emulator: RunningEmulator | undefined;
    let providers: ProviderBinding[];
    // fal, Google, Replicate, xAI and named OpenAI-compatible endpoints, each enabled by its
    // credential (src/providers/registry.ts); the plain OPENAI_* endpoint is built below.
    const registry = overrides.providers
      ? undefined
      : providersFromEnv({
          env: { ...config.providerEnv, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined },
          fetch: fetchImpl,
        });
    const registered = registry ? [...registry.bindings().values()] : [];
    if (overrides.providers) {
      providers = overrides.providers;
    } else if (!config.openai && registered.length > 0) {
      providers = registered;
    } else if (config.openai) {
      const openai = createOpenAICompatible({
        apiKey: config.openai.apiKey,
        baseURL: config.openai.baseURL,
        webhookSecret: config.openai.webhookSecret,
        fetch: fetchImpl,
        onWarning: (message, details) => logger.warn(details, message),
      });
      // An endpoint on loopback is an emulator (`reelgate emulator`): its timings run at
      // REELGATE_EMULATOR_SPEED, as for the in-process one.
      const local = isLoopbackUrl(config.openai.baseURL);
      providers = [
        openaiCompatibleBinding(openai, {
          emulated: local,
          timeScale: local ? (config.emulator.speed ?? 1) : 1,
          apiKey: config.openai.apiKey,
        }),
        ...registered,
      ];
    } else {
      const { startEmulator } = await import('../emulator/index.ts');
      const apiKey = `emu_${randomBytes(12).toString('hex')}`;
      const webhookSecret = overrides.emulatorWebhookUrl
        ? `whsec_${randomBytes(24).toString('base64')}`
        : undefined;
      emulator = await startEmulator({
        ...config.emulator,
        // The in-process emulator is private: a free loopback port unless one is configured.
        port: config.emulator.port ?? 0,
        host: '127.0.0.1',
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
        openaiCompatibleBinding(openai, { emulated: true, timeScale: config.emulator.speed ?? 1, apiKey }),
      ];
      logger.info(
        { emulator: emulator.url, speed: config.emulator.speed ?? 1 },
        'no provider configured (OPENAI_API_KEY / OPENAI_BASE_URL): using the built-in emulator; videos are emulated',
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
            retiredModelTarget: config.providerEnv?.REELGATE_RETIRED_MODEL_TARGET,
            defaultModel: config.providerEnv?.REELGATE_DEFAULT_MODEL,
          }));
    const metrics = engineMetrics(new MetricsRegistry());
    const events = new GenerationEventBus((error) =>
      logger.error({ err: String(error) }, 'event listener failed'),
    );
    // Result URLs come from providers: every download hop passes the outbound guard.
    const outbound = config.outbound ?? defaultOutboundSettings;
    const downloadFetch = engineDownloadFetch({
      settings: outbound,
      providers,
      clock,
      fetch: overrides.fetch,
      resolve: overrides.resolve,
    });
    const rateLimiter = new ProviderRateLimiter({ db, clock, random, limits: config.providerRateLimits });
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
    };
    const worker = new Worker(deps, { workerId: config.workerId, concurrency: config.workerConcurrency });
    const service = new ReelgateService(
      deps,
      {
        wake: () => worker.wake(),
        checkImageUrl: imageUrlCheck({ settings: outbound, clock, resolve: overrides.resolve }),
        ...(files.delivery === 'presigned' ? { presign: files.presign } : {}),
        ...(overrides.newId ? { newId: overrides.newId } : {}),
      },
      overrides.planning,
    );
    const detachSegmentWake = wakeParentsOfSegments(deps, () => worker.wake());
    const providerWebhooks = new ProviderWebhookHandler(deps, () => worker.wake());
    const runWorker = overrides.startWorker ?? config.role !== 'api';

    // Several processes on one PostgreSQL: relay events so API processes stream what workers do
    // and workers wake at once for work created elsewhere.
    let relay: EventRelay | undefined;
    let baseListeners: number | undefined;
    if (config.databaseUrl && db.kind === 'postgres' && overrides.eventRelay !== false) {
      relay = await startEventRelay({
        databaseUrl: config.databaseUrl,
        db,
        events,
        logger,
        reemit: config.role !== 'worker',
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

    let webhooks: Webhooks | undefined;
    if (overrides.webhooks !== false) {
      // `data` is the video as the API shows it, with a signed link valid on every API process
      // sharing REELGATE_SIGNING_SECRET (or the data dir's secret).
      const signingSecret = await loadSigningSecret({
        dataDir: config.dataDir,
        configured: config.signingSecret,
      });
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      const linker = createFileLinker(config.publicBaseUrl ?? `http://${host}:${config.port}`, signingSecret);
      webhooks = setupWebhooks({
        db,
        // Each event is enqueued once, by the process where it happened.
        events: localEvents,
        config: config.webhooks ?? loadWebhookConfig({}),
        runWorker,
        clock,
        random,
        present: (generation) => presentVideo(generation, linker),
        logger,
        ...(config.workerId ? { workerId: `${config.workerId}:webhooks` } : {}),
        ...(overrides.resolve ? { resolve: overrides.resolve } : {}),
        ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
      });
      const running = webhooks;
      cleanups.push(() => running.close());
    }
    baseListeners = events.listenerCount;
    const refreshQueueMetrics = queueMetrics(metrics.registry, db, clock);
    if (runWorker) worker.start();

    let closing: Promise<void> | undefined;
    return {
      config,
      service,
      worker,
      db,
      storage,
      events,
      metrics,
      providerWebhooks,
      providers: providerMap,
      catalog,
      logger,
      emulator,
      emulated: providers.some((provider) => provider.emulated),
      files,
      webhooks,
      relay,
      rateLimiter,
      async renderMetrics() {
        await refreshQueueMetrics().catch((error: unknown) =>
          logger.warn({ err: String(error) }, 'queue metrics unavailable'),
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
