/**
 * The poll scheduler: when to ask the provider again. Instead of a fixed beat it aims at the
 * predicted finish: a first look part-way through the expected time, a second look late in the
 * run (~92 %) so the measured progress rate spans most of it, then one check on the predicted
 * finish. Overdue jobs are checked
 * with growing gaps, Retry-After is honoured, and no two checks are closer than the floor.
 */
import { type EtaEstimate, estimateFinish, type EtaInput } from './eta.ts';

export interface PollPolicy {
  /** Never check more often than this. */
  minIntervalMs: number;
  /** Never wait longer than this between checks. */
  maxIntervalMs: number;
}

export const defaultPollPolicy: PollPolicy = { minIntervalMs: 2_000, maxIntervalMs: 10 * 60_000 };

export interface PollInput extends EtaInput {
  nowMs: number;
  /** The provider's retry hint from the last answer, if any. */
  retryAfterMs?: number | undefined;
  /** The generation's deadline: the last check lands on it at the latest. */
  deadlineMs?: number | undefined;
  policy?: PollPolicy | undefined;
}

export interface PollPlan {
  nextCheckAtMs: number;
  estimate: EtaEstimate;
}

/** Share of the remaining time to wait when the estimate is still rough. */
const roughStep = 0.6;
/** A rate measured over at least this many progress points is trusted to aim at the finish. */
const trustedRateSpan = 15;
/** Where the second look aims: late enough that the rate it measures spans most of the run. */
const secondLookProgress = 92;

export function planNextCheck(input: PollInput): PollPlan {
  const policy = input.policy ?? defaultPollPolicy;
  const estimate = estimateFinish(input);
  const remaining = estimate.finishAtMs - input.nowMs;
  let waitMs: number;
  if (remaining <= 0) {
    // Overdue: the estimate was wrong. Back off in proportion to how late it is, so a hung
    // job is not hammered, while a job that is only a little late is caught quickly.
    waitMs = 0.25 * -remaining;
  } else if (estimate.basis === 'progress-rate' && estimate.rateSpan >= trustedRateSpan) {
    // Land on the predicted finish. Progress is reported rounded down, so the estimate is already
    // the latest finish the last sample allows (up to one point of run time after the true one);
    // adding a margin for the rate's error measured worse in the polling bench than an early
    // look now and then (which re-checks after the floor).
    waitMs = remaining > 0.5 * input.expectedTotalMs ? remaining * roughStep : remaining;
  } else if (
    input.lastSample &&
    input.lastSample.progress > 0 &&
    input.lastSample.progress < secondLookProgress
  ) {
    // One look with progress: the second aims at ~92 %, so the rate it yields spans most of the
    // run and the third look can land just after the finish. The rate assumed here (progress
    // since submission) is the slowest possible, so this look does not overshoot the finish.
    const last = input.lastSample;
    const ratePerMs = last.progress / Math.max(1, last.atMs - input.submittedAtMs);
    const toSecondLook = (secondLookProgress - last.progress) / ratePerMs;
    waitMs = Math.min(remaining * 0.9, Math.max(toSecondLook, remaining * roughStep));
  } else {
    // Still learning: look again part-way, which also yields a second progress sample.
    waitMs = remaining * roughStep;
  }
  waitMs = Math.min(policy.maxIntervalMs, Math.max(policy.minIntervalMs, waitMs));
  if (input.retryAfterMs !== undefined) waitMs = Math.max(waitMs, input.retryAfterMs);
  let nextCheckAtMs = Math.round(input.nowMs + waitMs);
  if (input.deadlineMs !== undefined && nextCheckAtMs > input.deadlineMs) {
    nextCheckAtMs = Math.max(input.deadlineMs, input.nowMs + policy.minIntervalMs);
  }
  return { nextCheckAtMs, estimate };
}

/** Scales a policy for a time-compressed provider (the emulator at `speed`). */
export function scalePollPolicy(policy: PollPolicy, timeScale: number): PollPolicy {
  if (!(timeScale > 1)) return policy;
  return {
    minIntervalMs: Math.max(5, policy.minIntervalMs / timeScale),
    maxIntervalMs: Math.max(50, policy.maxIntervalMs / timeScale),
  };
}
