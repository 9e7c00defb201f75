/** Spawns the engine worker fixture as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/engine-worker.ts', import.meta.url));

export interface ChildWorker {
  process: ChildProcess;
  output: () => string;
  /** Resolves once the worker printed `ready`. */
  ready: Promise<void>;
  /** Resolves with the exit signal (or code) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export function spawnWorker(env: Record<string, string>): ChildWorker {
  const child = spawn(process.execPath, [fixture], {
    // Small pools: several processes and test files share one PostgreSQL (max_connections 100).
    env: { ...process.env, REELGATE_DATABASE_POOL_MAX: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('ready ')) resolve();
    };
    child.stdout.on('data', check);
    void exited.then(() =>
      out.includes('ready ') ? resolve() : reject(new Error(`worker exited early:\n${out}`)),
    );
  });
  return {
    process: child,
    output: () => out,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
