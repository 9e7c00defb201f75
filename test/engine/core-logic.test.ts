/** Pure engine logic: state machine, retry math, poll scheduling, ETA, request mapping, catalog. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { retryAfterFromHeaders, retryDelayMs } from '../../src/core/backoff.ts';
import { createDefaultCatalog, estimateCostUsd, supportedDurations } from '../../src/core/catalog/index.ts';
import { estimateFinish, medianMs } from '../../src/core/eta.ts';
import { planNextCheck } from '../../src/core/poll-schedule.ts';
import { seededRandom } from '../../src/core/random.ts';
import { mapRequest } from '../../src/core/request-mapping.ts';
import { toSeedStatus as seedStatus } from '../../src/contract/presenters/seed.ts';
import { assertTransition, canTransition, publicStatus } from '../../src/core/state-machine.ts';

describe('state machine', () => {
  test('the happy path is allowed, final states are final', () => {
    const path = ['accepted', 'submitted', 'running', 'downloading', 'stored', 'completed'] as const;
    for (let i = 0; i < path.length - 1; i++) expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
    for (const final of ['completed', 'failed', 'canceled', 'expired'] as const) {
      for (const to of ['accepted', 'running', 'completed', 'failed'] as const)
        expect(canTransition(final, to)).toBe(false);
    }
    expect(() => assertTransition('accepted', 'completed')).toThrow(/Illegal/);
    expect(canTransition('stored', 'running')).toBe(false);
  });

  test('public statuses', () => {
    expect(publicStatus('accepted', false)).toBe('queued');
    expect(publicStatus('running', false)).toBe('queued');
    expect(publicStatus('running', true)).toBe('running');
    expect(publicStatus('stored', true)).toBe('downloading');
    expect(publicStatus('expired', true)).toBe('expired');
    expect(seedStatus('downloading')).toBe('processing');
    expect(seedStatus('canceled')).toBe('failed');
  });
});

describe('backoff', () => {
  test('retry-after-ms wins, then retry-after seconds, then an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterFromHeaders({ 'Retry-After-Ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterFromHeaders({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterFromHeaders({ 'retry-after': new Date(now + 5000).toUTCString() }, now)).toBe(5000);
    expect(retryAfterFromHeaders({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterFromHeaders(undefined, now)).toBeUndefined();
  });

  test('hints are honoured exactly; otherwise capped jittered exponential growth', () => {
    const random = seededRandom(42);
    expect(retryDelayMs({ attempt: 5, random, retryAfterMs: 7000 })).toBe(7000);
    const policy = { baseMs: 1000, maxMs: 8000, jitter: 0.5 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (attempt, seed) => {
        const delay = retryDelayMs({ attempt, random: seededRandom(seed), policy });
        const raw = Math.min(8000, 1000 * 2 ** (attempt - 1));
        return delay >= raw * 0.5 - 1 && delay <= raw + 1;
      }),
    );
  });
});

describe('poll schedule and ETA', () => {
  const policy = { minIntervalMs: 2000, maxIntervalMs: 600_000 };

  test('a linear-progress job: a few checks, the last just after the finish', () => {
    // Simulated provider: queued 6 s, then progress rises linearly for 120 s.
    const submittedAt = 0;
    const runStart = 6_000;
    const finish = 126_000;
    const progressAt = (t: number) =>
      t < runStart ? 0 : Math.min(99, Math.floor(((t - runStart) / 120_000) * 100));
    let now = 0;
    let first: { atMs: number; progress: number } | null = null;
    let checks = 0;
    let next = planNextCheck({
      nowMs: 0,
      submittedAtMs: 0,
      expectedTotalMs: 110_000,
      firstSample: null,
      lastSample: null,
      policy,
    }).nextCheckAtMs;
    for (;;) {
      now = next;
      checks++;
      if (now >= finish) break;
      const progress = progressAt(now);
      if (progress > 0 && !first) first = { atMs: now, progress };
      next = planNextCheck({
        nowMs: now,
        submittedAtMs: submittedAt,
        expectedTotalMs: 110_000,
        firstSample: first,
        lastSample: { atMs: now, progress },
        policy,
      }).nextCheckAtMs;
      expect(next - now).toBeGreaterThanOrEqual(2000);
    }
    expect(now - finish).toBeLessThan(3000);
    // A fixed 30 s poll needs 5 checks for this job and is 24 s late.
    expect(checks).toBeLessThan(5);
  });

  test('never below the floor, honours Retry-After, stops at the deadline, backs off when overdue', () => {
    const base = { submittedAtMs: 0, expectedTotalMs: 10_000, firstSample: null, lastSample: null, policy };
    expect(planNextCheck({ ...base, nowMs: 9_999 }).nextCheckAtMs).toBe(9_999 + 2000);
    expect(planNextCheck({ ...base, nowMs: 0, retryAfterMs: 30_000 }).nextCheckAtMs).toBe(30_000);
    expect(planNextCheck({ ...base, nowMs: 0, deadlineMs: 3_000 }).nextCheckAtMs).toBe(3_000);
    const late = planNextCheck({ ...base, nowMs: 400_000 }).nextCheckAtMs - 400_000;
    expect(late).toBeGreaterThan(50_000);
  });

  test('ETA from a measured progress rate', () => {
    const estimate = estimateFinish({
      submittedAtMs: 0,
      expectedTotalMs: 100_000,
      firstSample: { atMs: 40_000, progress: 30 },
      lastSample: { atMs: 60_000, progress: 50 },
    });
    expect(estimate).toMatchObject({ finishAtMs: 110_000, basis: 'progress-rate' });
    expect(
      estimateFinish({ submittedAtMs: 5, expectedTotalMs: 100, firstSample: null, lastSample: null })
        .finishAtMs,
    ).toBe(105);
    expect(medianMs([5, 1, 3])).toBe(3);
    expect(medianMs([4, 1, 3, 2])).toBe(2.5);
    expect(medianMs([])).toBeUndefined();
  });
});

describe('request mapping and catalog', () => {
  const catalog = createDefaultCatalog();
  const sora2 = catalog.resolve('sora-2');
  const pro = catalog.resolve('openai:sora-2-pro');

  test('names, aliases and the default', () => {
    expect(catalog.resolve(undefined).id).toBe('openai:sora-2');
    expect(catalog.resolve('sora-1.0').id).toBe('openai:sora-2');
    expect(catalog.resolve('sora-2-pro-2025-10-06').id).toBe('openai:sora-2-pro');
    expect(() => catalog.resolve('veo-9')).toThrow(/Unknown model/);
    expect(supportedDurations(sora2)).toEqual([4, 8, 12, 16, 20]);
  });

  test('resolution + duration map to size + seconds with a warning for every adjustment', () => {
    expect(mapRequest(sora2, { resolution: '720p', durationSeconds: 8 })).toMatchObject({
      durationSeconds: 8,
      warnings: [],
    });
    const adjusted = mapRequest(sora2, { resolution: '480p', durationSeconds: 5 });
    expect(adjusted.size.size).toBe('1280x720');
    expect(adjusted.durationSeconds).toBe(8);
    expect(adjusted.warnings).toHaveLength(2);
    expect(mapRequest(sora2, { resolution: '720p', orientation: 'portrait' }).size.size).toBe('720x1280');
    expect(mapRequest(pro, { resolution: '1080p' }).size.size).toBe('1920x1080');
    // No size and no resolution: the model's default resolution in the one default orientation
    // (landscape), the same as `resolution: '720p'` alone.
    expect(mapRequest(sora2, {}).size.size).toBe('1280x720');
    expect(mapRequest(sora2, {}).size.size).toBe(mapRequest(sora2, { resolution: '720p' }).size.size);
    expect(mapRequest(sora2, { orientation: 'portrait' }).size.size).toBe('720x1280');
    expect(mapRequest(sora2, {}).durationSeconds).toBe(4);
  });

  test('impossible requests are refused naming what is supported', () => {
    expect(() => mapRequest(sora2, { resolution: '1080p' })).toThrow(/Supported resolutions: 720p/);
    expect(() => mapRequest(sora2, { durationSeconds: 25 })).toThrow(/at most 20 s/);
    expect(() => mapRequest(sora2, { size: '1920x1080' })).toThrow(/Supported sizes: 1280x720, 720x1280/);
    expect(() => mapRequest(sora2, { durationSeconds: -1 })).toThrow(/positive/);
  });

  test('the nearest duration at or above the request, for any request', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 20, noNaN: true }), (seconds) => {
        const mapped = mapRequest(sora2, { durationSeconds: seconds });
        const smaller = supportedDurations(sora2).filter((d) => d >= seconds - 1e-9);
        const exact = Math.abs(mapped.durationSeconds - seconds) <= 1e-9;
        return mapped.durationSeconds === smaller[0] && exact === (mapped.warnings.length === 0);
      }),
    );
  });

  test('prices', () => {
    expect(estimateCostUsd(sora2, sora2.sizes[0]!, 8)).toBeCloseTo(0.8);
    expect(estimateCostUsd(pro, pro.sizes.find((s) => s.size === '1920x1080')!, 4)).toBeCloseTo(2.8);
  });
});
