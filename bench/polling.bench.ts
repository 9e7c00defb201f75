/**
 * Polling on simulated time: status calls per generation and the delay from provider completion
 * to the stored copy, for reelgate's scheduler against a fixed 30 s and a fixed 2 s poll over the
 * SAME jobs, on two timing models: the emulator's linear progress and its `uneven` progress
 * (stalls, jumps, a long wait in the 90s; src/emulator/core/timing.ts). Plus the ETA's accuracy
 * at 25/50/75 % of the run. Everything runs on a FakeClock, so figures do not depend on load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressModel } from '../src/emulator/core/timing.ts';
import type { BenchResult } from './bench-result.ts';
import { simulatedProvider } from './simulated-provider.ts';

async function load() {
  const [
    { pino },
    { loadConfig },
    { createReelgate },
    { FakeClock },
    { medianMs },
    { seededRandom },
    { openDatabase },
  ] = await Promise.all([
    import('pino'),
    import('../src/config/load-config.ts'),
    import('../src/app/reelgate.ts'),
    import('../src/core/clock.ts'),
    import('../src/core/eta.ts'),
    import('../src/core/random.ts'),
    import('../src/db/open.ts'),
  ]);
  return {
    silent: pino({ level: 'silent' }),
    loadConfig,
    createReelgate,
    FakeClock,
    medianMs,
    seededRandom,
    openDatabase,
  };
}
type Loaded = Awaited<ReturnType<typeof load>>;

/** One load: how many generations, how far apart, and whether the provider lists jobs. */
interface Load {
  label: string;
  count: number;
  everyMs: number;
  /** The provider lists jobs with their status (OpenAI's `GET /videos`): status sweeps may read it. */
  list: boolean;
}

