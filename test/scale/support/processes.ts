/**
 * Child processes for the scale tests: `reelgate serve --role ...`, `reelgate emulator` and the
 * s3rver helper, each on 127.0.0.1 and a free port, with their output kept for failure messages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = `${root}bin/reelgate.js`;

export interface Child {
  process: ChildProcess;
  output(): string;
  /** First stdout match of `pattern` (waits for it). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnChild(args: string[], env: Record<string, string>, name = args.join(' ')): Child {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, REELGATE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    // Bounded: a long run's logs must not grow without limit.
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    output: () => out,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-4000)}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`${name} exited before printing ${pattern}:\n${out.slice(-4000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout?.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface ServeProcess extends Child {
  /** http://127.0.0.1:port of the API (api/all roles) or of the worker's health port. */
  url: string;
}

/** `reelgate serve --role <role>` on a free port; resolves once it listens. */
export async function startServe(
  role: 'api' | 'worker' | 'all',
  env: Record<string, string>,
): Promise<ServeProcess> {
  const args = [bin, 'serve', '--role', role, '--port', '0', '--host', '127.0.0.1'];
  if (role === 'worker') args.push('--metrics-port', '0');
  // Small pools: several processes and test files share one PostgreSQL (max_connections 100).
  const child = spawnChild(args, { REELGATE_DATABASE_POOL_MAX: '4', ...env }, `serve --role ${role}`);
  const pattern =
    role === 'worker'
      ? /worker health and metrics on (http:\/\/\S+)/
      : /reelgate listening on (http:\/\/\S+)/;
  const match = await child.waitFor(pattern, 90_000);
  return { ...child, url: match[1]! };
}

/** `reelgate emulator` with the given REELGATE_EMULATOR_* settings. */
export async function startEmulatorProcess(env: Record<string, string>): Promise<Child & { url: string }> {
  const child = spawnChild([bin, 'emulator'], { REELGATE_EMULATOR_PORT: '0', ...env }, 'emulator');
  const match = await child.waitFor(/listening on (http:\/\/\S+)/, 60_000);
  return { ...child, url: match[1]! };
}
