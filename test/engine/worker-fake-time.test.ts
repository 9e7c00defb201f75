/**
 * The worker on fake time with a hand-written fake provider: deadlines, retries that honour
 * Retry-After, failing status checks that never re-start or loop, unknown statuses.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { createDefaultCatalog } from '../../src/core/catalog/index.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { seededRandom } from '../../src/core/random.ts';
import { openDatabase } from '../../src/db/open.ts';
import { FakeProvider, fakeCatalogEntry } from './helpers/fake-provider.ts';

const clock = new FakeClock(Date.UTC(2026, 5, 1));
// Each job's fate is chosen by its prompt.
const provider = new FakeProvider(clock, (job, now) => {
  const elapsed = now - job.createdAt;
  if (job.prompt.startsWith('hang'))
    return { status: 'pending', progress: Math.min(50, Math.floor(elapsed / 1000)) };
  if (job.prompt.startsWith('broken-status')) return { status: 'throw' };
  if (job.prompt.startsWith('weird')) {
    return elapsed < 60_000 ? { status: 'pending', providerStatus: 'warming_up' } : { status: 'completed' };
  }
  return elapsed < 100_000
    ? { status: 'pending', progress: Math.floor(elapsed / 1000) }
    : { status: 'completed' };
});

const fakeEntry = fakeCatalogEntry();

let reelgate: Reelgate;
let random = 0;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-fake-'));
  reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    clock,
    random: seededRandom(1),
    db: await openDatabase({}),
    logger: pino({ level: 'silent' }),
    providers: [provider.binding()],
    catalog: createDefaultCatalog([fakeEntry]),
    startWorker: false,
    policy: { deadline: { factor: 3, minMs: 0, floorRealMs: 0 } },
    newId: () => `gen_${++random}`,
  });
});

afterAll(async () => {
  await reelgate?.close();
  await reelgate?.db.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the worker on fake time until nothing is due or `untilMs` passes. */
async function runUntilIdle(untilMs = clock.now() + 3_600_000): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await reelgate.worker.drain();
    const next = await reelgate.worker.nextDueAt();
    if (next === undefined || next > untilMs) return;
    await clock.set(Math.max(next, clock.now()));
  }
  throw new Error('did not settle');
}

test('a normal job completes with few status checks, the first ones aimed at the expected finish', async () => {
  const before = provider.statusCalls;
  const created = await reelgate.service.create('a', {
    prompt: 'ok one',
    model: 'fake-1',
    surface: 'videos',
  });
  await runUntilIdle();
  const done = await reelgate.service.get('a', created.id);
  expect(done?.status).toBe('completed');
  expect(done?.video?.bytes).toBe(provider.content.byteLength);
  // 100 s job: a fixed 2 s poll would need 50 checks, a 30 s poll 4.
  expect(provider.statusCalls - before).toBeLessThanOrEqual(4);
  expect(done!.completedAt! - created.createdAt).toBeLessThan(100_000 + 3_000);
});

test('a job that never finishes ends timed_out at its deadline (fake time), after one last check', async () => {
  const created = await reelgate.service.create('a', {
    prompt: 'hang forever',
    model: 'fake-1',
    surface: 'videos',
  });
  const before = provider.statusCalls;
  await runUntilIdle(clock.now() + 24 * 3_600_000);
  const done = await reelgate.service.get('a', created.id);
  expect(done?.status).toBe('failed');
  expect(done?.error?.code).toBe('timed_out');
  // The deadline is 3 x the typical 100 s; progress stalled at 50 % long before.
  expect(done!.updatedAt - created.createdAt).toBeGreaterThanOrEqual(300_000);
  expect(done!.updatedAt - created.createdAt).toBeLessThan(300_000 * 3);
  expect(provider.statusCalls - before).toBeLessThan(30);
});

test('failing status checks back off, never start a second job, and end at the deadline', async () => {
  const created = await reelgate.service.create('a', {
    prompt: 'broken-status',
    model: 'fake-1',
    surface: 'videos',
  });
  const startsBefore = provider.startCalls.length;
  await runUntilIdle(clock.now() + 24 * 3_600_000);
  const done = await reelgate.service.get('a', created.id);
  expect(done?.error?.code).toBe('timed_out');
  expect(provider.startCalls.length - startsBefore).toBe(1);
});

test('a rate-limited start waits for Retry-After and keeps its idempotency key', async () => {
  provider.startFailures.set('limited', { times: 2, retryAfterMs: 30_000 });
  const created = await reelgate.service.create('a', {
    prompt: 'limited',
    model: 'fake-1',
    surface: 'videos',
  });
  const t0 = clock.now();
  await reelgate.worker.drain();
  expect(await reelgate.worker.nextDueAt()).toBeGreaterThanOrEqual(t0 + 30_000);
  await runUntilIdle();
  expect((await reelgate.service.get('a', created.id))?.status).toBe('completed');
  const keys = provider.startCalls.filter((key) => key.includes(created.id));
  expect(keys).toEqual([`rg-${created.id}`, `rg-${created.id}`, `rg-${created.id}`]);
});

test('an unknown provider status is tracked as pending (safe default) and the job still completes', async () => {
  const created = await reelgate.service.create('a', {
    prompt: 'weird status',
    model: 'fake-1',
    surface: 'videos',
  });
  await runUntilIdle();
  expect((await reelgate.service.get('a', created.id))?.status).toBe('completed');
});
