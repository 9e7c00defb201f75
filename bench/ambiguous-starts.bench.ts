/**
 * Ambiguous starts under load, against the same run without faults. The default install (one
 * `serve --role all` process, embedded database) against an emulator process whose OpenAI face
 * does not deduplicate starts (as the real API). 200 generations are submitted at once; in the
 * faulty run 20 % of the creates are answered 500 after the job was made and 20 % have their
 * connection reset after it was made. Once the provider has made 40 jobs the gateway is
 * SIGKILLed and restarted. Reported per run: starts reconciled (the job found and adopted),
 * generations ended `start_unconfirmed`, provider calls per generation (and the extra ones
 * against the run without faults), and the API's p99 (`GET /v1/generations/{id}` and
 * `/healthz`, 10 requests/s each) from the restart until every generation is final.
 *
 * Environment: REELGATE_BENCH_AMBIGUOUS_COUNT (default 200).
 */
import type { BenchResult } from './bench-result.ts';
import { startEmulatorProcess, startServe } from '../test/scale/support/processes.ts';
import { tempDir } from '../test/scale/support/temp.ts';

const apiKey = 'rg_bench_ambiguous_key_0123456789abcdefghijklmnop';
const count = Number(process.env.REELGATE_BENCH_AMBIGUOUS_COUNT ?? 200);
const speed = 500;
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

interface EmulatorStats {
  requests: { total: number };
  jobsCreated: { total: number };
  createCalls: { total: number };
}

interface RunFigures {
  reconciled: number;
  unconfirmed: number;
  completed: number;
  callsPerGeneration: number;
  createCallsPerGeneration: number;
  jobsPerGeneration: number;
  getP99Ms: number;
  healthP99Ms: number;
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? Number.NaN;
}

function promptFor(index: number, faults: boolean): string {
  const base = `bench ambiguous ${index}: a paper boat on a pond`;
  if (!faults) return base;
  if (index % 5 === 1) return `${base} [[fault:http500-after-create]]`;
  if (index % 5 === 3) return `${base} [[fault:reset-after-create]]`;
  return base;
}

/** Requests `path` at 10/s until stopped; returns the latencies (ms), failures count as 30 s. */
function sample(url: () => string, path: () => string) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${url()}${path()}`, { headers, signal: AbortSignal.timeout(30_000) })
        .then((response) => response.arrayBuffer())
        .then(
          () => latencies.push(performance.now() - t0),
          () => latencies.push(30_000),
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

async function oneRun(faults: boolean): Promise<RunFigures> {
  const emulatorDir = await tempDir('rg-bench-ambiguous-emulator-');
  const dataDir = await tempDir('rg-bench-ambiguous-');
  const emulator = await startEmulatorProcess({
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_SEED: '7',
    REELGATE_EMULATOR_DATA_DIR: emulatorDir.path,
  });
  const env = {
    OPENAI_API_KEY: 'emulator-key',
    OPENAI_BASE_URL: `${emulator.url}/v1`,
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_DATA_DIR: dataDir.path,
    REELGATE_API_KEYS: apiKey,
    REELGATE_RATE_LIMIT_PER_MINUTE: '0',
    REELGATE_WORKER_CONCURRENCY: '16',
    REELGATE_DEADLINE_MIN_MS: String(3_600_000 * speed),
  };
  const stats = async () => (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as EmulatorStats;
  let gateway = await startServe('all', env);
  try {
    const ids = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const response = await fetch(`${gateway.url}/v1/generations`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ prompt: promptFor(index, faults), duration: 4 }),
        });
        if (!response.ok) throw new Error(`create answered ${response.status}`);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    while ((await stats()).jobsCreated.total < Math.min(40, count / 2))
      await new Promise((resolve) => setTimeout(resolve, 20));
    await gateway.stop('SIGKILL');
    gateway = await startServe('all', env);
    const current = gateway;
    let next = 0;
    const gets = sample(
      () => current.url,
      () => `/v1/generations/${ids[next++ % ids.length]}`,
    );
    const health = sample(
      () => current.url,
      () => '/healthz',
    );
    const final = new Map<
      string,
      { status: string; error?: { code?: string } | null; warnings?: string[] }
    >();
    const deadline = Date.now() + 20 * 60_000;
    while (final.size < ids.length) {
      if (Date.now() > deadline) throw new Error(`not final in time: ${final.size}/${ids.length}`);
      for (const id of ids) {
        if (final.has(id)) continue;
        const body = (await (await fetch(`${gateway.url}/v1/generations/${id}`, { headers })).json()) as {
          status: string;
          error?: { code?: string } | null;
          warnings?: string[];
        };
        if (body.status === 'completed' || body.status === 'failed') final.set(id, body);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const getLatencies = await gets.stop();
    const healthLatencies = await health.stop();
    const outcomes = [...final.values()];
    const provider = await stats();
    return {
      reconciled: outcomes.filter((o) => (o.warnings ?? []).some((w) => /found at the provider/.test(w)))
        .length,
      unconfirmed: outcomes.filter((o) => o.error?.code === 'start_unconfirmed').length,
      completed: outcomes.filter((o) => o.status === 'completed').length,
      callsPerGeneration: provider.requests.total / count,
      createCallsPerGeneration: provider.createCalls.total / count,
      jobsPerGeneration: provider.jobsCreated.total / count,
      getP99Ms: p99(getLatencies),
      healthP99Ms: p99(healthLatencies),
    };
  } finally {
    await gateway.stop();
    await emulator.stop();
    await dataDir.remove();
    await emulatorDir.remove();
  }
}

export async function run(): Promise<BenchResult[]> {
  const clean = await oneRun(false);
  const faulty = await oneRun(true);
  const rows: BenchResult[] = [];
  for (const [label, figures] of [
    ['no faults', clean],
    ['40 % ambiguous starts', faulty],
  ] as const) {
    rows.push(
      { name: `${label}: completed`, value: figures.completed, unit: `of ${count}` },
      {
        name: `${label}: starts reconciled (job found, adopted)`,
        value: figures.reconciled,
        unit: 'generations',
      },
      { name: `${label}: ended start_unconfirmed`, value: figures.unconfirmed, unit: 'generations' },
      { name: `${label}: provider jobs per generation`, value: figures.jobsPerGeneration, unit: 'jobs' },
      { name: `${label}: provider calls per generation`, value: figures.callsPerGeneration, unit: 'calls' },
      {
        name: `${label}: create calls per generation`,
        value: figures.createCallsPerGeneration,
        unit: 'calls',
      },
      {
        name: `${label}: GET /v1/generations/{id} p99 after the restart`,
        value: figures.getP99Ms,
        unit: 'ms',
      },
      { name: `${label}: /healthz p99 after the restart`, value: figures.healthP99Ms, unit: 'ms' },
    );
  }
  rows.push(
    {
      name: 'extra provider calls per generation (faults - no faults)',
      value: faulty.callsPerGeneration - clean.callsPerGeneration,
      unit: 'calls',
    },
    {
      name: 'GET p99 with faults / without',
      value: faulty.getP99Ms / clean.getP99Ms,
      unit: 'x',
    },
  );
  return rows;
}
