/** Running the emulator as a real HTTP server (what `reelgate emulator` and the gateway use). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { EmulatorCore } from './core/core.ts';
import { createEmulatorApp, type EmulatorStatsView, statsView } from './app.ts';
import type { EmulatorOptions } from './options.ts';

export interface RunningEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:4010 (the OpenAI face is at `${url}/v1`). */
  url: string;
  port: number;
  host: string;
  core: EmulatorCore;
  stats(): EmulatorStatsView;
  /** Stops accepting connections, drops open ones, stops timers and webhook retries. */
  close(): Promise<void>;
}

/**
 * Starts the emulator on host:port (default 127.0.0.1:4010).
 *
 * @example
 * const emulator = await startEmulator({ port: 0, speed: 1000 });
 * const openai = new OpenAI({ apiKey: 'test', baseURL: `${emulator.url}/v1` });
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const app = createEmulatorApp(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: options.port ?? 4010, hostname: host }, () =>
      resolve(instance),
    );
    instance.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    core: app.core,
    stats: () => statsView(app.core),
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
        await Promise.all([stopped, app.core.close()]);
      })();
      return closed;
    },
  };
}
