/**
 * A worker died after sending a start to a provider that deduplicates by Idempotency-Key; the
 * request may still be in the provider's hands. The worker that takes over at once (the dead
 * one's lease is freed at start-up) must not re-send while that request could still be being
 * processed: no provider promises its deduplication covers a request still in progress. It
 * re-sends with the same key once the first has surely been answered, and gets one job.
 */
import { afterAll, expect, test } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { claimDue } from '../../src/db/queries/claim-due.ts';
import { defaultEnginePolicy } from '../../src/worker/engine-deps.ts';
import { settleOnFakeTime } from './helpers/settle.ts';
import { FakeProvider, fakeEntryWithSoraTiming } from './helpers/fake-provider.ts';
import { fakeProviderWorld } from './helpers/fake-world.ts';

const fakeEntry = fakeEntryWithSoraTiming();

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

test('a start left in flight by a dead worker is re-sent only after it has surely been answered', async () => {
  const clock = new FakeClock(Date.UTC(2026, 6, 1));
  const provider = new FakeProvider(clock, (job, now) =>
    now - job.createdAt < 30_000 ? { status: 'pending', progress: 5 } : { status: 'completed' },
  );
  const made = await fakeProviderWorld({ clock, provider, entry: fakeEntry, seed: 5 });
  cleanups.push(made.close);
  const { reelgate, database } = made;
  const { id } = await reelgate.service.create('acct', {
    prompt: 'a paper boat',
    model: 'fake-1',
    surface: 'videos',
  });
  // The dead process had claimed it, marked the start sent, and died before any answer.
  const sentAt = clock.now();
  expect(
    await claimDue(database.db, { workerId: 'dead', nowMs: sentAt, leaseMs: 60_000, limit: 1 }),
  ).toHaveLength(1);
  await database.db.query(
    "UPDATE generations SET state = 'submitted', start_attempts = 1, start_sent_at = $2 WHERE id = $1",
    [id, sentAt],
  );

  await reelgate.worker.recover();
  await clock.advance(1_000);
  await reelgate.worker.drain();
  expect(provider.startCalls).toEqual([]);
  const waiting = await database.db.query<{ state: string; next_check_at: string | number }>(
    'SELECT state, next_check_at FROM generations WHERE id = $1',
    [id],
  );
  expect(waiting.rows[0]!.state).toBe('submitted');
  expect(Number(waiting.rows[0]!.next_check_at)).toBe(sentAt + defaultEnginePolicy.ambiguousResendAfterMs);

  await clock.advance(defaultEnginePolicy.ambiguousResendAfterMs);
  await reelgate.worker.drain();
  expect(provider.startCalls).toHaveLength(1);
  expect(provider.jobs.size).toBe(1);
  const settled = await settleOnFakeTime(reelgate, clock, id);
  expect(provider.jobs.size).toBe(1);
  expect(settled.status).toBe('completed');
});
