/**
 * Status sweeps on fake time (src/worker/status-sweep.ts): with many generations running at a
 * provider that lists jobs, one list request reports on a page of them; a job listed completed
 * is stored from the listing without a check of its own; a row that changed since the sweep read
 * it, or a listing of another job is never acted on.
 */
import { afterEach, expect, test } from 'vitest';
import type { Reelgate } from '../../src/app/reelgate.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { applySweep, takeSweepTurn } from '../../src/db/queries/status-sweeps.ts';
import { defaultStatusSweepPolicy } from '../../src/core/status-sweep.ts';
import { getGenerationById } from '../../src/db/queries/get-generation.ts';
import { FakeProvider, fakeCatalogEntry, type Script } from './helpers/fake-provider.ts';
import { fakeProviderWorld } from './helpers/fake-world.ts';
import { openTestDatabase } from './helpers/databases.ts';

const runFor = 100_000;
/** Every job runs 100 s with linear progress (the fake model's typical time is 100 s). */
const linear: Script = (job, now) => {
  const elapsed = now - job.createdAt;
  return elapsed < runFor
    ? { status: 'pending', progress: Math.floor(elapsed / 1000) }
    : { status: 'completed' };
};

interface World {
  clock: FakeClock;
  provider: FakeProvider;
  reelgate: Reelgate;
  close(): Promise<void>;
}
const worlds: World[] = [];

/**
 * Sweeps pay from about 70 generations in flight at the default budget; the tests that need the
 * detecting mode raise the budget instead of creating that many (the same code path, less time).
 */
const generousBudget = { ...defaultStatusSweepPolicy, detectListCallsPerGeneration: 20 };

async function world(options: {
  lists: boolean;
  sweep?: 'auto' | 'off';
  policy?: typeof defaultStatusSweepPolicy;
}): Promise<World> {
  const clock = new FakeClock(Date.UTC(2026, 5, 1));
  const provider = new FakeProvider(clock, linear, { lists: options.lists });
  let id = 0;
  const { reelgate, close } = await fakeProviderWorld({
    clock,
    provider,
    entry: fakeCatalogEntry(),
    seed: 3,
    env: { REELGATE_STATUS_SWEEP: options.sweep ?? 'auto' },
    newId: () => `gen_${String(++id).padStart(4, '0')}`,
    ...(options.policy
      ? { policy: { statusSweep: { ...options.policy, enabled: options.sweep !== 'off' } } }
      : {}),
  });
  const made = { clock, provider, reelgate, close };
  worlds.push(made);
  return made;
}

afterEach(async () => {
  for (const made of worlds.splice(0)) await made.close();
});

/** Runs the worker and its sweeps on fake time until nothing is left to do. */
async function settle({ clock, reelgate }: World): Promise<void> {
  for (let round = 0; round < 20_000; round++) {
    await reelgate.worker.drain();
    const sweepAt = reelgate.worker.nextStatusSweepAt();
    if (sweepAt !== undefined && sweepAt <= clock.now()) {
      await reelgate.worker.sweepStatuses();
      await reelgate.worker.drain();
    }
    const due = await reelgate.worker.nextDueAt();
    if (due === undefined) return;
    const next = Math.min(due, reelgate.worker.nextStatusSweepAt() ?? due);
    await clock.set(Math.max(clock.now(), next));
  }
  throw new Error('did not settle');
}

async function createMany({ reelgate }: World, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const created = await reelgate.service.create('acct', {
      prompt: `clip ${index}`,
      model: 'fake-1',
      surface: 'videos',
    });
    ids.push(created.id);
  }
  return ids;
}

/** Creates `count` generations `everyMs` apart, running the worker and its sweeps meanwhile. */
async function createOverTime(made: World, count: number, everyMs: number): Promise<string[]> {
  const { clock, reelgate } = made;
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push(...(await createMany(made, 1)));
    const until = clock.now() + everyMs;
    while (clock.now() < until) {
      await reelgate.worker.drain();
      if ((reelgate.worker.nextStatusSweepAt() ?? Number.POSITIVE_INFINITY) <= clock.now())
        await reelgate.worker.sweepStatuses();
      const due = (await reelgate.worker.nextDueAt()) ?? until;
      await clock.set(
        Math.max(clock.now(), Math.min(until, due, reelgate.worker.nextStatusSweepAt() ?? until)),
      );
    }
  }
  return ids;
}

async function finishDelays({ reelgate, provider }: World, ids: string[]) {
  const delays: number[] = [];
  const ownChecks: number[] = [];
  for (const id of ids) {
    const row = (await getGenerationById(reelgate.db, id))!;
    expect(row.state).toBe('completed');
    const job = provider.jobs.get(row.provider_job_id!)!;
    delays.push(row.provider_completed_at! - (job.createdAt + runFor));
    ownChecks.push(row.status_checks);
  }
  return { delays, ownChecks };
}

test('many running at once: finishes are found by the list within a sweep interval, with no checks of their own', async () => {
  const made = await world({ lists: true, policy: generousBudget });
  const ids = await createMany(made, 20);
  await settle(made);
  const { delays, ownChecks } = await finishDelays(made, ids);
  // Found by the sweep after the finish: half within a second (the sweep interval), all within
  // three (the starts, and so the finishes, are spread over a few seconds by the worker's pacing).
  const sorted = [...delays].sort((a, b) => a - b);
  expect(sorted[0]).toBeGreaterThanOrEqual(0);
  expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(1_000);
  expect(sorted.at(-1)).toBeLessThanOrEqual(3_000);
  // Stored from the listing: (nearly) none was checked on its own.
  const own = ownChecks.reduce((a, b) => a + b, 0);
  expect(own).toBeLessThanOrEqual(2);
  expect(made.provider.statusCalls).toBe(own);
  // The list requests, shared by all: within the detecting budget per generation.
  expect(made.provider.listCalls / ids.length).toBeGreaterThan(0);
  expect(made.provider.listCalls / ids.length).toBeLessThanOrEqual(
    generousBudget.detectListCallsPerGeneration,
  );
  const metrics = await made.reelgate.metrics.registry.render();
  const finds = Number(/reelgate_status_sweep_finds_total\{provider="fake"\} (\d+)/.exec(metrics)?.[1]);
  expect(finds).toBe(ids.length - own);
}, 180_000);

