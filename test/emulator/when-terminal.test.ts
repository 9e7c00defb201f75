/**
 * A provider face's webhook waits until the job has really ended on the emulator's clock: a
 * timer that fires early (at high speeds one real millisecond is thousands of emulated ones)
 * must not send a body that still shows the job running.
 */
import { describe, expect, it } from 'vitest';
import type { EmulatorCore } from '../../src/emulator/core/core.ts';
import { whenTerminal } from '../../src/emulator/faces/provider-common/job-webhooks.ts';

/** A clock whose sleeps wake `early` ms before the time asked for, the first `times` times. */
function earlyWakingClock(startMs: number, early: number, times: number) {
  let now = startMs;
  let left = times;
  return {
    now: () => now,
    async sleep(ms: number) {
      now += left-- > 0 ? Math.max(0, ms - early) : ms;
    },
  };
}

describe('whenTerminal', () => {
  it('sends only once the clock has reached the terminal time, however early the timers wake', async () => {
    const clock = earlyWakingClock(1_000, 3_000, 2);
    const core = { clock, signal: new AbortController().signal } as unknown as EmulatorCore;
    const sentAt: number[] = [];
    whenTerminal(core, { timeline: { terminalAtMs: 10_000 } }, () => sentAt.push(clock.now()));
    for (let i = 0; i < 20 && sentAt.length === 0; i++) await Promise.resolve();
    expect(sentAt).toHaveLength(1);
    expect(sentAt[0]).toBeGreaterThanOrEqual(10_000);
  });

  it('sends at once for a job that already ended', () => {
    const clock = earlyWakingClock(20_000, 0, 0);
    const core = { clock, signal: new AbortController().signal } as unknown as EmulatorCore;
    let sent = 0;
    whenTerminal(core, { timeline: { terminalAtMs: 10_000 } }, () => sent++);
    return Promise.resolve().then(() => expect(sent).toBe(1));
  });
});
