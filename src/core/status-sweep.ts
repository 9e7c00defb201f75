/**
 * Status sweeps: when many generations are in flight at one provider whose API lists jobs with
 * their status (OpenAI's `GET /videos`), one list call reports on up to a page of them at once.
 * Listing every second or so then finds each finish within about a second for fewer calls per
 * generation than aiming single checks at predicted finishes, and does so whatever shape the
 * provider's progress takes (a stall at 9x % says nothing about when the job ends).
 *
 * The cost per generation of sweeping every I ms, with n generations in flight whose runs take
 * D ms on average and p pages per sweep, is p x D / (n x I) list calls (the sweeps made while
 * one generation runs, shared by the n in flight). This plan picks the shortest interval that
 * keeps that within the policy's budget, then:
 * - `detect`: the interval is short enough (about a second) for the sweep itself to find each
 *   finish: generations are checked on their own only once the list shows their job ended;
 * - `sample`: it is not, but short enough to sample each job's progress several times per run:
 *   each sweep re-plans every listed generation's next check from the listed progress (as a
 *   status check would), so checks of their own are left only for landing on the predicted
 *   finish;
 * - null: too few in flight for a list to pay; each generation is polled on its own.
 */

export interface StatusSweepPolicy {
  /** False turns sweeps off (every generation is polled on its own). */
  enabled: boolean;
  /** The shortest time between two sweeps of one provider (real-provider time). */
  minIntervalMs: number;
  /** Sweeping at most this often, the sweep finds each finish itself (`detect`). */
  maxDetectIntervalMs: number;
  /** Sweeping less often than this samples too little progress to pay: do not sweep then. */
  maxSampleIntervalMs: number;
  /** List calls sampling sweeps may cost per generation, averaged over the generation's run. */
  listCallsPerGeneration: number;
  /**
   * The same for detecting sweeps. They replace all of a generation's own checks (a completed
   * listing carries the result, so not even the final check is made), about three when it is
   * polled on its own, so they may spend more and still cost less.
   */
  detectListCallsPerGeneration: number;
  /** Jobs per list page (OpenAI lists at most 100). */
  pageSize: number;
  /** At most this many pages per sweep; more in flight than they hold: do not sweep. */
  maxPages: number;
  /** A generation a sweep saw running is not checked on its own for this many sweep intervals. */
  deferIntervals: number;
}

export const defaultStatusSweepPolicy: StatusSweepPolicy = {
  enabled: true,
  minIntervalMs: 1_000,
  maxDetectIntervalMs: 1_500,
  maxSampleIntervalMs: 30_000,
  listCallsPerGeneration: 1,
  detectListCallsPerGeneration: 2,
  pageSize: 100,
  maxPages: 10,
  deferIntervals: 3,
};

export interface StatusSweepInput {
  /** Generations running at the provider (a job id recorded, result not yet seen). */
  inFlight: number;
  /** Their expected time from submission to result, on average (ms, real-provider time). */
  meanRunMs: number;
  /** False when the list shows no progress: nothing to sample, so only detecting sweeps pay. */
  listShowsProgress?: boolean | undefined;
  policy: StatusSweepPolicy;
}

export interface StatusSweepPlan {
  mode: 'detect' | 'sample';
  /** Time between sweeps (real-provider time). */
  intervalMs: number;
  /** Pages one sweep reads. */
  pages: number;
  /** The list calls per generation this interval costs (p x D / (n x I)). */
  listCallsPerGeneration: number;
}

/** The sweep to run, or null when polling each generation on its own is better. */
export function planStatusSweep(input: StatusSweepInput): StatusSweepPlan | null {
  const { inFlight, meanRunMs, policy } = input;
  if (!policy.enabled || inFlight <= 0 || !(meanRunMs > 0)) return null;
  // Half as many again as the in-flight count: the list also holds the jobs that ended since the
  // oldest running one was created. Running jobs deeper than that (the slowest few) keep their
  // own checks.
  const pages = Math.ceil((1.5 * inFlight) / policy.pageSize);
  if (pages > policy.maxPages) return null;
  const interval = (budget: number) =>
    Math.ceil(Math.max(policy.minIntervalMs, (pages * meanRunMs) / (inFlight * budget)));
  const plan = (mode: StatusSweepPlan['mode'], intervalMs: number): StatusSweepPlan => ({
    mode,
    intervalMs,
    pages,
    listCallsPerGeneration: (pages * meanRunMs) / (inFlight * intervalMs),
  });
  const detect = interval(policy.detectListCallsPerGeneration);
  if (detect <= policy.maxDetectIntervalMs) return plan('detect', detect);
  if (input.listShowsProgress === false) return null;
  const sample = interval(policy.listCallsPerGeneration);
  return sample <= policy.maxSampleIntervalMs ? plan('sample', sample) : null;
}

/**
 * A sweep interval for a time-compressed provider (the emulator at `speed`): planned at real
 * speed (so an emulator sweeps exactly when the real provider would be swept), then divided,
 * with a floor so that an emulator thousands of times faster is not listed in a busy loop.
 */
export function scaledSweepIntervalMs(intervalMs: number, timeScale: number): number {
  return Math.ceil(timeScale > 1 ? Math.max(50, intervalMs / timeScale) : intervalMs);
}
