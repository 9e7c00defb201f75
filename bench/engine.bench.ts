/**
 * Engine benchmarks (issue 3 and 9):
 * (Polling on simulated time is in polling.bench.ts.)
 * 1. Webhooks in real time against the real emulator: completion-to-stored delay.
 * 2. Peak memory, throughput and CPU while storing a 1 GB video streamed from a local HTTP server
 *    (generated on the fly) through the worker's download path, against a plain loopback copy of
 *    the same bytes, each in a child process so nothing else shares its heap.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    import('../src/config/load-config.ts'),
    import('../src/app/reelgate.ts'),
    import('../src/core/clock.ts'),
    import('../src/core/eta.ts'),
    import('../src/core/errors.ts'),
    import('../src/core/random.ts'),
    import('../src/db/open.ts'),
    import('../src/emulator/core/timing.ts'),
    import('../src/emulator/index.ts'),
    import('../src/providers/openai-compatible/index.ts'),
    import('../src/providers/openai-compatible/openai-compatible-binding.ts'),
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
 * the worker's own download path (the outbound guard's fetch over its pinned node:http transport,
 * `guardedDownload`, `LocalDiskStorage.put` with its hashing), or, as the baseline, the same bytes
 * with `http.get` piped to a file and nothing else. Samples RSS, the JS heap and ArrayBuffer
 * memory, and the CPU time of the copy.
 */
