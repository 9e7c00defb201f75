/** The timing model and job lifecycle on fake time (no real waiting, no media rendering). */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { seededRandom } from '../../src/core/random.ts';
import { createEmulatorApp } from '../../src/emulator/index.ts';
import { medianGenerationSeconds, planTiming, timelineAt } from '../../src/emulator/core/timing.ts';

const auth = { authorization: 'Bearer k', 'content-type': 'application/json' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('timing model', () => {
  it('takes minutes, longer for more pixels, more seconds and pro models', () => {
    const random = seededRandom(1);
    const sample = (input: Parameters<typeof planTiming>[0]) =>
      median(
        Array.from({ length: 301 }, () => planTiming(input, random, 1)).map(
          (plan) => plan.queueMs + plan.runMs,
        ),
      ) / 60_000;
    const small = sample({ width: 720, height: 1280, seconds: 4 });
    const long = sample({ width: 720, height: 1280, seconds: 12 });
    const big = sample({ width: 1920, height: 1080, seconds: 12, tierFactor: 1.6 });
    expect(small).toBeGreaterThan(1);
    expect(small).toBeLessThan(3);
    expect(long).toBeGreaterThan(small * 1.4);
    expect(big).toBeGreaterThan(long * 2);
    expect(big).toBeLessThan(15);
    expect(medianGenerationSeconds({ width: 1280, height: 720, seconds: 8 })).toBeGreaterThan(
      medianGenerationSeconds({ width: 1280, height: 720, seconds: 4 }),
    );
  });

  it('divides every duration by speed, and the same seed gives the same plan', () => {
    const input = { width: 1280, height: 720, seconds: 8 };
    const slow = planTiming(input, seededRandom(9), 1);
    const fast = planTiming(input, seededRandom(9), 1000);
    expect(fast.runMs).toBeCloseTo(slow.runMs / 1000, 6);
    expect(fast.queueMs).toBeCloseTo(slow.queueMs / 1000, 6);
    expect(planTiming(input, seededRandom(9), 1)).toEqual(slow);
  });

  it('reports queued, then rising progress, then completed', () => {
    const points = {
      createdAtMs: 0,
      startAtMs: 1000,
      nominalEndMs: 11_000,
      terminalAtMs: 11_000,
      outcome: 'completed' as const,
    };
    expect(timelineAt(points, 500)).toEqual({ status: 'queued', progress: 0, finishedAtMs: null });
    expect(timelineAt(points, 6000)).toEqual({ status: 'in_progress', progress: 50, finishedAtMs: null });
    expect(timelineAt(points, 10_999).progress).toBe(99);
    expect(timelineAt(points, 11_000)).toEqual({ status: 'completed', progress: 100, finishedAtMs: 11_000 });
    const failing = { ...points, terminalAtMs: 4000, outcome: 'failed' as const };
    expect(timelineAt(failing, 5000)).toMatchObject({ status: 'failed', progress: 30, finishedAtMs: 4000 });
  });
});

describe('uneven progress', () => {
  it('stalls and jumps, waits in the 90s before the end, and finishes when the linear model does', () => {
    for (const seed of [1, 2, 3, 42, 2 ** 31 + 5]) {
      const points = {
        createdAtMs: 0,
        startAtMs: 1_000,
        nominalEndMs: 101_000,
        terminalAtMs: 101_000,
        outcome: 'completed' as const,
        progressModel: 'uneven' as const,
        progressSeed: seed,
      };
      const path = Array.from(
        { length: 1_000 },
        (_, index) => timelineAt(points, 1_000 + index * 100).progress,
      );
      // Never goes back, never shows 100 before completion.
      for (let index = 1; index < path.length; index++)
        expect(path[index]).toBeGreaterThanOrEqual(path[index - 1]!);
      expect(Math.max(...path)).toBeLessThan(100);
      // A jump: one 0.1 s step moves by at least 9 points.
      expect(path.some((value, index) => index > 0 && value - path[index - 1]! >= 9)).toBe(true);
      // The last 8 % of the run shows 90-97 % and barely moves.
      const tail = path.slice(920);
      expect(Math.min(...tail)).toBeGreaterThanOrEqual(90);
      expect(Math.max(...tail) - Math.min(...tail)).toBeLessThanOrEqual(1);
      // Same end as the linear model, same path for the same seed.
      expect(timelineAt(points, 101_000).status).toBe('completed');
      expect(timelineAt(points, 100_999).status).toBe('in_progress');
      expect(timelineAt({ ...points }, 50_000).progress).toBe(path[490]);
    }
  });
});

describe('job lifecycle on a FakeClock', () => {
  it('moves a job through its states as fake time advances; content expires after its lifetime', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1));
    const app = createEmulatorApp({ clock, seed: 4, resultLifetimeSeconds: 60 });
    const created = await (
      await app.request('/v1/videos', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ prompt: 'Clockwork' }),
      })
    ).json();
    expect(created).toMatchObject({ status: 'queued', progress: 0, created_at: Date.UTC(2026, 5, 1) / 1000 });

    const read = async () => (await app.request(`/v1/videos/${created.id}`, { headers: auth })).json();
    const seen: { status: string; progress: number }[] = [];
    for (let minute = 0; minute < 20; minute++) {
      await clock.advance(15_000);
      const video = await read();
      seen.push({ status: video.status, progress: video.progress });
      if (video.status === 'completed') break;
    }
    expect(seen.at(-1)).toEqual({ status: 'completed', progress: 100 });
    expect(seen.some((s) => s.status === 'in_progress' && s.progress > 0 && s.progress < 100)).toBe(true);
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const done = await read();
    expect(done.expires_at).toBe(done.completed_at + 60);
    expect(done.completed_at - done.created_at).toBeGreaterThan(30); // minutes, not milliseconds

    await clock.advance(61_000);
    const expired = await app.request(`/v1/videos/${created.id}/content`, { headers: auth });
    expect(expired.status).toBe(410);
    expect((await expired.json()).error.code).toBe('video_expired');
    await app.core.close();
  });

  it('retries webhooks with exponential backoff on the injected clock', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1));
    const attempts: number[] = [];
    const fakeFetch = (async () => {
      attempts.push(clock.now());
      return new Response(null, { status: attempts.length < 3 ? 503 : 200 });
    }) as typeof fetch;
    const app = createEmulatorApp({
      clock,
      seed: 4,
      fetch: fakeFetch,
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: `whsec_${Buffer.from('secret').toString('base64')}`,
      webhookRetryBaseMs: 5000,
    });
    await app.request('/v1/videos', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ prompt: 'Hook' }),
    });
    for (let step = 0; step < 60 && attempts.length < 3; step++) await clock.advance(10_000);
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBe(5000);
    expect(attempts[2]! - attempts[1]!).toBe(10_000);
    expect(app.core.stats.snapshot().webhooks).toMatchObject({ attempts: 3, delivered: 1, failed: 2 });
    await app.core.close();
  });
});
