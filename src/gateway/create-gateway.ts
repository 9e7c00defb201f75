/**
 * The one assembly point: `createGateway(config)` opens the engine (database, storage,
 * providers, worker, webhooks) and builds the HTTP face for the process's role, with auth, the
 * local sign-in and the signing secret loaded once. `reelgate serve` only listens on
 * `gateway.http` and handles signals; an application can mount the same handler in its own Hono
 * app or Node server (docs/embedding.md).
 *
 * @example
 * const gateway = await createGateway(loadConfig(process.env));
 * serve({ fetch: gateway.http.fetch, port: 8787 }); // @hono/node-server
 * // shutdown
 * await gateway.close();
 */
import type { Hono } from 'hono';
import { databaseIdempotencyStore } from '../app/idempotency-store.ts';
import { createPlanningOptions } from '../app/long-video-config.ts';
import { createReelgate, type Reelgate, type ReelgateOverrides } from '../app/reelgate.ts';
import { loadSigningSecret } from '../app/signing-secret.ts';
import { ensureLocalSessionKey, isLoopbackHost } from '../auth/local-session.ts';
import { setUpAuth } from '../auth/setup.ts';
import type { AccountStore } from '../auth/account.ts';
import type { ReelgateConfig } from '../config/load-config.ts';
import { listProviderCircuits } from '../db/queries/provider-circuit.ts';
import { createHttpApp, type HttpConfig } from '../http/app.ts';
import type { AppEnv } from '../http/env.ts';
import type { HttpLogger } from '../http/logger.ts';
import { createWorkerHealthApp } from '../http/worker-health-app.ts';
import { systemClock } from '../shared/system-clock.ts';

export interface GatewayOverrides extends ReelgateOverrides {
  /** HTTP settings beyond the configuration (the studio's build directory, version, SSE heartbeat). */
  http?: Partial<Omit<HttpConfig, 'signingSecret'>>;
  /** Logger of the HTTP layer (default: the engine's pino logger). */
  httpLogger?: HttpLogger;
}

export interface Gateway {
  /** Database, worker, service, events, providers, webhooks. */
  engine: Reelgate;
  /**
   * The HTTP handler: the whole API (and studio) for the `api` and `all` roles; liveness,
   * readiness and metrics only for a `worker`. Mount `http.fetch` anywhere that takes a
   * fetch handler.
   */
  http: Hono;
  /** The API's accounts (absent for a worker). */
  accounts: AccountStore | undefined;
  /** `<dataDir>/admin-key`, when the local admin key was written. */
  localAdminKeyFile: string | undefined;
  /** The key the studio signs in with from this machine (local sign-in), when on. */
  localSessionKey: string | undefined;
  /** True when the database answers, the worker runs (worker roles) and the event relay listens. */
  ready(): Promise<boolean>;
  /** Stops claiming work, lets steps in flight finish, releases leases, closes everything. */
  close(): Promise<void>;
}

export async function createGateway(
  config: ReelgateConfig,
  overrides: GatewayOverrides = {},
): Promise<Gateway> {
  const { role, host, port } = config.server;
  const servesApi = role !== 'worker';
  const signingSecret =
    overrides.signingSecret ??
    (await loadSigningSecret({ dataDir: config.database.dataDir, configured: config.auth.signingSecret }));
  // The in-process emulator calls our provider-webhook receiver back, so completions land at
  // once (polling stays on as the safety net); only when the port is known in advance.
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const emulatorWebhookUrl =
    servesApi && port !== 0 ? `http://${urlHost}:${port}/webhooks/providers/openai` : undefined;
  const engine = await createReelgate(config, {
    ...(emulatorWebhookUrl ? { emulatorWebhookUrl } : {}),
    ...overrides,
    signingSecret,
    planning: overrides.planning ?? (await createPlanningOptions(config.planning)),
  });

  const ready = async () => {
    try {
      await engine.db.query('SELECT 1');
      if (role !== 'api' && !engine.worker.running) return false;
      return !engine.relay || role === 'worker' || engine.relay.listening;
    } catch {
      return false;
    }
  };

  try {
    if (!servesApi) {
      const http = createWorkerHealthApp({
        ready,
        metrics: () => engine.renderMetrics(),
        info: { role, worker: engine.worker.workerId },
      });
      return gateway(engine, http, undefined, undefined, undefined, ready);
    }
    const clock = overrides.clock;
    const { accounts, localAdminKeyFile } = await setUpAuth({
      db: engine.db,
      clock: clock ?? systemClock,
      env: { REELGATE_API_KEYS: config.auth.apiKeys, REELGATE_ADMIN_KEYS: config.auth.adminKeys },
      dataDir: config.database.dataDir,
    });
    // Local sign-in for the studio: only on a default install (no configured keys) listening on
    // loopback, unless REELGATE_LOCAL_LOGIN=false.
    const localSessionKey =
      !config.auth.apiKeys && isLoopbackHost(host) && config.auth.localLogin
        ? await ensureLocalSessionKey(accounts, config.database.dataDir)
        : undefined;
    const http = createHttpApp({
      service: engine.service,
      planning: engine.service.planning,
      accounts,
      config: {
        corsOrigins: config.http.corsOrigins,
        publicBaseUrl: config.server.publicUrl,
        uploadLimitBytes: config.http.uploadLimitBytes,
        rateLimitPerMinute: config.http.rateLimitPerMinute,
        emulated: engine.emulated,
        localSessionKey,
        ...overrides.http,
        signingSecret,
      },
      ...(clock ? { clock } : {}),
      logger: overrides.httpLogger ?? engine.logger,
      providerWebhooks: engine.providerWebhooks,
      assets: engine.service.assets,
      metrics: { render: () => engine.renderMetrics() },
      readiness: ready,
      models: {
        catalog: engine.catalog,
        enabledProviders: () => new Set(engine.providers.keys()),
        circuits: async () => ({
          states: await listProviderCircuits(engine.db),
          nowMs: (clock ?? systemClock).now(),
        }),
      },
      favorites: { db: engine.db },
      defaultModels: { db: engine.db, catalog: engine.catalog, chains: config.routing.modelChains },
      idempotency: databaseIdempotencyStore(engine.db),
      webhooks: engine.webhooks,
    });
    return gateway(engine, http, accounts, localAdminKeyFile, localSessionKey, ready);
  } catch (error) {
    await engine.close();
    throw error;
  }
}

function gateway(
  engine: Reelgate,
  http: Hono<AppEnv> | Hono,
  accounts: AccountStore | undefined,
  localAdminKeyFile: string | undefined,
  localSessionKey: string | undefined,
  ready: () => Promise<boolean>,
): Gateway {
  // Typed as a plain Hono app so it mounts in any app (`app.route('/', gateway.http)`).
  const handler = http as unknown as Hono;
  return {
    engine,
    http: handler,
    accounts,
    localAdminKeyFile,
    localSessionKey,
    ready,
    close: () => engine.close(),
  };
}
