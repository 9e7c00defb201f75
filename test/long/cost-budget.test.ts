import { describe, expect, it } from 'vitest';
import { budgetWindows, checkBudget, remainingBudget, startableJobs } from '../../src/core/budget.ts';
import type { CatalogEntry, CatalogSize } from '../../src/core/catalog/catalog-entry.ts';
import { addUsd, estimatePlan, estimateSingle } from '../../src/core/cost-estimate.ts';
import { capabilitiesFromCatalog, planLongVideo, planStoryboard } from '../../src/core/segment-plan.ts';

const size720: CatalogSize = {
  size: '1280x720',
  width: 1280,
  height: 720,
  resolution: '720p',
  orientation: 'landscape',
  aspectRatio: '16:9',
};
const size1080: CatalogSize = {
  ...size720,
  size: '1920x1080',
  width: 1920,
  height: 1080,
  resolution: '1080p',
  pricePerSecondUsd: 0.5,
};
const entry: CatalogEntry = {
  id: 'test:clip',
  provider: 'test',
  modelId: 'clip',
  displayName: 'Clip',
  aliases: [],
  durations: { kind: 'list', seconds: [5, 10] },
  defaultDurationSeconds: 5,
  maxDurationPerCallSeconds: 10,
  sizes: [size720, size1080],
  defaultSize: '1280x720',
  audio: true,
  imageToVideo: true,
  extension: { supported: false },
  pricing: { perSecondUsd: 0.07, source: 'test price list', asOf: '2026-11' },
  typicalGeneration: {
    baseSeconds: 30,
    perVideoSecond: 5,
    referencePixels: 921600,
    pixelExponent: 1,
    queueSeconds: 0,
    source: 't',
  },
  sources: ['test'],
};

describe('cost estimates', () => {
  it('prices a single generation from the catalog, per size', () => {
    const small = estimateSingle(entry, size720, 10);
    expect(small.totalUsd).toBe(0.7);
    expect(small.perSecondUsd).toBe(0.07);
    expect(small.pricing).toEqual({ source: 'test price list', asOf: '2026-11' });
    expect(estimateSingle(entry, size1080, 10).totalUsd).toBe(5);
  });

  it('prices a segmented plan: every paid second including a trimmed overshoot, without float drift', () => {
    const plan = planLongVideo(capabilitiesFromCatalog(entry), { prompt: 'p', durationSeconds: 63 });
    const estimate = estimatePlan(entry, size720, plan);
    expect(estimate.billedSeconds).toBe(65);
    expect(estimate.deliveredSeconds).toBe(63);
    expect(estimate.trimmedSeconds).toBe(2);
    expect(estimate.totalUsd).toBe(4.55);
    expect(estimate.segments.map((segment) => segment.billedSeconds).reduce((a, b) => a + b, 0)).toBe(65);
    expect(estimate.notes.join(' ')).toMatch(/trimmed/);
  });

  it('does not charge again for segments finished by an earlier attempt', () => {
    const plan = planStoryboard(capabilitiesFromCatalog(entry), [
      { prompt: 'a', durationSeconds: 10 },
      { prompt: 'b', durationSeconds: 10 },
      { prompt: 'c', durationSeconds: 5 },
    ]);
    const fresh = estimatePlan(entry, size720, plan);
    const retry = estimatePlan(entry, size720, plan, { alreadyPaid: new Set([0, 1]) });
    expect(fresh.totalUsd).toBe(1.75);
    expect(retry.totalUsd).toBe(0.35);
    expect(retry.billedSeconds).toBe(5);
    expect(
      retry.segments.filter((segment) => segment.alreadyPaid).map((segment) => segment.segmentIndex),
    ).toEqual([0, 1]);
  });

  it('adds money without float error', () => {
    expect(addUsd(0.1, 0.2)).toBe(0.3);
  });
});

describe('budgets and concurrency', () => {
  const now = Date.UTC(2026, 10, 28, 15, 30);

  it('computes UTC day and month windows', () => {
    expect(budgetWindows(now)).toEqual({
      dayStartMs: Date.UTC(2026, 10, 28),
      dayEndMs: Date.UTC(2026, 10, 29),
      monthStartMs: Date.UTC(2026, 10, 1),
      monthEndMs: Date.UTC(2026, 11, 1),
    });
    expect(budgetWindows(Date.UTC(2026, 11, 31, 23)).monthEndMs).toBe(Date.UTC(2027, 0, 1));
  });

  it('accepts a request that fits and reports what is left', () => {
    const decision = checkBudget(
      { dailyUsd: 10, monthlyUsd: 100, maxConcurrent: 3 },
      { spentTodayUsd: 4, spentThisMonthUsd: 50, running: 1 },
      { costUsd: 6 },
      now,
    );
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.remaining.dailyUsd).toBe(6);
      expect(decision.remaining.monthlyUsd).toBe(50);
      expect(decision.remaining.concurrentSlots).toBe(2);
    }
  });

  it('refuses a request over the daily budget with budget_exceeded and the remaining budget', () => {
    const decision = checkBudget(
      { dailyUsd: 10 },
      { spentTodayUsd: 4.5, spentThisMonthUsd: 4.5, running: 0 },
      { costUsd: 6 },
      now,
    );
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.error.code).toBe('budget_exceeded');
    expect(decision.error.status).toBe(402);
    expect(decision.error.details?.exceeded).toBe('daily');
    expect((decision.error.details?.remaining as { dailyUsd: number } | undefined)?.dailyUsd).toBe(5.5);
    expect(decision.error.message).toContain('$5.50');
    expect(decision.error.toJSON().error.details).toBeDefined();
  });

  it('refuses over the monthly budget even when the day has room', () => {
    const decision = checkBudget(
      { dailyUsd: 50, monthlyUsd: 100 },
      { spentTodayUsd: 0, spentThisMonthUsd: 99, running: 0 },
      { costUsd: 2 },
      now,
    );
    expect(!decision.ok && decision.error.details?.exceeded).toBe('monthly');
  });

  it('refuses when all concurrency slots are taken (retryable 429)', () => {
    const decision = checkBudget(
      { maxConcurrent: 2 },
      { spentTodayUsd: 0, spentThisMonthUsd: 0, running: 2 },
      { costUsd: 0 },
      now,
    );
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.error.code).toBe('concurrency_limit');
    expect(decision.error.status).toBe(429);
    expect(decision.error.retryable).toBe(true);
  });

  it('has no limits when none are set, and caps parallel segment starts', () => {
    expect(
      checkBudget({}, { spentTodayUsd: 1e6, spentThisMonthUsd: 1e6, running: 99 }, { costUsd: 1e6 }, now).ok,
    ).toBe(true);
    expect(
      remainingBudget({}, { spentTodayUsd: 0, spentThisMonthUsd: 0, running: 0 }, now).dailyUsd,
    ).toBeNull();
    expect(startableJobs({ maxConcurrent: 4 }, 1, 5)).toBe(3);
    expect(startableJobs({ maxConcurrent: 4 }, 5, 5)).toBe(0);
    expect(startableJobs({}, 5, 5)).toBe(5);
  });
});