test('the same load with sweeps off is polled one by one (more calls, later finds)', async () => {
  const made = await world({ lists: true, sweep: 'off', policy: generousBudget });
  const ids = await createMany(made, 20);
  await settle(made);
  const { ownChecks } = await finishDelays(made, ids);
  expect(made.provider.listCalls).toBe(0);
  expect(ownChecks.reduce((a, b) => a + b, 0) / ids.length).toBeGreaterThanOrEqual(2);
}, 180_000);

test('a few running: sweeps sample their progress, and checks of their own only land on the finish', async () => {
  const made = await world({ lists: true });
  // One every 10 s: about ten in flight.
  const ids = await createOverTime(made, 30, 10_000);
  await settle(made);
  const { delays, ownChecks } = await finishDelays(made, ids);
  expect(made.provider.listCalls).toBeGreaterThan(0);
  const perGeneration = (ownChecks.reduce((a, b) => a + b, 0) + made.provider.listCalls) / ids.length;
  const alone = await world({ lists: false });
  const aloneIds = await createOverTime(alone, 30, 10_000);
  await settle(alone);
  const polledAlone = await finishDelays(alone, aloneIds);
  const alonePerGeneration = polledAlone.ownChecks.reduce((a, b) => a + b, 0) / aloneIds.length;
  // Fewer provider requests than polling each on its own, and found as soon.
  expect(perGeneration).toBeLessThan(alonePerGeneration);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  expect(median(delays)).toBeLessThanOrEqual(median(polledAlone.delays) + 1_000);
}, 180_000);

test('a row changed since the sweep read it is left alone, and a listing of another job is not stored from', async () => {
  const made = await world({ lists: true });
  const [id] = await createMany(made, 1);
  await made.reelgate.worker.drain();
  const db = made.reelgate.db;
  const row = (await getGenerationById(db, id!))!;
  expect(row.state).toBe('running');
  const completed = {
    status: 'completed',
    videos: [{ type: 'url', url: 'http://fake.invalid/v', mediaType: 'video/mp4' }],
    warnings: [],
    response: { timestamp: new Date(0).toISOString(), modelId: 'fake-1' },
  };
  const swept = {
    id: row.id,
    dueNow: true,
    nextCheckAt: made.clock.now(),
    track: { progress: 0, firstProgress: null, firstProgressAt: null, lastProgressAt: null },
    etaAt: null,
    providerStatus: 'completed',
    startedAt: made.clock.now(),
    listedResult: { jobId: 'some-other-job', result: completed },
  };
  // Read before a later write: not applied.
  expect(
    await applySweep(db, [{ ...swept, readUpdatedAt: row.updated_at - 1 }], made.clock.now()),
  ).toHaveLength(0);
  // Applied, but the listed result names another job: the status step asks the provider itself.
  expect(await applySweep(db, [{ ...swept, readUpdatedAt: row.updated_at }], made.clock.now())).toHaveLength(
    1,
  );
  await made.reelgate.worker.drain();
  expect(made.provider.statusCalls).toBe(1);
  expect((await getGenerationById(db, id!))!.state).toBe('running');
});

test('one sweep per provider per interval, whichever worker asks (PostgreSQL)', async () => {
  const database = await openTestDatabase('postgres');
  try {
    const now = Date.UTC(2026, 5, 1);
    const turns = await Promise.all(
      Array.from({ length: 8 }, () => takeSweepTurn(database.db, 'openai', now, 1_000)),
    );
    expect(turns.filter(Boolean)).toHaveLength(1);
    expect(await takeSweepTurn(database.db, 'openai', now + 999, 1_000)).toBe(false);
    expect(await takeSweepTurn(database.db, 'replicate', now + 999, 1_000)).toBe(true);
    expect(await takeSweepTurn(database.db, 'openai', now + 1_000, 1_000)).toBe(true);
  } finally {
    await database.drop();
  }
});

test('between sweeps an app sees what the list said: running, with its progress and an ETA, no check of its own', async () => {
  const made = await world({ lists: true, policy: generousBudget });
  const ids = await createMany(made, 20);
  const seen: string[] = [];
  made.reelgate.events.subscribe({}, (event) => {
    if (event.type === 'generation:progress') seen.push(event.generation.id);
  });
  const until = made.clock.now() + 60_000;
  while (made.clock.now() < until) {
    await made.reelgate.worker.drain();
    if ((made.reelgate.worker.nextStatusSweepAt() ?? Number.POSITIVE_INFINITY) <= made.clock.now())
      await made.reelgate.worker.sweepStatuses();
    const due = (await made.reelgate.worker.nextDueAt()) ?? until;
    const sweep = made.reelgate.worker.nextStatusSweepAt() ?? until;
    await made.clock.set(Math.max(made.clock.now(), Math.min(until, due, sweep)));
  }
  expect(made.provider.statusCalls).toBe(0);
  for (const id of ids) {
    const generation = (await made.reelgate.service.get('acct', id))!;
    expect(generation.status).toBe('running');
    expect(generation.progress).toBeGreaterThanOrEqual(55);
    expect(generation.etaMs).not.toBeNull();
    expect(seen).toContain(id);
  }
});
