/**
 * Scale-out benchmarks (issue 7), all on the machine's PostgreSQL with worker and API processes
 * (`reelgate serve --role ...`) and the emulator as its own process:
 * 1. Generations per second the system carries with 1, 2 and 4 worker processes (same run, same
 *    jobs): N generations are queued while the workers are stopped (SIGSTOP), then released
 *    together (SIGCONT); the clock runs until every one is stored and completed.
 * 2. API create latency (p50/p99) at a steady open-loop request rate against one API process
 *    (with a worker processing behind it), against `GET /healthz` at the same rate as baseline.
 * 3. CPU and memory of one worker process tracking 10,000 in-flight generations (the emulator
 *    slowed down so none finishes), over a window after all of them were started.
 *
 * Settings: REELGATE_BENCH_GENERATIONS (default 150), REELGATE_BENCH_RATE (creates per second,
 * default 10; the API-only run uses 4x), REELGATE_BENCH_PARTS (throughput,latency,tracking), REELGATE_BENCH_TRACKED (default 10000), REELGATE_BENCH_WINDOW_MS (default 60000).
 */
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../src/app/reelgate.ts';
import { createPostgresDatabase } from '../test/engine/helpers/databases.ts';
import {
  type Child,
  type ServeProcess,
  startEmulatorProcess,
  startServe,
} from '../test/scale/support/processes.ts';
import { tempDir } from '../test/scale/support/temp.ts';
import type { BenchResult } from './bench-result.ts';

const generations = Number(process.env.REELGATE_BENCH_GENERATIONS ?? 150);
const ratePerSecond = Number(process.env.REELGATE_BENCH_RATE ?? 10);
const tracked = Number(process.env.REELGATE_BENCH_TRACKED ?? 10_000);
const windowMs = Number(process.env.REELGATE_BENCH_WINDOW_MS ?? 60_000);
const apiKey = 'sk-bench-scale';
/** REELGATE_BENCH_PARTS: any of throughput, latency, tracking (default all three). */
const parts = new Set((process.env.REELGATE_BENCH_PARTS ?? 'throughput,latency,tracking').split(','));

interface System {
  env: Record<string, string>;
  api: Reelgate;
  close(): Promise<void>;
}

/** A fresh database and an in-process API handle (no worker) to queue work with. */
async function system(
  emulatorUrl: string,
  speed: number,
  extra: Record<string, string> = {},
): Promise<System> {
  const database = await createPostgresDatabase();
  const dir = await tempDir('rg-bench-scale-');
  const env = {
    DATABASE_URL: database.url,
    OPENAI_API_KEY: 'emulator-key',
    OPENAI_BASE_URL: `${emulatorUrl}/v1`,
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_DATA_DIR: dir.path,
    REELGATE_API_KEYS: apiKey,
    REELGATE_RATE_LIMIT_PER_MINUTE: '0',
    REELGATE_LOG_LEVEL: 'warn',
    ...extra,
  };
  const api = await createReelgate(loadConfig({ ...env, REELGATE_ROLE: 'api' }), {
    logger: pino({ level: 'silent' }),
    startWorker: false,
    webhooks: false,
    eventRelay: false,
  });
  return {
    env,
    api,
    async close() {
      await api.close();
      await database.drop();
      await dir.remove();
    },
  };
}

async function queue(api: Reelgate, count: number, prompt: string): Promise<void> {
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, () =>
        api.service.create('acct_bench', { prompt, surface: 'videos' }),
      ),
    );
  }
}

async function countIn(api: Reelgate, states: string[]): Promise<number> {
  const result = await api.db.query('SELECT count(*)::int AS n FROM generations WHERE state = ANY($1)', [
    states,
  ]);
  return Number(result.rows[0]!.n);
}

async function waitFor(check: () => Promise<boolean>, limitMs: number, what: string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface ThroughputRun {
  rate: number;
  seconds: number;
  /** CPU over the run, in % of one core. */
  cpu: { workers: number; emulator: number; postgres: number; bench: number };
}

/** PIDs of the PostgreSQL backends serving this database (connections of every process). */
async function backendPids(api: Reelgate): Promise<number[]> {
  const result = await api.db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return result.rows.map((row) => Number(row.pid));
}

async function cpuOf(pids: Iterable<number>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const pid of pids) out.set(pid, await processCpuMs(pid).catch(() => Number.NaN));
  return out;
}

