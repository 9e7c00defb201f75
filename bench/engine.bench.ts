/**
 * Engine benchmarks (issue 3 and 9):
 * 1. Polling on simulated time with the emulator's timing model: status calls per generation and
 *    the delay from provider completion to the stored copy, for reelgate's scheduler against a
 *    fixed 30 s and a fixed 2 s poll over the SAME jobs; plus the ETA's accuracy at 25/50/75 %.
 * 2. Webhooks in real time against the real emulator: completion-to-stored delay.
 * 3. Peak memory while storing a 1 GB video streamed from a local HTTP server (generated on the
 *    fly), measured in a child process so nothing else shares its heap.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JSONValue } from '@ai-sdk/provider';
import type { FakeClock } from '../src/core/clock.ts';
import type { ProviderBinding, StatusInfo, VideoModel } from '../src/worker/provider-port.ts';
import type { BenchResult } from './bench-result.ts';

// Heavy modules are loaded on demand, so the memory child process loads only what it measures.
async function load() {
  const [
    { pino },
    { loadConfig },
    { createReelgate },
    { FakeClock },
    { medianMs },
    { ReelgateError },
    { seededRandom },
    { openDatabase },
    { planTiming, timelineAt },
    { startEmulator },
    { createOpenAICompatible },
    { openaiCompatibleBinding },
  ] = await Promise.all([
    import('pino'),
    import('../src/app/config.ts'),
    import('../src/app/reelgate.ts'),
    import('../src/core/clock.ts'),
    import('../src/core/eta.ts'),
    import('../src/core/errors.ts'),
    import('../src/core/random.ts'),
    import('../src/db/open.ts'),
    import('../src/emulator/core/timing.ts'),
    import('../src/emulator/index.ts'),
    import('../src/providers/openai-compatible/index.ts'),
    import('../src/worker/providers/openai-compatible.ts'),
  ]);
  return {
    silent: pino({ level: 'silent' }),
    pino,
    loadConfig,
    createReelgate,
    FakeClock,
    medianMs,
    ReelgateError,
    seededRandom,
    openDatabase,
    planTiming,
    timelineAt,
    startEmulator,
    createOpenAICompatible,
    openaiCompatibleBinding,
  };
}
type Loaded = Awaited<ReturnType<typeof load>>;
type TimelinePoints = import('../src/emulator/core/timing.ts').TimelinePoints;

/** A provider whose jobs follow the emulator's timing model on the injected clock. */
function simulatedProvider(m: Loaded, clock: FakeClock, seed: number) {
  const { seededRandom, planTiming, timelineAt, ReelgateError } = m;
  const random = seededRandom(seed);
  const jobs = new Map<string, TimelinePoints>();
  const response = () => ({ timestamp: new Date(clock.now()), modelId: 'sora-2', headers: undefined });
  const model: VideoModel = {
    specificationVersion: 'v4',
    provider: 'openai',
    modelId: 'sora-2',
    maxVideosPerCall: 1,
    async doStart(options) {
      const key = String(options.headers?.['Idempotency-Key']);
      if (!jobs.has(key)) {
        const [width, height] = String(options.resolution).split('x').map(Number) as [number, number];
        const plan = planTiming({ width, height, seconds: options.duration ?? 4 }, random, 1);
        const now = clock.now();
        const startAtMs = now + plan.queueMs;
        const end = startAtMs + plan.runMs;
        jobs.set(key, {
          createdAtMs: now,
          startAtMs,
          nominalEndMs: end,
          terminalAtMs: end,
          outcome: 'completed',
        });
      }
      return { operation: { key }, warnings: [], response: response() };
    },
    async doStatus({ operation }) {
      const points = jobs.get((operation as { key: string }).key)!;
      const state = timelineAt(points, clock.now());
      const providerMetadata = { openai: { status: state.status, progress: state.progress } };
      if (state.status === 'completed') {
        return {
          status: 'completed',
          videos: [{ type: 'url', url: 'http://sim.invalid/v', mediaType: 'video/mp4' }],
          warnings: [],
          providerMetadata,
          response: response(),
        };
      }
      return { status: 'pending', providerMetadata, response: response() };
    },
  };
  const bytes = new Uint8Array(1024);
  const binding: ProviderBinding = {
    name: 'openai',
    emulated: true,
    timeScale: 1,
    webhooksConfigured: false,
    extraVariants: [],
    videoModel: () => model,
    jobIdOf: (operation: JSONValue) => (operation as { key: string }).key,
    openContent: async () => ({
      body: new Blob([bytes]).stream() as ReadableStream<Uint8Array>,
      bytes: bytes.byteLength,
      contentType: 'video/mp4',
    }),
    classifyError: (error) =>
      error instanceof ReelgateError
        ? error
        : new ReelgateError({ code: 'provider_outage', message: String(error) }),
    statusInfo(result): StatusInfo {
      const metadata = (result.providerMetadata?.openai ?? {}) as { status?: string; progress?: number };
      return {
        providerStatus: metadata.status ?? result.status,
        progress: metadata.progress ?? null,
        queuePosition: null,
        started: metadata.status !== 'queued',
        resultExpiresAtMs: null,
        completedAtMs: null,
      };
    },
  };
  return { binding, jobs };
}

