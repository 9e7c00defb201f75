/** The pure plan of status sweeps (src/core/status-sweep.ts): when a list pays, and how often. */
import { expect, test } from 'vitest';
import {
  defaultStatusSweepPolicy as policy,
  planStatusSweep,
  scaledSweepIntervalMs,
} from '../../src/core/status-sweep.ts';

const twoMinutes = 120_000;

test('too few in flight: no sweep (a list would cost more than it saves)', () => {
  expect(planStatusSweep({ inFlight: 3, meanRunMs: twoMinutes, policy })).toBeNull();
  expect(planStatusSweep({ inFlight: 0, meanRunMs: twoMinutes, policy })).toBeNull();
});

test('a few in flight: sampling sweeps at one list request per generation', () => {
  const plan = planStatusSweep({ inFlight: 10, meanRunMs: twoMinutes, policy })!;
  expect(plan.mode).toBe('sample');
  expect(plan.pages).toBe(1);
  // p x D / (n x budget) = 1 x 120 s / (10 x 1) = 12 s.
  expect(plan.intervalMs).toBe(12_000);
  expect(plan.listCallsPerGeneration).toBeCloseTo(1, 3);
});

test('many in flight: detecting sweeps about every second, within their budget', () => {
  const plan = planStatusSweep({ inFlight: 180, meanRunMs: twoMinutes, policy })!;
  expect(plan.mode).toBe('detect');
  // 1.5 x 180 listed = 270 jobs: three pages; 3 x 120 s / (180 x 2) = 1 s.
  expect(plan.pages).toBe(3);
  expect(plan.intervalMs).toBe(1_000);
  expect(plan.listCallsPerGeneration).toBeLessThanOrEqual(policy.detectListCallsPerGeneration);
});

test('never more often than the floor, and off when the pages would exceed the cap or sweeps are disabled', () => {
  expect(planStatusSweep({ inFlight: 600, meanRunMs: 10_000, policy })!.intervalMs).toBe(
    policy.minIntervalMs,
  );
  expect(planStatusSweep({ inFlight: 1_000, meanRunMs: twoMinutes, policy })).toBeNull();
  expect(
    planStatusSweep({ inFlight: 180, meanRunMs: twoMinutes, policy: { ...policy, enabled: false } }),
  ).toBeNull();
});

test('an emulator is swept when the real provider would be, at its speed, with a floor', () => {
  expect(scaledSweepIntervalMs(12_000, 1)).toBe(12_000);
  expect(scaledSweepIntervalMs(12_000, 100)).toBe(120);
  expect(scaledSweepIntervalMs(12_000, 5_000)).toBe(50);
});

test('a list without progress: only detecting sweeps (nothing to sample)', () => {
  expect(
    planStatusSweep({ inFlight: 10, meanRunMs: twoMinutes, listShowsProgress: false, policy }),
  ).toBeNull();
  expect(
    planStatusSweep({ inFlight: 180, meanRunMs: twoMinutes, listShowsProgress: false, policy })!.mode,
  ).toBe('detect');
});