async function throughput(
  emulator: Child & { url: string },
  speed: number,
  workerCount: number,
): Promise<ThroughputRun> {
  const emulatorUrl = emulator.url;
  const sys = await system(emulatorUrl, speed);
  const workers: ServeProcess[] = [];
  try {
    for (let i = 0; i < workerCount; i++) {
      workers.push(
        await startServe('worker', { ...sys.env, REELGATE_WORKER_ID: `bench-${workerCount}-${i}` }),
      );
    }
    for (const worker of workers) worker.process.kill('SIGSTOP');
    await queue(sys.api, generations, 'a paper boat drifting on a pond');
    const workerPids = workers.map((worker) => worker.process.pid!);
    const emulatorPid = emulator.process.pid!;
    const backendsBefore = await backendPids(sys.api);
    const before = await cpuOf([...workerPids, emulatorPid, ...backendsBefore]);
    const benchBefore = process.cpuUsage();
    const started = performance.now();
    for (const worker of workers) worker.process.kill('SIGCONT');
    await waitFor(
      async () => (await countIn(sys.api, ['completed'])) === generations,
      300_000,
      `${generations} generations with ${workerCount} workers`,
    );
    const elapsedMs = performance.now() - started;
    const benchUsed = process.cpuUsage(benchBefore);
    // Backends opened during the run started from 0 ms of CPU.
    const backends = [...new Set([...backendsBefore, ...(await backendPids(sys.api))])];
    const after = await cpuOf([...workerPids, emulatorPid, ...backends]);
    const used = (pids: number[]) =>
      pids.reduce((sum, pid) => {
        const delta = (after.get(pid) ?? Number.NaN) - (before.get(pid) ?? 0);
        return Number.isFinite(delta) ? sum + delta : sum;
      }, 0);
    const share = (ms: number) => (ms / elapsedMs) * 100;
    return {
      rate: generations / (elapsedMs / 1000),
      seconds: elapsedMs / 1000,
      cpu: {
        workers: share(used(workerPids)),
        emulator: share(used([emulatorPid])),
        postgres: share(used(backends)),
        bench: share((benchUsed.user + benchUsed.system) / 1000),
      },
    };
  } finally {
    for (const worker of workers) worker.process.kill('SIGCONT');
    await Promise.all(workers.map((worker) => worker.stop()));
    await sys.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Open loop: request i leaves at start + i / rate whatever the earlier ones are doing. */
async function steadyRate(
  count: number,
  send: () => Promise<Response>,
  rate = ratePerSecond,
): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const t0 = performance.now();
      const response = await send();
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`bench: request answered ${response.status}`);
      latencies.push(performance.now() - t0);
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/**
 * Create latency at a steady rate the system can carry (default 10/s, below the one-worker
 * throughput measured above) with a worker processing behind the API; with `apiOnly`, the API
 * process alone at `rate` (its own cost, no competing worker on the 2 cores).
 */
async function createLatency(
  emulatorUrl: string,
  speed: number,
  options: { apiOnly: boolean; rate: number },
): Promise<BenchResult[]> {
  const sys = await system(emulatorUrl, speed);
  let api: ServeProcess | undefined;
  let worker: ServeProcess | undefined;
  const rate = options.rate;
  const label = options.apiOnly ? 'API process alone' : '1 API + 1 worker process';
  try {
    api = await startServe('api', sys.env);
    if (!options.apiOnly)
      worker = await startServe('worker', { ...sys.env, REELGATE_WORKER_ID: 'bench-latency' });
    const url = api.url;
    const create = () =>
      fetch(`${url}/v1/generations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'a lighthouse at dusk, slow pan', duration: 4 }),
      });
    await steadyRate(Math.min(50, rate), create, rate); // warm-up (JIT, pools)
    const count = rate * 10;
    const health = await steadyRate(rate * 5, () => fetch(`${url}/healthz`), rate);
    const creates = await steadyRate(count, create, rate);
    const p50 = percentile(creates, 0.5);
    const p99 = percentile(creates, 0.99);
    return [
      {
        name: `API create latency p50 at ${rate}/s (${label})`,
        value: p50,
        unit: 'ms',
        note: `${(p50 / percentile(health, 0.5)).toFixed(1)}x GET /healthz p50 (${percentile(health, 0.5).toFixed(1)} ms)`,
      },
      {
        name: `API create latency p99 at ${rate}/s (${label})`,
        value: p99,
        unit: 'ms',
        note: `target < 50 ms; ${(p99 / percentile(health, 0.99)).toFixed(1)}x GET /healthz p99 (${percentile(health, 0.99).toFixed(1)} ms); ${count} creates`,
      },
    ];
  } finally {
    await Promise.all([api?.stop(), worker?.stop()]);
    await sys.close();
  }
}

async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 (1-based) of the whole line: 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function memoryKb(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const read = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: read('VmRSS'), peak: read('VmHWM') };
}

async function tracking(): Promise<BenchResult[]> {
  // 20x slower than real providers: nothing finishes while we watch.
  const speed = 0.05;
  const emulator = await startEmulatorProcess({
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_SEED: '9',
  });
  const sys = await system(emulator.url, speed);
  let worker: ServeProcess | undefined;
  try {
    worker = await startServe('worker', {
      ...sys.env,
      REELGATE_WORKER_ID: 'bench-tracker',
      REELGATE_WORKER_CONCURRENCY: '16',
    });
    const pid = worker.process.pid!;
    const queuedAt = performance.now();
    await queue(sys.api, tracked, 'a slow drone shot over a glacier');
    await waitFor(
      // Started: running, or (the earliest, after many minutes) already finished.
      async () =>
        (await countIn(sys.api, ['running', 'completed', 'failed', 'expired', 'canceled'])) === tracked,
      // Starting is paced by the worker's concurrency: about 40 generations a second here.
      Math.max(600_000, tracked * 40),
      `${tracked} generations started`,
    );
    const startPhaseS = (performance.now() - queuedAt) / 1000;
    const checksBefore = await statusChecks(sys.api);
    const cpuBefore = await processCpuMs(pid);
    const windowStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const elapsedMs = performance.now() - windowStart;
    const cpuShare = (await processCpuMs(pid)) - cpuBefore;
    const checks = (await statusChecks(sys.api)) - checksBefore;
    const stillRunning = await countIn(sys.api, ['running']);
    const memory = await memoryKb(pid);
    return [
      {
        name: `worker CPU tracking ${tracked} in-flight generations`,
        value: (cpuShare / elapsedMs) * 100,
        unit: '% of one core',
        note: `target < 25%; ${(elapsedMs / 1000).toFixed(0)} s window after all were started (start phase ${startPhaseS.toFixed(0)} s); ${checks} status checks in the window; ${stillRunning} still in flight`,
      },
      {
        name: `worker memory tracking ${tracked} in-flight generations (RSS)`,
        value: memory.rss / 1024,
        unit: 'MB',
        note: `target < 500 MB; peak ${Math.round(memory.peak / 1024)} MB including the start phase`,
      },
    ];
  } finally {
    await worker?.stop();
    await sys.close();
    await emulator.stop();
  }
}

async function statusChecks(api: Reelgate): Promise<number> {
  const result = await api.db.query('SELECT coalesce(sum(status_checks), 0)::bigint AS n FROM generations');
  return Number(result.rows[0]!.n);
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const speed = 5000;
  const emulator: Child & { url: string } = await startEmulatorProcess({
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_SEED: '1',
  });
  try {
    const runs = new Map<number, ThroughputRun>();
    if (parts.has('throughput')) {
      for (const count of [1, 2, 4]) runs.set(count, await throughput(emulator, speed, count));
    }
    const base = runs.get(1)?.rate ?? 1;
    for (const [count, run] of runs) {
      const workersLabel = `${count} worker process${count > 1 ? 'es' : ''}`;
      const { cpu } = run;
      const total = cpu.workers + cpu.emulator + cpu.postgres + cpu.bench;
      results.push(
        {
          name: `generations per second with ${workersLabel}`,
          value: run.rate,
          unit: 'generations/s',
          note: `${(run.rate / base).toFixed(2)}x one worker; ${generations} generations, emulator at ${speed}x`,
        },
        {
          name: `CPU with ${workersLabel}: workers / emulator / PostgreSQL / queueing process`,
          value: total,
          unit: '% of one core',
          note: `${cpu.workers.toFixed(0)} / ${cpu.emulator.toFixed(0)} / ${cpu.postgres.toFixed(0)} / ${cpu.bench.toFixed(0)} % over ${run.seconds.toFixed(1)} s (PostgreSQL: this database's backends only)`,
        },
      );
    }
    if (parts.has('latency')) {
      results.push(...(await createLatency(emulator.url, speed, { apiOnly: false, rate: ratePerSecond })));
      results.push(...(await createLatency(emulator.url, speed, { apiOnly: true, rate: 4 * ratePerSecond })));
    }
  } finally {
    await emulator.stop();
  }
  if (parts.has('tracking')) results.push(...(await tracking()));
  return results;
}