async function pollingBench(m: Loaded): Promise<BenchResult[]> {
  const { FakeClock, openDatabase, createReelgate, loadConfig, seededRandom, silent, medianMs } = m;
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const sim = simulatedProvider(m, clock, 11);
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
  // 90 generations, mixed sizes and durations, one every 15 s.
  const plan = Array.from({ length: 90 }, (_, i) => ({
    at: clock.now() + i * 15_000,
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
    const nextDue = await reelgate.worker.nextDueAt();
    const nextCreate = index < plan.length ? plan[index]!.at : undefined;
    const next = [nextDue, nextCreate].filter((value): value is number => value !== undefined);
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
  for (const row of rows.rows) {
    const points = sim.jobs.get(row.idempotency_key)!;
    const finish = points.terminalAtMs;
    ours.calls.push(Number(row.status_checks));
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
  const note = `${rows.rowCount} generations, emulator timing model, simulated time`;
  return [
    { name: 'polling: status calls per generation (reelgate)', value: mean(ours.calls), unit: 'calls', note },
    { name: 'polling: status calls per generation (fixed 30 s)', value: mean(f30.calls), unit: 'calls' },
    { name: 'polling: status calls per generation (fixed 2 s)', value: mean(f2.calls), unit: 'calls' },
    {
      name: 'polling: reelgate calls / fixed-30s calls',
      value: mean(ours.calls) / mean(f30.calls),
      unit: 'ratio',
      note: 'target < 1',
    },
    {
      name: 'polling: median completion-to-stored delay (reelgate)',
      value: median(ours.delays) / 1000,
      unit: 's',
      note: 'target < 3 s',
    },
    {
      name: 'polling: p90 completion-to-stored delay (reelgate)',
      value: percentile(ours.delays, 0.9) / 1000,
      unit: 's',
    },
    { name: 'polling: median delay (fixed 30 s)', value: median(f30.delays) / 1000, unit: 's' },
    { name: 'polling: median delay (fixed 2 s)', value: median(f2.delays) / 1000, unit: 's' },
    ...[...etaErrors].map(([fraction, errors]) => ({
      name: `eta: median abs error of predicted finish at ${fraction * 100}% of the run`,
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

async function webhookBench(m: Loaded): Promise<BenchResult[]> {
  const {
    startEmulator,
    createOpenAICompatible,
    openDatabase,
    createReelgate,
    loadConfig,
    openaiCompatibleBinding,
    pino,
    silent,
    medianMs,
  } = m;
  const speed = 40;
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-bench-wh-'));
  const apiKey = `emu_${randomBytes(6).toString('hex')}`;
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let handle: ((headers: Headers, body: string) => Promise<{ status: number }>) | undefined;
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers.set(name, value);
      const result = handle ? await handle(headers, Buffer.concat(chunks).toString('utf8')) : { status: 503 };
      response.writeHead(result.status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/providers/openai`;
  const emulator = await startEmulator({
    port: 0,
    speed,
    seed: 9,
    apiKey,
    webhookUrl,
    webhookSecret: secret,
    dataDir: join(tmpdir(), 'reelgate-emulator-bench-cache'),
  });
  const provider = createOpenAICompatible({ apiKey, baseURL: `${emulator.url}/v1`, webhookSecret: secret });
  const db = await openDatabase({});
  const reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    db,
    logger: process.env.BENCH_LOG ? pino({ level: process.env.BENCH_LOG }) : silent,
    providers: [openaiCompatibleBinding(provider, { emulated: true, timeScale: speed, apiKey })],
    // Polling only as a distant safety net (60 s at real speed), so webhooks do the work.
    policy: { poll: { minIntervalMs: 60_000 * speed, maxIntervalMs: 600_000 * speed } },
  });
  handle = (headers, body) => reelgate.providerWebhooks.handle('openai', headers, body);
  // Same prompt: the emulator renders once, so the delay measured is reelgate's, not ffmpeg's.
  const warm = await reelgate.service.create('bench', { prompt: 'a bench clip', surface: 'videos' });
  await waitFinal(reelgate, [warm.id]);
  if (process.env.BENCH_LOG) console.log('warm done');
  const ids: string[] = [];
  for (let i = 0; i < 12; i++)
    ids.push((await reelgate.service.create('bench', { prompt: 'a bench clip', surface: 'videos' })).id);
  await waitFinal(reelgate, ids);
  const delays: number[] = [];
  for (const id of ids) {
    const row = (
      await db.query<{ provider_job_id: string; stored_at: number; state: string }>(
        'SELECT provider_job_id, stored_at, state FROM generations WHERE id = $1',
        [id],
      )
    ).rows[0]!;
    const job = emulator.core.jobs.getAny(row.provider_job_id)!;
    delays.push(Number(row.stored_at) - job.timeline.terminalAtMs);
  }
  await reelgate.close();
  await emulator.close();
  await db.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
  return [
    {
      name: 'webhooks: median completion-to-stored delay',
      value: (medianMs(delays.map((d) => Math.max(1, d))) ?? 0) / 1000,
      unit: 's',
      note: `real time, emulator at speed ${speed}, ${ids.length} generations; target < 0.5 s`,
    },
    { name: 'webhooks: max completion-to-stored delay', value: Math.max(...delays) / 1000, unit: 's' },
  ];
}

async function waitFinal(
  reelgate: Awaited<ReturnType<Loaded['createReelgate']>>,
  ids: string[],
): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const done = await reelgate.db.query(
      "SELECT id FROM generations WHERE id = ANY($1::text[]) AND state IN ('completed', 'failed', 'expired', 'canceled')",
      [ids],
    );
    if (done.rowCount === ids.length) return;
    if (Date.now() > deadline) throw new Error('bench generations did not finish');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Serves `total` bytes generated on the fly (nothing on disk, nothing buffered). */
async function startByteServer(): Promise<{ url: string; close(): Promise<void> }> {
  const chunk = Buffer.alloc(256 * 1024, 7);
  const server = createServer((request, response) => {
    const total = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('bytes'));
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(total) });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const size = Math.min(chunk.length, total - sent);
        sent += size;
        if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/video.mp4`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Child-process part: copy a video from the parent's byte server into local-disk storage through
 * the engine's download path (guarded fetch + streaming put), sampling RSS and JS memory.
 */
async function memoryChild(): Promise<void> {
  const { LocalDiskStorage } = await import('../src/storage/local-disk.ts');
  const { guardedDownload } = await import('../src/worker/guarded-fetch.ts');
  const url = process.env.REELGATE_BENCH_URL!;
  const dir = await mkdtemp(join(tmpdir(), 'rg-bench-mem-'));
  const storage = new LocalDiskStorage(dir);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakJs = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    peakJs = Math.max(peakJs, usage.heapUsed + usage.external);
  };
  const sampler = setInterval(sample, 10);
  const started = performance.now();
  const content = await guardedDownload(url, { fetch });
  const put = await storage.put('generations/bench/video.mp4', content.body, {
    contentType: content.contentType,
    ...(content.bytes !== undefined ? { expectedBytes: content.bytes } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  await rm(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ baseline, peak, peakJs, bytes: put.bytes, seconds })}\n`);
}

interface MemoryResult {
  baseline: number;
  peak: number;
  peakJs: number;
  bytes: number;
  seconds: number;
}

async function measureCopy(url: string): Promise<MemoryResult> {
  const self = fileURLToPath(import.meta.url);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [self], {
      env: { ...process.env, REELGATE_BENCH_ENGINE_CHILD: 'memory', REELGATE_BENCH_URL: url },
    });
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.stderr.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as MemoryResult;
}

async function memoryBench(): Promise<BenchResult[]> {
  const server = await startByteServer();
  try {
    const small = await measureCopy(`${server.url}?bytes=${128 * 1024 * 1024}`);
    const large = await measureCopy(`${server.url}?bytes=${1024 * 1024 * 1024}`);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    return [
      {
        name: 'storing a 1 GB video: peak RSS of the copying process',
        value: mb(large.peak),
        unit: 'MB',
        note: `target < 150 MB; the idle process (Node 24 + loaded modules) is ${mb(large.baseline).toFixed(0)} MB`,
      },
      {
        name: 'storing a 1 GB video: peak RSS over the idle process',
        value: mb(large.peak - large.baseline),
        unit: 'MB',
      },
      {
        name: 'storing a 1 GB video: peak JS heap + external buffers',
        value: mb(large.peakJs),
        unit: 'MB',
      },
      {
        name: 'peak RSS growth, 1 GB copy / 128 MB copy',
        value: (large.peak - large.baseline) / Math.max(1, small.peak - small.baseline),
        unit: 'ratio',
        note: '~1 means memory does not grow with file size',
      },
      { name: 'storing a 1 GB video: throughput', value: mb(large.bytes) / large.seconds, unit: 'MB/s' },
    ];
  } finally {
    await server.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  if (process.env.BENCH_ONLY === 'memory') return memoryBench();
  const modules = await load();
  if (process.env.BENCH_ONLY === 'webhook') return webhookBench(modules);
  return [...(await pollingBench(modules)), ...(await webhookBench(modules)), ...(await memoryBench())];
}

if (process.env.REELGATE_BENCH_ENGINE_CHILD === 'memory') await memoryChild();
