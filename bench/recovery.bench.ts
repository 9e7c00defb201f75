/**
 * Create latency and crash recovery, on both databases, each against a baseline measured in the
 * same run:
 * 1. Create latency (p50/p99) at a steady 10 creates/s against `GET /healthz` at the same rate:
 *    the embedded database (one `serve --role all` process) and PostgreSQL (an API process and a
 *    worker process). Target p99 < 50 ms.
 * 2. Resume after a crash: 10 generations in flight, then the embedded gateway is SIGKILLed and
 *    restarted, or (PostgreSQL) one of two worker processes is SIGKILLed. Reported: time from the
 *    restart being ready (or the kill) to the first step on an orphaned generation, and to all
 *    completed, against the same workload without a crash. Target: resumed within 5 s.
 *
 * Environment: REELGATE_BENCH_RECOVERY_PARTS (latency,resume; default both),
 * REELGATE_BENCH_LATENCY_SAMPLES (creates measured per database, default 400).
 */
import { pino } from 'pino';
import { createReelgate, type Reelgate } from '../src/app/reelgate.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createPostgresDatabase } from '../test/engine/helpers/databases.ts';
import { startEmulatorProcess, startServe } from '../test/scale/support/processes.ts';
import { tempDir } from '../test/scale/support/temp.ts';
import type { BenchResult } from './bench-result.ts';

const apiKey = 'rg_bench_recovery_key_0123456789abcdefghijklmnop';
const parts = new Set((process.env.REELGATE_BENCH_RECOVERY_PARTS ?? 'latency,resume').split(','));
const rate = 10;
const speed = 20;
const inFlight = 10;
// p99 of a few hundred samples is the few slowest requests: more samples, steadier figure.
const latencySamples = Number(process.env.REELGATE_BENCH_LATENCY_SAMPLES ?? 400);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** Open-loop requests at `perSecond`; returns sorted latencies (ms). */
async function steadyRate(
  count: number,
  send: () => Promise<Response>,
  perSecond: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const wait = started + (i * 1000) / perSecond - performance.now();
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

function createBody(prompt: string) {
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt, duration: 4 }),
  };
}

async function latency(label: string, url: string): Promise<BenchResult[]> {
  const create = () => fetch(`${url}/v1/generations`, createBody('a lighthouse at dusk, slow pan'));
  await steadyRate(30, create, rate); // warm-up (JIT, pools)
  const health = await steadyRate(rate * 10, () => fetch(`${url}/healthz`), rate);
  const creates = await steadyRate(latencySamples, create, rate);
  const p50 = percentile(creates, 0.5);
  const p99 = percentile(creates, 0.99);
  return [
    {
      name: `create latency p50 at ${rate}/s (${label})`,
      value: p50,
      unit: 'ms',
      note: `GET /healthz p50 ${percentile(health, 0.5).toFixed(1)} ms (${(p50 / percentile(health, 0.5)).toFixed(1)}x)`,
    },
    {
      name: `create latency p99 at ${rate}/s (${label})`,
      value: p99,
      unit: 'ms',
      note: `target < 50 ms; GET /healthz p99 ${percentile(health, 0.99).toFixed(1)} ms (${(p99 / percentile(health, 0.99)).toFixed(1)}x); ${creates.length} creates`,
    },
  ];
}

interface Listed {
  id: string;
  status: string;
  progress: number;
  updated_at?: number;
}

