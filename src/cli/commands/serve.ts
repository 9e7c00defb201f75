/**
 * `reelgate serve` (what `npm start` runs): the gateway API and the worker in one process by
 * default (`--role all`), or only one of them (`--role api` / `--role worker`) for scale-out on
 * a shared PostgreSQL. Assembly is `createGateway` (src/gateway); this command only listens and
 * handles signals: SIGTERM/SIGINT stop claiming work, let steps in flight finish, release leases
 * and close everything.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { type Env, loadConfig } from '../../config/load-config.ts';
import { createGateway, type Gateway } from '../../gateway/create-gateway.ts';
import { cliEnvironment } from '../cli-config.ts';

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
      await runServe(flags, cliEnvironment());
    });
}

/** What start-up prints about providers: names and endpoints, never credentials. */
export function describeProviders(gateway: Gateway): string {
  const { engine } = gateway;
  if (engine.emulator) {
    return `provider: built-in emulator at ${engine.emulator.url} (no provider credential set): videos are EMULATED`;
  }
  const lines = engine.providerDescriptions.map((provider) =>
    `provider: ${provider.name} (${provider.kind}) ${provider.baseURL ?? ''}${provider.emulated ? ' — emulator on loopback: videos are EMULATED' : ''}`.trimEnd(),
  );
  return lines.length > 0 ? lines.join('\n') : `providers: ${[...engine.providers.keys()].join(', ')}`;
}

export async function runServe(flags: ServeFlags, env: Env): Promise<void> {
  const config = loadConfig({
    ...env,
    ...(flags.role ? { REELGATE_ROLE: flags.role } : {}),
    ...(flags.port ? { PORT: flags.port } : {}),
    ...(flags.host ? { HOST: flags.host } : {}),
    ...(flags.metricsPort ? { REELGATE_METRICS_PORT: flags.metricsPort } : {}),
  });
  const { role, host } = config.server;
  const gateway = await createGateway(config);
  const { engine } = gateway;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  // A worker listens only when asked (REELGATE_METRICS_PORT), for its health and metrics.
  const port = role === 'worker' ? config.server.metricsPort : config.server.port;
  let server: ReturnType<typeof serve> | undefined;
  if (port !== undefined) {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const instance = serve({ fetch: gateway.http.fetch, port, hostname: host }, () => resolve(instance));
      instance.once('error', reject);
    });
  }
  const url = server ? `http://${urlHost}:${(server.address() as AddressInfo).port}` : undefined;
  if (role === 'worker') {
    console.log(`reelgate worker ${engine.worker.workerId} running (role: worker)`);
    if (url) console.log(`worker health and metrics on ${url}`);
  } else {
    engine.logger.info({ url, role, emulated: engine.emulated }, 'reelgate is listening');
    console.log(`reelgate listening on ${url} (role: ${role})`);
    if (gateway.localSessionKey) {
      console.log(`studio: ${url}/ (signed in automatically from this machine)`);
      console.log(`API key for scripts and the CLI: ${config.database.dataDir}/local-key`);
    }
    if (gateway.localAdminKeyFile) console.log(`admin key: ${gateway.localAdminKeyFile}`);
  }
  console.log(describeProviders(gateway));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    engine.logger.info({ signal }, 'shutting down: no new work is claimed, leases are released');
    console.log(
      `reelgate: ${signal} received: no new work is claimed; steps in flight finish, then leases are released`,
    );
    const closed = server
      ? new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        })
      : Promise.resolve();
    await gateway.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