async function memoryChild(): Promise<void> {
  const url = process.env.REELGATE_BENCH_URL!;
  const dir = await mkdtemp(join(tmpdir(), 'rg-bench-mem-'));
  const plain = process.env.REELGATE_BENCH_COPY === 'plain';
  const { LocalDiskStorage } = await import('../src/storage/local-disk.ts');
  const { guardedDownload } = await import('../src/worker/guarded-fetch.ts');
  const { engineDownloadFetch } = await import('../src/app/outbound.ts');
  const { systemClock } = await import('../src/shared/system-clock.ts');
  const http = await import('node:http');
  const { pipeline } = await import('node:stream/promises');
  const { createWriteStream } = await import('node:fs');
  const storage = new LocalDiskStorage(dir);
  const download = engineDownloadFetch({
    settings: { allowPrivate: true, allowedHosts: [] },
    providers: [],
    clock: systemClock,
  });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakHeap = 0;
  let peakArrayBuffers = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
  };
  const sampler = setInterval(sample, 10);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let bytes: number;
  if (plain) {
    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      http.get(url, resolve).once('error', reject),
    );
    const out = createWriteStream(join(dir, 'plain.bin'));
    await pipeline(response, out);
    bytes = out.bytesWritten;
  } else {
    const content = await guardedDownload(url, { fetch: download });
    const put = await storage.put('generations/bench/video.mp4', content.body, {
      contentType: content.contentType,
      ...(content.bytes !== undefined ? { expectedBytes: content.bytes } : {}),
    });
    bytes = put.bytes;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  sample();
  await rm(dir, { recursive: true, force: true });
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ baseline, peak, peakHeap, peakArrayBuffers, bytes, seconds, cpuSeconds })}\n`,
  );
}

interface MemoryResult {
  baseline: number;
  peak: number;
  peakHeap: number;
  peakArrayBuffers: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
}

async function measureCopy(
  url: string,
  mode: 'engine' | 'plain',
  nodeOptions: string[] = [],
): Promise<MemoryResult> {
  const self = fileURLToPath(import.meta.url);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, self], {
      env: {
        ...process.env,
        REELGATE_BENCH_ENGINE_CHILD: 'memory',
        REELGATE_BENCH_URL: url,
        REELGATE_BENCH_COPY: mode,
      },
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

const COPY_REPEATS = Number(process.env.REELGATE_BENCH_COPY_REPEATS ?? 3);

/**
 * The node flags `npm start` runs the gateway with (package.json), so the copy is measured as
 * shipped: a 1 MB young generation, which frees the socket's read buffers at each scavenge.
 */
function shippedNodeFlags(): string[] {
  const start = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

async function memoryBench(): Promise<BenchResult[]> {
  const server = await startByteServer();
  try {
    const shipped = shippedNodeFlags();
    const gb = `${server.url}?bytes=${1024 * 1024 * 1024}`;
    const small = await measureCopy(`${server.url}?bytes=${128 * 1024 * 1024}`, 'engine', shipped);
    // Interleaved, so a busy machine slows all alike; medians of each.
    const engineRuns: MemoryResult[] = [];
    const plainRuns: MemoryResult[] = [];
    const engineDefaultRuns: MemoryResult[] = [];
    for (let repeat = 0; repeat < COPY_REPEATS; repeat++) {
      engineRuns.push(await measureCopy(gb, 'engine', shipped));
      plainRuns.push(await measureCopy(gb, 'plain'));
      engineDefaultRuns.push(await measureCopy(gb, 'engine'));
    }
    const plainSameFlags = await measureCopy(gb, 'plain', shipped);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    const med = (runs: MemoryResult[], pick: (run: MemoryResult) => number) => medianOf(runs.map(pick));
    const over = (run: MemoryResult) => run.peak - run.baseline;
    const rate = (run: MemoryResult) => run.bytes / run.seconds;
    const engineRate = med(engineRuns, rate);
    const plainRate = med(plainRuns, rate);
    const runs = `median of ${COPY_REPEATS} interleaved runs`;
    const flags = shipped.join(' ') || 'no flags';
    return [
      {
        name: 'storing a 1 GB video (worker as started by npm start): peak RSS over the idle process',
        value: mb(med(engineRuns, over)),
        unit: 'MB',
        note: `target < 64 MB; node ${flags}; ${runs}; the idle process is ${mb(engineRuns[0]!.baseline).toFixed(0)} MB; JS heap peak ${mb(med(engineRuns, (run) => run.peakHeap)).toFixed(0)} MB, ArrayBuffers peak ${mb(med(engineRuns, (run) => run.peakArrayBuffers)).toFixed(0)} MB`,
      },
      {
        name: 'plain loopback copy of the same 1 GB, node defaults: peak RSS over idle (baseline)',
        value: mb(med(plainRuns, over)),
        unit: 'MB',
        note: `${runs}; ArrayBuffers peak ${mb(med(plainRuns, (run) => run.peakArrayBuffers)).toFixed(0)} MB; with ${flags}: ${mb(over(plainSameFlags)).toFixed(0)} MB`,
      },
      {
        name: 'storing a 1 GB video, node defaults (no flags): peak RSS over idle',
        value: mb(med(engineDefaultRuns, over)),
        unit: 'MB',
        note: `${runs}; the socket's read buffers wait for a full collection; throughput ${(med(engineDefaultRuns, rate) / plainRate).toFixed(2)}x the plain copy`,
      },
      {
        name: 'peak RSS growth, 1 GB copy / 128 MB copy',
        value: med(engineRuns, over) / Math.max(1, over(small)),
        unit: 'ratio',
        note: '~1 means memory does not grow with file size',
      },
      {
        name: 'storing a 1 GB video: throughput',
        value: mb(engineRate),
        unit: 'MB/s',
        note: `${flags}; ${runs}`,
      },
      {
        name: 'plain loopback copy of the same 1 GB to a file (baseline)',
        value: mb(plainRate),
        unit: 'MB/s',
        note: `${runs}; http.get piped to a file, node defaults; with ${flags}: ${mb(rate(plainSameFlags)).toFixed(0)} MB/s`,
      },
      {
        name: 'storing a 1 GB video: throughput / plain copy',
        value: engineRate / plainRate,
        unit: 'ratio',
        note: 'target >= 0.9; same run, same byte server',
      },
      {
        name: 'storing a 1 GB video: CPU seconds / plain copy CPU seconds',
        value: med(engineRuns, (run) => run.cpuSeconds) / med(plainRuns, (run) => run.cpuSeconds),
        unit: 'ratio',
        note: `${med(engineRuns, (run) => run.cpuSeconds).toFixed(2)} s vs ${med(plainRuns, (run) => run.cpuSeconds).toFixed(2)} s per GB; the SHA-256 of the copy alone is ${hashSecondsPerGb().toFixed(2)} s`,
      },
    ];
  } finally {
    await server.close();
  }
}

/** CPU seconds to SHA-256 1 GB in 64 KiB chunks, in this process. */
function hashSecondsPerGb(): number {
  const chunk = Buffer.alloc(64 * 1024, 7);
  const hash = createHash('sha256');
  const cpu = process.cpuUsage();
  for (let i = 0; i < 16 * 1024; i++) hash.update(chunk);
  hash.digest();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function run(): Promise<BenchResult[]> {
  if (process.env.BENCH_ONLY === 'memory') return memoryBench();
  const modules = await load();
  if (process.env.BENCH_ONLY === 'webhook') return webhookBench(modules);
  return [...(await webhookBench(modules)), ...(await memoryBench())];
}

if (process.env.REELGATE_BENCH_ENGINE_CHILD === 'memory') await memoryChild();
