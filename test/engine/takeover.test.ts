/**
 * Resuming after a crash without waiting for leases to run out, on fake time (leases never
 * expire here): the embedded database frees every lease at start-up (only one process can open
 * it, so they all belong to a dead one); on PostgreSQL a worker whose liveness lock is gone is
 * dead and its leases are taken over at once, while a live worker's are left alone. No step is
 * done twice.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { Reelgate } from '../../src/app/reelgate.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { claimDue, workerLockClass } from '../../src/db/queries/claim-due.ts';
import type { DbKind, TestDatabase } from './helpers/databases.ts';
import { FakeProvider, fakeEntryWithSoraTiming } from './helpers/fake-provider.ts';
import { fakeProviderWorld } from './helpers/fake-world.ts';

const fakeEntry = fakeEntryWithSoraTiming();

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function world(
  kind: DbKind,
): Promise<{ reelgate: Reelgate; db: EngineDb; clock: FakeClock; database: TestDatabase }> {
  const clock = new FakeClock(Date.UTC(2026, 6, 1));
  const provider = new FakeProvider(clock, (job, now) =>
    now - job.createdAt < 30_000 ? { status: 'pending', progress: 5 } : { status: 'completed' },
  );
  const made = await fakeProviderWorld({
    clock,
    provider,
    entry: fakeEntry,
    seed: 2,
    kind,
    env: { REELGATE_WORKER_ID: 'worker-b' },
  });
  cleanups.push(made.close);
  const { reelgate, database } = made;
  return { reelgate, db: database.db, clock, database };
}

async function createSome(reelgate: Reelgate, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      (await reelgate.service.create('acct', { prompt: `orphan ${i}`, model: 'fake-1', surface: 'videos' }))
        .id,
    );
  }
  return ids;
}

/** Every generation's committed steps: none may appear twice. */
async function assertNoStepTwice(db: EngineDb, ids: string[]): Promise<void> {
  for (const id of ids) {
    const steps = await db.query<{ from_state: string; to_state: string }>(
      'SELECT from_state, to_state FROM generation_steps WHERE generation_id = $1 ORDER BY seq',
      [id],
    );
    const moves = steps.rows.map((row) => `${row.from_state}->${row.to_state}`);
    expect(moves.filter((move) => move === 'accepted->submitted')).toHaveLength(1);
    expect(moves.filter((move) => move === 'submitted->running')).toHaveLength(1);
  }
}

async function stepsDone(db: EngineDb, ids: string[]): Promise<number> {
  const result = await db.query<{ n: string | number }>(
    'SELECT COUNT(*) AS n FROM generation_steps WHERE generation_id = ANY($1::text[])',
    [ids],
  );
  return Number(result.rows[0]?.n ?? 0);
}

describe('embedded database', () => {
  test('a restarted process takes over every lease at once', async () => {
    const { reelgate, db, clock } = await world('pglite');
    const ids = await createSome(reelgate, 3);
    // The process that died held them (mid-step) with a minute of lease left.
    const held = await claimDue(db, {
      workerId: 'dead-process',
      nowMs: clock.now(),
      leaseMs: 60_000,
      limit: 10,
    });
    expect(held).toHaveLength(3);
    expect(await reelgate.worker.drain()).toBe(0);
    const before = await stepsDone(db, ids);

    await reelgate.worker.recover();
    const started = clock.now();
    expect(await reelgate.worker.drain()).toBe(3);
    expect(clock.now() - started).toBeLessThan(5_000);
    expect(await stepsDone(db, ids)).toBeGreaterThan(before);
    await assertNoStepTwice(db, ids);
  });
});

describe('PostgreSQL', () => {
  test("a dead worker's leases are taken over at once; a live worker's are not", async () => {
    const { reelgate, db, clock } = await world('postgres');
    const ids = await createSome(reelgate, 4);
    // Worker A lives (holds its liveness lock) and holds two generations mid-step.
    const lockA = await db.holdSessionLock!(workerLockClass, 'worker-a');
    const heldByA = await claimDue(db, {
      workerId: 'worker-a',
      nowMs: clock.now(),
      leaseMs: 60_000,
      limit: 2,
    });
    // Worker C died without releasing its two.
    const heldByC = await claimDue(db, {
      workerId: 'worker-c',
      nowMs: clock.now(),
      leaseMs: 60_000,
      limit: 2,
    });
    expect(heldByA).toHaveLength(2);
    expect(heldByC).toHaveLength(2);

    await reelgate.worker.recover();
    const started = clock.now();
    expect(await reelgate.worker.drain()).toBe(2);
    const taken = await db.query<{ id: string }>("SELECT id FROM generations WHERE state <> 'accepted'");
    expect(taken.rows.map((row) => row.id).sort()).toEqual(heldByC.map((row) => row.id).sort());

    // A dies: its connection (and lock) goes away; its leases are taken over at once.
    await lockA.release();
    expect(await reelgate.worker.drain()).toBe(2);
    expect(clock.now() - started).toBeLessThan(5_000);
    await assertNoStepTwice(db, ids);
  });
});
