/**
 * `reelgate serve` (what `npm start` runs): the gateway API and the worker in one process by
 * default (`--role all`), or only one of them (`--role api` / `--role worker`) for scale-out on
 * a shared PostgreSQL. SIGTERM/SIGINT stop claiming work, let steps in flight finish, release
 * leases and close everything.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { loadConfig, type ProcessRole } from '../../app/config.ts';
import { ensureLocalSessionKey, isLoopbackHost } from '../../auth/local-session.ts';
import { modelsExtraRoutes } from '../../http/routes/models-mount.ts';
import { loadPlanningOptions } from '../../app/long-video-config.ts';
import { createReelgate } from '../../app/reelgate.ts';
import { systemClock } from '../../shared/system-clock.ts';

interface ServeFlags {
  role?: string;
  metricsPort?: string;
  port?: string;
  host?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the gateway (API + worker) with all state under REELGATE_DATA_DIR (default ./data).')
    .option('--role <role>', 'api, worker or all (default all; env REELGATE_ROLE)')
    .option('--port <port>', 'port to listen on (default 8787; env PORT)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1; env HOST)')
    .option(
      '--metrics-port <port>',
      'worker role: serve /healthz, /readyz and /metrics on this port (env REELGATE_METRICS_PORT)',
    )
    .action(async (flags: ServeFlags) => {
      await runServe(flags);
    });
}

export async function runServe(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig({
    ...env,
    ...(flags.role ? { REELGATE_ROLE: flags.role } : {}),
    ...(flags.port ? { PORT: flags.port } : {}),
    ...(flags.host ? { HOST: flags.host } : {}),
    ...(flags.metricsPort ? { REELGATE_METRICS_PORT: flags.metricsPort } : {}),
  });
  const role: ProcessRole = config.role;
  const servesApi = role !== 'worker';
  const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  // The in-process emulator calls our webhook receiver back, so completions land at once
  // (polling stays on as the safety net).
  const emulatorWebhookUrl =
    servesApi && config.port !== 0 ? `http://${urlHost}:${config.port}/webhooks/providers/openai` : undefined;
  const reelgate = await createReelgate(config, {
    ...(emulatorWebhookUrl ? { emulatorWebhookUrl } : {}),
    planning: await loadPlanningOptions(process.env),
  });
  const { logger } = reelgate;

  // Ready: the database answers, the worker loop runs (worker roles) and, on a shared
  // PostgreSQL, the cross-process event relay is listening (API roles stream through it).
  const ready = async () => {
    try {
      await reelgate.db.query('SELECT 1');
      if (role !== 'api' && !reelgate.worker.running) return false;
      return !reelgate.relay || role === 'worker' || reelgate.relay.listening;
    } catch {
      return false;
    }
  };

  let server: ReturnType<typeof serve> | undefined;
  if (servesApi) {
    const [{ createHttpApp }, { setUpAuth }, { loadSigningSecret }] = await Promise.all([
      import('../../http/app.ts'),
      import('../../auth/setup.ts'),
      import('../../http/signing-secret.ts'),
    ]);
    const { accounts, localAdminKeyFile } = await setUpAuth({
      db: reelgate.db,
      clock: systemClock,
      env: { REELGATE_API_KEYS: config.apiKeys, REELGATE_ADMIN_KEYS: config.adminKeys },
      dataDir: config.dataDir,
    });
    // Local auto-login for the studio: only on a default install (no configured keys) that
    // listens on loopback, unless REELGATE_LOCAL_LOGIN=false.
    const localSessionKey =
      !config.apiKeys && isLoopbackHost(config.host) && env.REELGATE_LOCAL_LOGIN !== 'false'
        ? await ensureLocalSessionKey(accounts, config.dataDir)
        : undefined;
    const signingSecret = await loadSigningSecret({
      dataDir: config.dataDir,
      configured: config.signingSecret,
    });
    const app = createHttpApp({
      service: reelgate.service,
      accounts,
      config: {
        signingSecret,
        corsOrigins: config.corsOrigins,
        publicBaseUrl: config.publicBaseUrl,
        uploadLimitBytes: config.uploadLimitBytes,
        emulated: reelgate.emulated,
        localSessionKey,
        rateLimitPerMinute: config.rateLimitPerMinute,
      },
      logger,
      providerWebhooks: reelgate.providerWebhooks,
      metrics: { render: () => reelgate.renderMetrics() },
      readiness: () => ready(),
      extraRoutes: [
        modelsExtraRoutes(reelgate.catalog, () => new Set(reelgate.providers.keys())),
        ...(reelgate.webhooks
          ? [
              {
                path: '/v1/webhooks',
                create: ({ auth }: { auth: MiddlewareHandler<AppEnv> }) =>
                  reelgate.webhooks!.routes({ auth }),
                docs: reelgate.webhooks.docs,
              },
            ]
          : []),
      ],
    });
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
        resolve(instance),
      );
      instance.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${urlHost}:${port}`;
    logger.info({ url, role, emulated: reelgate.emulated }, 'reelgate is listening');
    console.log(`reelgate listening on ${url} (role: ${role})`);
    if (localSessionKey) console.log(`studio: ${url}/ (signed in automatically from this machine)`);
    if (localSessionKey) console.log(`API key for scripts and the CLI: ${config.dataDir}/local-key`);
    if (localAdminKeyFile) console.log(`admin key: ${localAdminKeyFile}`);
  } else {
    console.log(`reelgate worker ${reelgate.worker.workerId} running (role: worker)`);
    if (config.metricsPort !== undefined) {
      const { createWorkerHealthApp } = await import('../../http/worker-health-app.ts');
      const health = createWorkerHealthApp({
        ready,
        metrics: () => reelgate.renderMetrics(),
        info: { role, worker: reelgate.worker.workerId },
      });
      server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
        const instance = serve(
          { fetch: health.fetch, port: config.metricsPort ?? 0, hostname: config.host },
          () => resolve(instance),
        );
        instance.once('error', reject);
      });
      const port = (server.address() as AddressInfo).port;
      console.log(`worker health and metrics on http://${urlHost}:${port}`);
    }
  }
  console.log(
    reelgate.emulated && !reelgate.emulator
      ? `provider: emulator at ${config.openai?.baseURL ?? '?'} (loopback, speed ${config.emulator.speed ?? 1}): videos are EMULATED`
      : reelgate.emulated
        ? `provider: built-in emulator at ${reelgate.emulator?.url ?? '?'} (no OPENAI_API_KEY / OPENAI_BASE_URL set): videos are EMULATED`
        : `provider: OpenAI-compatible endpoint ${config.openai?.baseURL ?? 'https://api.openai.com/v1'}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new work is claimed, leases are released');
    const closed = server
      ? new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        })
      : Promise.resolve();
    await reelgate.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
