/**
 * Drives the worker on fake time until generation `id` is final: drain what is due, then jump
 * to the next due check. Bounded, so an engine bug shows as a failed test, not a hang.
 */
import type { Reelgate } from '../../../src/app/reelgate.ts';
import type { FakeClock } from '../../../src/core/clock.ts';
import type { Generation } from '../../../src/core/generation.ts';

const finalStatuses = new Set(['completed', 'failed', 'canceled', 'expired']);

export async function settleOnFakeTime(
  reelgate: Reelgate,
  clock: FakeClock,
  id: string,
  options: {
    /** The owner; looked up from the row when absent. */
    accountId?: string;
    maxRounds?: number;
    until?: (generation: Generation) => boolean;
  } = {},
): Promise<Generation> {
  const done = options.until ?? ((generation: Generation) => finalStatuses.has(generation.status));
  const accountId =
    options.accountId ??
    (
      await reelgate.db.query<{ account_id: string }>('SELECT account_id FROM generations WHERE id = $1', [
        id,
      ])
    ).rows[0]?.account_id ??
    '';
  for (let round = 0; round < (options.maxRounds ?? 400); round++) {
    await reelgate.worker.drain();
    const generation = await reelgate.service.get(accountId, id);
    if (!generation) throw new Error(`generation ${id} vanished`);
    if (done(generation)) return generation;
    const next = await reelgate.worker.nextDueAt();
    if (next === undefined) return generation;
    await clock.advance(Math.max(1, next - clock.now()));
  }
  throw new Error(`generation ${id} did not settle`);
}
