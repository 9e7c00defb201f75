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
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { createDefaultCatalog } from '../core/catalog/index.ts';
import type { CatalogRegistry } from '../core/catalog/registry.ts';
import type { Clock } from '../core/clock.ts';
import type { Random } from '../core/random.ts';
import type { EngineDb } from '../db/engine-db.ts';
import { openDatabase } from '../db/open.ts';
import type { RunningEmulator } from '../emulator/server.ts';
import { createOpenAICompatible } from '../providers/openai-compatible/index.ts';
import { systemClock } from '../shared/system-clock.ts';
import { LocalDiskStorage } from '../storage/local-disk.ts';
import type { Storage } from '../storage/storage.ts';
import { defaultEnginePolicy, type EngineDeps, type EnginePolicy } from '../worker/engine-deps.ts';
import { GenerationEventBus } from '../worker/event-bus.ts';
import type { WorkerHooks } from '../worker/hooks.ts';
import { type EngineMetrics, engineMetrics, MetricsRegistry } from '../worker/metrics.ts';
import type { ProviderBinding } from '../worker/provider-port.ts';
import { ProviderWebhookHandler } from '../worker/provider-webhooks.ts';
import { openaiCompatibleBinding } from '../worker/providers/openai-compatible.ts';
import { Worker } from '../worker/worker.ts';
import type { HostResolver } from '../net/outbound-guard.ts';
import type { ReelgateConfig } from './config.ts';
import { defaultOutboundSettings, engineDownloadFetch, imageUrlCheck } from './outbound.ts';
import { EngineGenerationService } from './generation-service.ts';
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
}

export interface Reelgate {
  config: ReelgateConfig;
  service: EngineGenerationService;
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
  close(): Promise<void>;
}

export async function createReelgate(
  config: ReelgateConfig,
  overrides: ReelgateOverrides = {},
): Promise<Reelgate> {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? { next: () => randomBytes(4).readUInt32BE() / 2 ** 32 };
  const fetchImpl = overrides.fetch ?? globalThis.fetch;
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { service: 'reelgate' } });
  const catalog = overrides.catalog ?? createDefaultCatalog();
  const policy: EnginePolicy = {
    ...defaultEnginePolicy,
    poll: { ...defaultEnginePolicy.poll, minIntervalMs: config.pollMinIntervalMs },
    deadline: { ...defaultEnginePolicy.deadline, factor: config.deadlineFactor, minMs: config.deadlineMinMs },
    ...overrides.policy,
  };

  const cleanups: Array<() => Promise<void>> = [];
  try {
    const db =
      overrides.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
    if (!overrides.db) cleanups.push(() => db.close());
    const storage = overrides.storage ?? new LocalDiskStorage(join(config.dataDir, 'files'));

    let emulator: RunningEmulator | undefined;
    let providers: ProviderBinding[];
    if (overrides.providers) {
      providers = overrides.providers;
    } else if (config.openai) {
      const openai = createOpenAICompatible({
        apiKey: config.openai.apiKey,
        baseURL: config.openai.baseURL,
        webhookSecret: config.openai.webhookSecret,
        fetch: fetchImpl,
        onWarning: (message, details) => logger.warn(details, message),
      });
      providers = [openaiCompatibleBinding(openai, { emulated: false, apiKey: config.openai.apiKey })];
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
    };
    const worker = new Worker(deps, { workerId: config.workerId, concurrency: config.workerConcurrency });
    const service = new EngineGenerationService(deps, {
      wake: () => worker.wake(),
      checkImageUrl: imageUrlCheck({ settings: outbound, clock, resolve: overrides.resolve }),
      ...(overrides.newId ? { newId: overrides.newId } : {}),
    });
    const providerWebhooks = new ProviderWebhookHandler(deps, () => worker.wake());
    const detachLogging = attachEventLogging(events, logger);
    const runWorker = overrides.startWorker ?? config.role !== 'api';
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
      close() {
        closing ??= (async () => {
          await worker.stop();
          detachLogging();
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
