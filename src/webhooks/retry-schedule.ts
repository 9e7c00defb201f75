/**
 * When to try a failed webhook delivery again. Pure. The default schedule spreads ten attempts
 * over about fifteen hours (5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h after each
 * failure), each delay jittered by up to ±10% so a receiver coming back from an outage is not hit
 * by every delivery in the same second. After the last one the delivery is marked failed.
 */
import type { Random } from '../core/random.ts';

export const defaultRetryDelaysMs: readonly number[] = [
  5_000,
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  60 * 60_000,
  2 * 60 * 60_000,
  4 * 60 * 60_000,
  8 * 60 * 60_000,
];

/**
 * The delay before the next attempt after `attemptsMade` failed attempts, or undefined when the
 * schedule is exhausted (give up).
 */
export function nextRetryDelayMs(
  attemptsMade: number,
  random: Random,
  delays: readonly number[] = defaultRetryDelaysMs,
  jitterRatio = 0.1,
): number | undefined {
  const base = delays[attemptsMade - 1];
  if (base === undefined || attemptsMade < 1) return undefined;
  const jitter = (random.next() * 2 - 1) * jitterRatio;
  return Math.max(0, Math.round(base * (1 + jitter)));
}

/** Total attempts the schedule allows (the first plus one per delay). */
export function maxAttempts(delays: readonly number[] = defaultRetryDelaysMs): number {
  return delays.length + 1;
}
