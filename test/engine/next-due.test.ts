/**
 * The worker's next-due lookup reads unleased rows in due order from an index and leased rows
 * apart: the earliest claimable time is still the smallest of each unleased row's due time and
 * each leased row's later of due time and lease end; excluded rows and final rows never count.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { nextDueAt } from '../../src/db/queries/claim-due.ts';
import type { DbKind } from './helpers/databases.ts';
import { FakeProvider, fakeEntryWithSoraTiming } from './helpers/fake-provider.ts';
import { fakeProviderWorld } from './helpers/fake-world.ts';

const fakeEntry = fakeEntryWithSoraTiming();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function threeRows(kind: DbKind): Promise<{ db: EngineDb; ids: string[]; t0: number }> {
  const clock = new FakeClock(Date.UTC(2026, 6, 1));
  const made = await fakeProviderWorld({
    clock,
    provider: new FakeProvider(clock, () => ({ status: 'pending', progress: 0 })),
    entry: fakeEntry,
    seed: 3,
    kind,
  });
  cleanups.push(made.close);
  const { reelgate, database } = made;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    ids.push(
      (await reelgate.service.create('acct_1', { prompt: `a boat ${i}`, model: 'fake-1', surface: 'videos' }))
        .id,
    );
  }
  return { db: database.db, ids, t0: clock.now() };
}

async function set(db: EngineDb, id: string, fields: Record<string, unknown>): Promise<void> {
  const names = Object.keys(fields);
  await db.query(
    `UPDATE generations SET ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [id, ...names.map((name) => fields[name])],
  );
}

describe.each(['pglite', 'postgres'] as const)('next due (%s)', (kind) => {
  test('the earliest of unleased due times and leased rows after their lease', async () => {
    const { db, ids, t0 } = await threeRows(kind);
    const [a, b, c] = ids as [string, string, string];
    await set(db, a, { state: 'running', next_check_at: t0 + 10_000, deadline_at: t0 + 60_000 });
    await set(db, b, {
      state: 'running',
      next_check_at: t0 + 1_000,
      deadline_at: t0 + 60_000,
      lease_owner: 'worker-x',
      lease_expires_at: t0 + 5_000,
    });
    await set(db, c, { state: 'completed', next_check_at: t0 });
    // b is due first but leased until t0 + 5 s; c is final.
    expect(await nextDueAt(db)).toBe(t0 + 5_000);
    // A lease ending after a's check: a comes first.
    await set(db, b, { lease_expires_at: t0 + 20_000 });
    expect(await nextDueAt(db)).toBe(t0 + 10_000);
    // The deadline bounds the due time.
    await set(db, a, { deadline_at: t0 + 7_000 });
    expect(await nextDueAt(db)).toBe(t0 + 7_000);
    // Rows being processed are left out; nothing else active means nothing due.
    expect(await nextDueAt(db, { exclude: [a] })).toBe(t0 + 20_000);
    expect(await nextDueAt(db, { exclude: [a, b] })).toBeUndefined();
    // A lease whose owner holds no liveness lock (PostgreSQL) is as good as free.
    if (kind === 'postgres') expect(await nextDueAt(db, { ownersAlive: true })).toBe(t0 + 1_000);
  });
});
