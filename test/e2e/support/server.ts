/**
 * Starts a real gateway the way `npm start` does (`node bin/reelgate.js serve`) on a free
 * loopback port, with a temporary data dir, the emulator sped up, and two API keys (two
 * accounts). Set REELGATE_E2E_URL (+ REELGATE_E2E_KEYS=a,b) to test an already running server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  keys: [string, string];
  dataDir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** What the server printed (for failure messages). */
  output(): string;
}

const repoRoot = new URL('../../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServerOptions {
  /** A default local install: no configured keys, the studio signs a loopback browser in. */
  local?: boolean;
  /** Reuse a data directory and port (restarting a stopped server). */
  dataDir?: string;
  port?: number;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const external = process.env.REELGATE_E2E_URL;
  if (external && !options.local) {
    const keys = (process.env.REELGATE_E2E_KEYS ?? 'dev-key-a,dev-key-b').split(',');
    return {
      url: external.replace(/\/$/, ''),
      keys: [keys[0]!, keys[1]!],
      dataDir: '',
      stop: async () => {},
      output: () => '',
    };
  }
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'rg-e2e-')));
  const port = options.port ?? (await freePort());
  const keys: [string, string] = [
    `rg_e2e_a_${randomBytes(12).toString('hex')}`,
    `rg_e2e_b_${randomBytes(12).toString('hex')}`,
  ];
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/reelgate.js', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REELGATE_DATA_DIR: dataDir,
      REELGATE_API_KEYS: options.local ? '' : keys.join(','),
      REELGATE_EMULATOR_SPEED: process.env.REELGATE_EMULATOR_SPEED ?? '200',
      REELGATE_LOG_LEVEL: process.env.REELGATE_LOG_LEVEL ?? 'warn',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (!stopOptions.keepData) await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`reelgate serve exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`reelgate serve did not become ready:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, keys, dataDir, stop, output: () => log };
}
