/**
 * Shutdown and failure of worker processes (`reelgate serve --role worker`) on PostgreSQL:
 * SIGTERM stops claiming, lets the starts in flight finish, hands back every lease and exits 0;
 * a SIGKILLed worker leaves its leases to expire, and another worker takes the work over only
 * then, re-sending the interrupted starts with the same idempotency keys (no second job).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { startServe } from './support/processes.ts';
import { tempDir } from './support/temp.ts';

const speed = 1000;
let database: { url: string; drop(): Promise<void> };
let emulator: RunningEmulator;
let api: Reelgate;
let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;

beforeAll(async () => {
  database = await createPostgresDatabase();
  // "[[fault:slow]]" holds a create reply back 1.5 s: the worker is caught mid-start.
  // A provider that deduplicates by Idempotency-Key (the re-send path).
  emulator = await startEmulator({ port: 0, speed, seed: 3, slowResponseMs: 1_500, idempotency: 'on' });
  dir = await tempDir('rg-shutdown-');
  env = {
    DATABASE_URL: database.url,
    OPENAI_API_KEY: 'emulator-key',
    OPENAI_BASE_URL: `${emulator.url}/v1`,
    REELGATE_EMULATOR_SPEED: String(speed),
    REELGATE_EMULATOR_IDEMPOTENCY: 'on',
    REELGATE_DATA_DIR: dir.path,
    REELGATE_WORKER_CONCURRENCY: '8',
    REELGATE_WORKER_LEASE_MS: '3000',
  };
  api = await createReelgate(loadConfig({ ...env, REELGATE_ROLE: 'api' }), {
    logger: pino({ level: 'silent' }),
    startWorker: false,
    webhooks: false,
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await emulator?.close();
  await database?.drop();
  await dir?.remove();
});

async function create(prompts: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const prompt of prompts)
    ids.push((await api.service.create('acct_stop', { prompt, surface: 'videos' })).id);
  return ids;
}

async function waitUntil(what: string, check: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function rows(ids: string[]) {
  return (
    await api.db.query<{
      id: string;
      state: string;
      lease_owner: string | null;
      lease_expires_at: number | null;
      idempotency_key: string;
    }>(
      'SELECT id, state, lease_owner, lease_expires_at, idempotency_key FROM generations WHERE id = ANY($1)',
      [ids],
    )
  ).rows;
}

function allCompleted(ids: string[]) {
  return async () => (await rows(ids)).every((row) => row.state === 'completed');
}

function noDuplicateJobs(): void {
  for (const [key, entry] of Object.entries(emulator.stats().createCalls.byIdempotencyKey)) {
    expect(entry.jobs, key).toBe(1);
  }
}

test('SIGTERM: no new claims, starts in flight finish, leases handed back, exit 0', async () => {
  const worker = await startServe('worker', { ...env, REELGATE_WORKER_ID: 'graceful' });
  const ids = await create([0, 1, 2, 3].map((i) => `graceful clip ${i} [[fault:slow]]`));
  await waitUntil('starts in flight', async () =>
    (await rows(ids)).every((row) => row.state === 'submitted' && row.lease_owner === 'graceful'),
  );
  worker.process.kill('SIGTERM');
  // Once the worker has taken the signal, work created after it must not be claimed.
  await worker.waitFor(/SIGTERM received/);
  const later = await create(['graceful later clip']);
  const exit = await worker.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  const after = await rows([...ids, ...later]);
  expect(after.filter((row) => row.lease_owner !== null)).toEqual([]);
  // The slow starts were finished (the provider's job recorded), not abandoned mid-request.
  expect(after.filter((row) => ids.includes(row.id) && row.state === 'submitted')).toEqual([]);
  const steps = await api.db.query(
    'SELECT count(*)::int AS n FROM generation_steps WHERE generation_id = $1',
    [later[0]],
  );
  expect(steps.rows[0]!.n).toBe(0);

  const successor = await startServe('worker', { ...env, REELGATE_WORKER_ID: 'successor' });
  try {
    await waitUntil('all completed', allCompleted([...ids, ...later]));
  } finally {
    await successor.stop();
  }
  noDuplicateJobs();
}, 120_000);

test('SIGKILL: leases are left to expire, then another worker takes over without a second job', async () => {
  const doomed = await startServe('worker', { ...env, REELGATE_WORKER_ID: 'doomed' });
  const ids = await create([0, 1, 2].map((i) => `doomed clip ${i} [[fault:slow]]`));
  await waitUntil('starts in flight', async () =>
    (await rows(ids)).every((row) => row.state === 'submitted' && row.lease_owner === 'doomed'),
  );
  const exit = await doomed.stop('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  const orphaned = await rows(ids);
  for (const row of orphaned) {
    expect(row.lease_owner).toBe('doomed');
    expect(row.lease_expires_at).toBeGreaterThan(Date.now());
  }
  const expiry = Math.max(...orphaned.map((row) => row.lease_expires_at!));

  const rescuer = await startServe('worker', { ...env, REELGATE_WORKER_ID: 'rescuer' });
  try {
    await waitUntil('all completed', allCompleted(ids));
  } finally {
    await rescuer.stop();
  }
  // The rescuer's first step on each row came after the dead worker's lease ran out.
  const first = await api.db.query<{ first: number }>(
    "SELECT min(at)::bigint AS first FROM generation_steps WHERE worker_id = 'rescuer' AND generation_id = ANY($1)",
    [ids],
  );
  expect(Number(first.rows[0]!.first)).toBeGreaterThanOrEqual(expiry - 3_000);
  const steps = await api.db.query<{ generation_id: string; to_state: string }>(
    "SELECT generation_id, to_state FROM generation_steps WHERE worker_id = 'rescuer' AND generation_id = ANY($1)",
    [ids],
  );
  for (const id of ids) {
    expect(steps.rows.filter((row) => row.generation_id === id).map((row) => row.to_state)).toContain(
      'running',
    );
  }
  // The interrupted starts were re-sent with the same keys: one job each.
  for (const row of await rows(ids)) {
    expect(emulator.stats().createCalls.byIdempotencyKey[row.idempotency_key]).toMatchObject({ jobs: 1 });
  }
  noDuplicateJobs();
}, 120_000);
