/**
 * Load and fault test (loopback only, bounded in time): 4 worker processes and 2 API processes
 * (`reelgate serve --role ...`) on a fresh PostgreSQL database, S3 storage on an s3rver process,
 * the emulator as its own process injecting 5xx, 429, connection resets and truncated downloads.
 * REELGATE_LOAD_GENERATIONS generations (CI default 240; the acceptance run is 1000) are
 * submitted concurrently through both APIs, and one worker is SIGKILLed mid-run and restarted.
 *
 * The emulator deduplicates starts here (the re-send path). Every generation must end completed, or failed with the reason its prompt asks for (a provider
 * job that always fails: provider_outage; a video refused by the provider's output check:
 * output_refused); none is lost; the
 * emulator saw no idempotency key make two jobs; every stored file read back from the bucket
 * matches its recorded size and sha256.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createS3Storage, loadS3StorageConfig } from '../../src/storage/s3.ts';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { type RunningS3rver, spawnS3rver } from '../support/s3rver.ts';
import { type Child, type ServeProcess, startEmulatorProcess, startServe } from './support/processes.ts';
import { tempDir } from './support/temp.ts';

const total = Number(process.env.REELGATE_LOAD_GENERATIONS ?? 240);
const speed = 2000;
const apiKey = 'sk-scale-load-account';
const waitLimitMs = 150_000;

let database: { url: string; drop(): Promise<void> };
let s3: RunningS3rver;
let emulator: Child & { url: string };
let apis: ServeProcess[] = [];
let workers: ServeProcess[] = [];
const dirs: { path: string; remove(): Promise<void> }[] = [];
let db: pg.Client;
let commonEnv: Record<string, string>;

type Kind = 'ok' | 'job-fails' | 'refused';
function promptFor(index: number): { prompt: string; kind: Kind } {
  // Few distinct prompts: the emulator renders each once and serves copies after that.
  if (index % 20 === 7)
    return { prompt: `load test job ${index % 2} [[fault:fail:always]]`, kind: 'job-fails' };
  if (index % 20 === 13)
    return { prompt: `load test refusal ${index % 2} [[fault:output-refusal:always]]`, kind: 'refused' };
  return { prompt: `load test clip ${index % 6}: a paper boat on a pond`, kind: 'ok' };
}

beforeAll(async () => {
  database = await createPostgresDatabase();
  s3 = await spawnS3rver({ bucket: 'reelgate-load' });
  const emulatorDir = await tempDir('rg-load-emulator-');
  dirs.push(emulatorDir);
  emulator = await startEmulatorProcess({
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_SEED: '2026',
    REELGATE_EMULATOR_DATA_DIR: emulatorDir.path,
    REELGATE_EMULATOR_FAULT_5XX: '0.03',
    REELGATE_EMULATOR_FAULT_429: '0.03',
    REELGATE_EMULATOR_FAULT_RESET: '0.04',
    REELGATE_EMULATOR_FAULT_TRUNCATE: '0.04',
    // The re-send path: random 5xx and resets are ambiguous starts, settled by re-sending with
    // the same key. Without deduplication they end start_unconfirmed (test/crash covers that).
    REELGATE_EMULATOR_IDEMPOTENCY: 'on',
  });
  commonEnv = {
    DATABASE_URL: database.url,
    ...s3.env,
    OPENAI_API_KEY: 'emulator-key',
    OPENAI_BASE_URL: `${emulator.url}/v1`,
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_IDEMPOTENCY: 'on',
    REELGATE_API_KEYS: apiKey,
    REELGATE_SIGNING_SECRET: 'scale-load-signing-secret-0123456789abcdef',
    REELGATE_RATE_LIMIT_PER_MINUTE: '0',
    REELGATE_WORKER_CONCURRENCY: '12',
    REELGATE_WORKER_LEASE_MS: '5000',
    // Deadlines far beyond the test: a backlog must not turn into timeouts.
    REELGATE_DEADLINE_MIN_MS: String(600_000 * speed),
  };
  for (let i = 0; i < 6; i++) dirs.push(await tempDir(`rg-load-${i}-`));
  // Start the APIs first (they apply the migrations), then the workers.
  apis = [];
  for (let i = 0; i < 2; i++)
    apis.push(await startServe('api', { ...commonEnv, REELGATE_DATA_DIR: dirs[1 + i]!.path }));
  workers = await Promise.all(
    [0, 1, 2, 3].map((i) =>
      startServe('worker', {
        ...commonEnv,
        REELGATE_DATA_DIR: dirs[3 + Math.min(i, 3)]!.path,
        REELGATE_WORKER_ID: `load-worker-${i}`,
      }),
    ),
  );
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end().catch(() => {});
  await Promise.all([...apis, ...workers].map((child) => child.stop()));
  await emulator?.stop();
  await s3?.stop();
  await database?.drop();
  for (const dir of dirs) await dir.remove();
});

async function countFinal(): Promise<number> {
  const result = await db.query(
    "SELECT count(*)::int AS n FROM generations WHERE state IN ('completed', 'failed', 'canceled', 'expired')",
  );
  return Number(result.rows[0].n);
}

test(`${total} generations through 2 APIs and 4 workers under faults, one worker killed`, async () => {
  const started = performance.now();
  const kinds = new Map<string, Kind>();
  const createLatencies: number[] = [];
  // All at once, alternating between the two API processes.
  const responses = await Promise.all(
    Array.from({ length: total }, async (_, index) => {
      const { prompt, kind } = promptFor(index);
      const t0 = performance.now();
      const response = await fetch(`${apis[index % 2]!.url}/v1/generations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt, duration: 4 }),
      });
      createLatencies.push(performance.now() - t0);
      const body = (await response.json()) as { id?: string };
      return { status: response.status, id: body.id, kind };
    }),
  );
  const submittedMs = performance.now() - started;
  expect(responses.filter((r) => r.status !== 200 && r.status !== 201)).toEqual([]);
  for (const response of responses) kinds.set(response.id!, response.kind);
  expect(kinds.size).toBe(total);

  // Kill one worker once a fifth is done, restart it with the same id.
  let killed = false;
  let killedAt = 0;
  const deadline = Date.now() + waitLimitMs;
  for (;;) {
    const done = await countFinal();
    if (done === total) break;
    if (!killed && done >= total / 5) {
      killed = true;
      const victim = workers[0]!;
      const exit = await victim.stop('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      killedAt = Date.now();
      const held = await db.query('SELECT count(*)::int AS n FROM generations WHERE lease_owner = $1', [
        'load-worker-0',
      ]);
      console.log(`killed load-worker-0 at ${done}/${total} final; it held ${held.rows[0].n} leases`);
      workers[0] = await startServe('worker', {
        ...commonEnv,
        REELGATE_DATA_DIR: dirs[3]!.path,
        REELGATE_WORKER_ID: 'load-worker-0',
      });
    }
    if (Date.now() > deadline) {
      const states = await db.query('SELECT state, count(*)::int AS n FROM generations GROUP BY state');
      throw new Error(`not finished within ${waitLimitMs} ms: ${JSON.stringify(states.rows)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const elapsedMs = performance.now() - started;
  expect(killed).toBe(true);

  // None lost: every accepted id is a row, and every row is final with the expected outcome.
  const rows = (
    await db.query<{
      id: string;
      state: string;
      error_code: string | null;
      video_key: string | null;
      video_bytes: number | null;
      video_sha256: string | null;
      thumbnail_key: string | null;
      thumbnail_sha256: string | null;
    }>(
      'SELECT id, state, error_code, video_key, video_bytes::int, video_sha256, thumbnail_key, thumbnail_sha256 FROM generations',
    )
  ).rows;
  expect(rows).toHaveLength(total);
  const wrong: string[] = [];
  for (const row of rows) {
    const kind = kinds.get(row.id);
    const outcome = row.state === 'completed' ? 'completed' : `${row.state}:${row.error_code}`;
    const expected =
      kind === 'ok' ? 'completed' : kind === 'job-fails' ? 'failed:provider_outage' : 'failed:output_refused';
    if (outcome !== expected) wrong.push(`${row.id} (${kind}): ${outcome}`);
  }
  expect(wrong).toEqual([]);

  // The restarted worker took over: it committed steps after the kill.
  const after = await db.query(
    'SELECT count(*)::int AS n FROM generation_steps WHERE worker_id = $1 AND at > $2',
    ['load-worker-0', killedAt],
  );
  if (process.env.REELGATE_LOAD_DEBUG) {
    const timeline = await db.query(
      'SELECT worker_id, min(at)::bigint AS first, max(at)::bigint AS last, count(*)::int AS n FROM generation_steps GROUP BY worker_id',
    );
    console.log(killedAt, JSON.stringify(timeline.rows), workers[0]!.output().slice(-3000));
  }
  const byWorker = await db.query(
    'SELECT worker_id, count(*)::int AS n FROM generation_steps GROUP BY worker_id',
  );
  for (let i = 0; i < 4; i++) {
    expect(byWorker.rows.find((row) => row.worker_id === `load-worker-${i}`)?.n ?? 0).toBeGreaterThan(0);
  }

  // No duplicate provider jobs: each idempotency key made at most one job, every create had a key.
  const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
    createCalls: {
      total: number;
      withoutIdempotencyKey: number;
      byIdempotencyKey: Record<string, { calls: number; jobs: number }>;
    };
    faults: Record<string, number>;
  };
  expect(stats.createCalls.withoutIdempotencyKey).toBe(0);
  const duplicated = Object.entries(stats.createCalls.byIdempotencyKey).filter(([, entry]) => entry.jobs > 1);
  expect(duplicated).toEqual([]);
  for (const fault of ['http5xx', 'http429', 'reset', 'truncate']) {
    expect(
      stats.faults[fault] ?? 0,
      `fault ${fault} injected: ${JSON.stringify(stats.faults)}`,
    ).toBeGreaterThan(0);
  }

  // Every stored file, read back from the bucket, matches its recorded size and checksum.
  const storage = createS3Storage(loadS3StorageConfig(s3.env)!);
  let checked = 0;
  try {
    const completed = rows.filter((row) => row.state === 'completed');
    for (let i = 0; i < completed.length; i += 16) {
      await Promise.all(
        completed.slice(i, i + 16).flatMap((row) => {
          const files: Array<[string, string, number | null]> = [
            [row.video_key!, row.video_sha256!, row.video_bytes],
          ];
          if (row.thumbnail_key) files.push([row.thumbnail_key, row.thumbnail_sha256!, null]);
          return files.map(async ([key, sha256, bytes]) => {
            const hash = createHash('sha256');
            let size = 0;
            for await (const chunk of await storage.get(key)) {
              hash.update(chunk);
              size += chunk.byteLength;
            }
            expect(hash.digest('hex'), key).toBe(sha256);
            if (bytes !== null) expect(size, key).toBe(bytes);
            checked += 1;
          });
        }),
      );
    }
  } finally {
    storage.close();
  }
  expect(checked).toBeGreaterThanOrEqual(rows.filter((row) => row.state === 'completed').length);

  createLatencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      generations: total,
      submittedMs: Math.round(submittedMs),
      createP50Ms: Math.round(createLatencies[Math.floor(total * 0.5)]!),
      createP99Ms: Math.round(createLatencies[Math.floor(total * 0.99)]!),
      elapsedMs: Math.round(elapsedMs),
      generationsPerSecond: Number((total / (elapsedMs / 1000)).toFixed(1)),
      stepsAfterRestart: after.rows[0].n,
      stepsByWorker: Object.fromEntries(byWorker.rows.map((row) => [row.worker_id, row.n])),
      createCalls: stats.createCalls.total,
      faults: stats.faults,
      filesChecked: checked,
    }),
  );
}, 300_000);
