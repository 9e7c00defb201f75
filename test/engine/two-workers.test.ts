/**
 * Two worker processes on one PostgreSQL share many generations: every generation completes,
 * no step is committed twice (the step log has each transition once), and no start was sent
 * twice (one create call and one job per idempotency key).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createOpenAICompatible } from '../../src/providers/openai-compatible/index.ts';
import { openaiCompatibleBinding } from '../../src/providers/openai-compatible/openai-compatible-binding.ts';
import { spawnWorker } from './helpers/child-worker.ts';
import { createPostgresDatabase } from './helpers/databases.ts';

const speed = 1000;
let emulator: RunningEmulator;
let api: Reelgate;
let database: { url: string; drop(): Promise<void> };
let dataDir: string;
const apiKey = `emu_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-two-'));
  database = await createPostgresDatabase();
  emulator = await startEmulator({
    port: 0,
    speed,
    seed: 5,
    apiKey,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    // These tests exercise the re-send path: a provider that deduplicates by Idempotency-Key.
    idempotency: 'on',
  });
  const provider = createOpenAICompatible({ apiKey, baseURL: `${emulator.url}/v1` });
  api = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir, DATABASE_URL: database.url }), {
    logger: pino({ level: 'silent' }),
    providers: [
      openaiCompatibleBinding(provider, {
        emulated: true,
        timeScale: speed,
        apiKey,
        deduplicatesStarts: true,
      }),
    ],
    startWorker: false,
  });
});

afterAll(async () => {
  await api?.close();
  await emulator?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

test('two workers never process the same step twice', async () => {
  const workers = [
    spawnWorker({
      DATABASE_URL: database.url,
      REELGATE_DATA_DIR: dataDir,
      REELGATE_WORKER_ID: 'worker-a',
      EMULATOR_URL: emulator.url,
      EMULATOR_KEY: apiKey,
    }),
    spawnWorker({
      DATABASE_URL: database.url,
      REELGATE_DATA_DIR: dataDir,
      REELGATE_WORKER_ID: 'worker-b',
      EMULATOR_URL: emulator.url,
      EMULATOR_KEY: apiKey,
    }),
  ];
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const ids: string[] = [];
    // Same prompt, so the emulator renders once and the test stays cheap.
    for (let i = 0; i < 40; i++) {
      ids.push((await api.service.create('acct_two', { prompt: 'a shared clip', surface: 'videos' })).id);
    }
    const deadline = Date.now() + 90_000;
    for (;;) {
      const done = await api.db.query("SELECT id FROM generations WHERE state = 'completed'");
      if (done.rowCount === ids.length) break;
      if (Date.now() > deadline) throw new Error(`only ${done.rowCount} of ${ids.length} completed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
  const steps = await api.db.query<{
    generation_id: string;
    from_state: string;
    to_state: string;
    worker_id: string;
  }>('SELECT generation_id, from_state, to_state, worker_id FROM generation_steps');
  const seen = new Set<string>();
  for (const step of steps.rows) {
    const key = `${step.generation_id} ${step.from_state}->${step.to_state}`;
    expect(seen.has(key), `step committed twice: ${key}`).toBe(false);
    seen.add(key);
  }
  expect(steps.rowCount).toBe(40 * 5);
  const byWorker = new Map<string, number>();
  for (const step of steps.rows) byWorker.set(step.worker_id, (byWorker.get(step.worker_id) ?? 0) + 1);
  expect(byWorker.get('worker-a') ?? 0).toBeGreaterThan(0);
  expect(byWorker.get('worker-b') ?? 0).toBeGreaterThan(0);
  const stats = emulator.stats().createCalls;
  expect(stats.total).toBe(40);
  for (const entry of Object.values(stats.byIdempotencyKey))
    expect(entry).toMatchObject({ calls: 1, jobs: 1 });
});