async function pollingBench(m: Loaded, progressModel: ProgressModel, load: Load): Promise<BenchResult[]> {
  const { FakeClock, openDatabase, createReelgate, loadConfig, seededRandom, silent, medianMs } = m;
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const sim = simulatedProvider(clock, 11, progressModel, { list: load.list });
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-bench-'));
  const db = await openDatabase({});
  const reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    clock,
    random: seededRandom(2),
    db,
    logger: silent,
    providers: [sim.binding],
    startWorker: false,
  });
  const etaSamples = new Map<string, Array<{ at: number; eta: number }>>();
  reelgate.events.subscribe({}, (event) => {
    if (event.generation.etaMs === null) return;
    const list = etaSamples.get(event.generation.id) ?? [];
    list.push({ at: event.at, eta: event.generation.etaMs });
    etaSamples.set(event.generation.id, list);
  });
  // Mixed sizes and durations, evenly spaced.
  const plan = Array.from({ length: load.count }, (_, i) => ({
    at: clock.now() + i * load.everyMs,
    resolution: '720p' as const,
    durationSeconds: [4, 8, 12][i % 3]!,
    orientation: i % 2,
  }));
  const ids: string[] = [];
  let index = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    while (index < plan.length && plan[index]!.at <= clock.now()) {
      const item = plan[index++]!;
      const generation = await reelgate.service.create('bench', {
        prompt: `bench ${index}`,
        surface: 'videos',
        size: item.orientation ? '720x1280' : '1280x720',
        durationSeconds: item.durationSeconds,
      });
      ids.push(generation.id);
    }
    await reelgate.worker.drain();
    const sweepAt = reelgate.worker.nextStatusSweepAt();
    if (sweepAt !== undefined && sweepAt <= clock.now()) {
      await reelgate.worker.sweepStatuses();
      await reelgate.worker.drain();
    }
    const nextDue = await reelgate.worker.nextDueAt();
    const nextCreate = index < plan.length ? plan[index]!.at : undefined;
    const nextSweep = nextDue === undefined ? undefined : reelgate.worker.nextStatusSweepAt();
    const next = [nextDue, nextCreate, nextSweep].filter((value): value is number => value !== undefined);
    if (next.length === 0) break;
    await clock.set(Math.max(clock.now(), Math.min(...next)));
  }
  const rows = await db.query<{
    id: string;
    idempotency_key: string;
    status_checks: number;
    stored_at: number;
    submitted_at: number;
    state: string;
  }>('SELECT id, idempotency_key, status_checks, stored_at, submitted_at, state FROM generations');
  const ours = { calls: [] as number[], delays: [] as number[] };
  const fixed = new Map<number, { calls: number[]; delays: number[] }>([
    [30_000, { calls: [], delays: [] }],
    [2_000, { calls: [], delays: [] }],
  ]);
  const etaErrors = new Map<number, number[]>([
    [0.25, []],
    [0.5, []],
    [0.75, []],
  ]);
  // List requests are shared by the generations in flight: spread evenly over all of them.
  const listShare = sim.counts.listCalls / Math.max(1, rows.rowCount);
  for (const row of rows.rows) {
    const points = sim.jobs.get(row.idempotency_key)!;
    const finish = points.terminalAtMs;
    ours.calls.push(Number(row.status_checks) + listShare);
    ours.delays.push(Number(row.stored_at) - finish);
    const runFor = finish - Number(row.submitted_at);
    for (const [interval, bucket] of fixed) {
      const calls = Math.ceil(runFor / interval);
      bucket.calls.push(calls);
      bucket.delays.push(calls * interval - runFor);
    }
    const samples = etaSamples.get(row.id) ?? [];
    for (const [fraction, errors] of etaErrors) {
      const at = points.createdAtMs + fraction * (finish - points.createdAtMs);
      const shown = samples.filter((sample) => sample.at <= at).at(-1);
      if (shown) errors.push(Math.abs(shown.eta - finish));
    }
  }
  await reelgate.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const median = (values: number[]) => medianMs(values.map((value) => value + 1e-9)) ?? 0;
  const f30 = fixed.get(30_000)!;
  const f2 = fixed.get(2_000)!;
  const note = `${rows.rowCount} generations, one every ${load.everyMs / 1000} s, ${progressModel} progress, simulated time${load.list ? `; ${sim.counts.listCalls} list requests (${listShare.toFixed(2)} per generation, included)` : ''}`;
  const tag = `${progressModel}${load.label}`;
  return [
    {
      name: `polling (${tag}): status calls per generation (reelgate)`,
      value: mean(ours.calls),
      unit: 'calls',
      note,
    },
    {
      name: `polling (${tag}): status calls per generation (fixed 30 s)`,
      value: mean(f30.calls),
      unit: 'calls',
    },
    {
      name: `polling (${tag}): status calls per generation (fixed 2 s)`,
      value: mean(f2.calls),
      unit: 'calls',
    },
    {
      name: `polling (${tag}): reelgate calls / fixed-30s calls`,
      value: mean(ours.calls) / mean(f30.calls),
      unit: 'ratio',
      note: 'target <= 0.5',
    },
    {
      name: `polling (${tag}): median completion-to-stored delay (reelgate)`,
      value: median(ours.delays) / 1000,
      unit: 's',
      note: 'target < 1 s',
    },
    {
      name: `polling (${tag}): p90 completion-to-stored delay (reelgate)`,
      value: percentile(ours.delays, 0.9) / 1000,
      unit: 's',
      note: 'target < 2 s',
    },
    {
      name: `polling (${tag}): median delay (fixed 30 s)`,
      value: median(f30.delays) / 1000,
      unit: 's',
    },
    {
      name: `polling (${tag}): median delay (fixed 2 s)`,
      value: median(f2.delays) / 1000,
      unit: 's',
    },
    ...[...etaErrors].map(([fraction, errors]) => ({
      name: `eta (${tag}): median abs error of predicted finish at ${fraction * 100}% of the run`,
      value: median(errors) / 1000,
      unit: 's',
      note: `median job length ${(median(rows.rows.map((row) => sim.jobs.get(row.idempotency_key)!.terminalAtMs - sim.jobs.get(row.idempotency_key)!.createdAtMs)) / 1000).toFixed(0)} s`,
    })),
  ];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * Three loads: a few in flight at a provider without a job list (every generation polled on its
 * own), the same with a list (sampled by sweeps), and many in flight with a list (sweeps find
 * each finish). `REELGATE_BENCH_POLLING_LOADS=few,few-list,many-list` picks some.
 */
const loads: Load[] = [
  { label: '', count: 90, everyMs: 15_000, list: false },
  { label: ', list, 1 per 15 s', count: 90, everyMs: 15_000, list: true },
  { label: ', list, 1 per 0.75 s', count: 1200, everyMs: 750, list: true },
];
const loadNames = ['few', 'few-list', 'many-list'];

export async function run(): Promise<BenchResult[]> {
  const modules = await load();
  const wanted = (process.env.REELGATE_BENCH_POLLING_LOADS ?? loadNames.join(',')).split(',');
  const results: BenchResult[] = [];
  for (const [index, one] of loads.entries()) {
    if (!wanted.includes(loadNames[index]!)) continue;
    for (const model of ['linear', 'uneven'] as const)
      results.push(...(await pollingBench(modules, model, one)));
  }
  return results;
}