async function listAll(url: string): Promise<Listed[]> {
  const response = await fetch(`${url}/v1/generations?limit=100`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (!response.ok) throw new Error(`list answered ${response.status}`);
  return ((await response.json()) as { data: Listed[] }).data;
}

async function createMany(url: string, n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${url}/v1/generations`, createBody(`${tag} ${i}: a red fox in fresh snow`));
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

const final = new Set(['completed', 'failed', 'canceled', 'expired']);

/** Polls until every id is final; returns ms from `fromMs` (performance.now()). */
async function allFinal(
  poll: () => Promise<Map<string, string>>,
  ids: string[],
  fromMs: number,
): Promise<number> {
  const deadline = performance.now() + 180_000;
  while (performance.now() < deadline) {
    const states = await poll().catch(() => new Map<string, string>());
    if (ids.every((id) => final.has(states.get(id) ?? ''))) return performance.now() - fromMs;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('bench: generations did not finish within 180 s');
}

async function embeddedResume(emulatorUrl: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const crash of [false, true]) {
    const dir = await tempDir('rg-bench-resume-');
    const env = {
      OPENAI_API_KEY: 'emulator-key',
      OPENAI_BASE_URL: `${emulatorUrl}/v1`,
      REELGATE_EMULATOR_SPEED: String(speed),
      REELGATE_DATA_DIR: dir.path,
      REELGATE_API_KEYS: apiKey,
      REELGATE_RATE_LIMIT_PER_MINUTE: '0',
    };
    let gateway = await startServe('all', env);
    try {
      const created = performance.now();
      const ids = await createMany(gateway.url, inFlight, crash ? 'crash' : 'baseline');
      const poll = async () => new Map((await listAll(gateway.url)).map((item) => [item.id, item.status]));
      if (!crash) {
        const total = await allFinal(poll, ids, created);
        results.push({
          name: 'embedded: all completed, no crash',
          value: total / 1000,
          unit: 's',
          note: `${inFlight} generations from the first create`,
        });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await gateway.stop('SIGKILL');
      gateway = await startServe('all', env);
      const ready = performance.now();
      const before = new Map((await listAll(gateway.url)).map((item) => [item.id, JSON.stringify(item)]));
      let firstStep = Number.NaN;
      while (performance.now() - ready < 60_000) {
        const now = await listAll(gateway.url);
        if (now.some((item) => before.get(item.id) !== JSON.stringify(item))) {
          firstStep = performance.now() - ready;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const total = await allFinal(poll, ids, ready);
      results.push(
        {
          name: 'embedded: restart ready -> first resumed step',
          value: firstStep / 1000,
          unit: 's',
          note: 'target < 5 s',
        },
        {
          name: 'embedded: restart ready -> all completed',
          value: total / 1000,
          unit: 's',
          note: `${inFlight} generations, SIGKILL 1.5 s after the creates`,
        },
      );
    } finally {
      await gateway.stop();
      await dir.remove();
    }
  }
  return results;
}

async function postgresResume(emulatorUrl: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const crash of [false, true]) {
    const database = await createPostgresDatabase();
    const dir = await tempDir('rg-bench-resume-pg-');
    const env = {
      DATABASE_URL: database.url,
      OPENAI_API_KEY: 'emulator-key',
      OPENAI_BASE_URL: `${emulatorUrl}/v1`,
      REELGATE_EMULATOR_SPEED: String(speed),
      REELGATE_DATA_DIR: dir.path,
      REELGATE_API_KEYS: apiKey,
      REELGATE_RATE_LIMIT_PER_MINUTE: '0',
    };
    const reader: Reelgate = await createReelgate(loadConfig({ ...env, REELGATE_ROLE: 'api' }), {
      logger: pino({ level: 'silent' }),
      startWorker: false,
      webhooks: false,
      eventRelay: false,
    });
    const api = await startServe('api', env);
    const workers = [
      await startServe('worker', { ...env, REELGATE_WORKER_ID: 'bench-w1' }),
      await startServe('worker', { ...env, REELGATE_WORKER_ID: 'bench-w2' }),
    ];
    try {
      const created = performance.now();
      const ids = await createMany(api.url, inFlight, crash ? 'crash' : 'baseline');
      const poll = async () => {
        const rows = await reader.db.query<{ id: string; state: string }>(
          'SELECT id, state FROM generations',
        );
        return new Map(rows.rows.map((row) => [row.id, row.state]));
      };
      if (!crash) {
        const total = await allFinal(poll, ids, created);
        results.push({
          name: 'PostgreSQL: all completed, no crash',
          value: total / 1000,
          unit: 's',
          note: `${inFlight} generations, 2 workers`,
        });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Wait until the worker to be killed holds something, then kill it mid-step.
      let held: Array<{ id: string; step_seq: number }> = [];
      for (let i = 0; i < 200 && held.length === 0; i++) {
        held = (
          await reader.db.query<{ id: string; step_seq: number }>(
            "SELECT id, step_seq FROM generations WHERE lease_owner = 'bench-w1' AND state NOT IN ('completed', 'failed', 'canceled', 'expired')",
          )
        ).rows;
        if (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await workers[0]!.stop('SIGKILL');
      const killed = performance.now();
      let firstStep = Number.NaN;
      while (held.length > 0 && performance.now() - killed < 90_000) {
        const rows = await reader.db.query<{ id: string; step_seq: number }>(
          'SELECT id, step_seq FROM generations WHERE id = ANY($1::text[])',
          [held.map((row) => row.id)],
        );
        const seq = new Map(held.map((row) => [row.id, Number(row.step_seq)]));
        if (rows.rows.some((row) => Number(row.step_seq) > (seq.get(row.id) ?? 0))) {
          firstStep = performance.now() - killed;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const total = await allFinal(poll, ids, killed);
      results.push(
        {
          name: 'PostgreSQL: worker death -> first resumed step',
          value: firstStep / 1000,
          unit: 's',
          note: `target < 5 s; lease ${60} s; ${held.length} generation(s) held by the dead worker`,
        },
        {
          name: 'PostgreSQL: worker death -> all completed',
          value: total / 1000,
          unit: 's',
          note: `${inFlight} generations, 2 workers, one SIGKILLed`,
        },
      );
    } finally {
      await Promise.all([api.stop(), ...workers.map((worker) => worker.stop())]);
      await reader.close();
      await database.drop();
      await dir.remove();
    }
  }
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulatorProcess({
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_SEED: '4',
  });
  const results: BenchResult[] = [];
  try {
    if (parts.has('latency')) {
      const dir = await tempDir('rg-bench-latency-');
      const embedded = await startServe('all', {
        OPENAI_API_KEY: 'emulator-key',
        OPENAI_BASE_URL: `${emulator.url}/v1`,
        REELGATE_EMULATOR_SPEED: String(speed),
        REELGATE_DATA_DIR: dir.path,
        REELGATE_API_KEYS: apiKey,
        REELGATE_RATE_LIMIT_PER_MINUTE: '0',
      });
      try {
        results.push(...(await latency('embedded database, one process', embedded.url)));
      } finally {
        await embedded.stop();
        await dir.remove();
      }
      const database = await createPostgresDatabase();
      const pgDir = await tempDir('rg-bench-latency-pg-');
      const env = {
        DATABASE_URL: database.url,
        OPENAI_API_KEY: 'emulator-key',
        OPENAI_BASE_URL: `${emulator.url}/v1`,
        REELGATE_EMULATOR_SPEED: String(speed),
        REELGATE_DATA_DIR: pgDir.path,
        REELGATE_API_KEYS: apiKey,
        REELGATE_RATE_LIMIT_PER_MINUTE: '0',
      };
      const api = await startServe('api', env);
      const worker = await startServe('worker', { ...env, REELGATE_WORKER_ID: 'bench-latency' });
      try {
        results.push(...(await latency('PostgreSQL, 1 API + 1 worker process', api.url)));
      } finally {
        await Promise.all([api.stop(), worker.stop()]);
        await database.drop();
        await pgDir.remove();
      }
    }
    if (parts.has('resume')) {
      results.push(...(await embeddedResume(emulator.url)));
      results.push(...(await postgresResume(emulator.url)));
    }
  } finally {
    await emulator.stop();
  }
  return results;
}
