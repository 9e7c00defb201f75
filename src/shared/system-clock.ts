import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../core/clock.ts';

/** The real clock: wall time and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal ? { signal } : undefined),
};
