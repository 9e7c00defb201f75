/**
 * When will a provider job finish? From the provider's progress when it reports some (a rate
 * measured between two samples is the best evidence), otherwise from how long the same model
 * and size took before. Pure: the worker feeds in samples it stored on the row.
 */

/** One progress observation: `progress` (0..100) seen at `atMs`. */
export interface ProgressSample {
  atMs: number;
  progress: number;
}

export interface EtaInput {
  /** When the provider accepted the job (our start was recorded). */
  submittedAtMs: number;
  /** Expected time from submission to result, learned from history or the catalog. */
  expectedTotalMs: number;
  /** The first sample with progress > 0, if any. */
  firstSample: ProgressSample | null;
  /** The latest sample (progress may be 0 while queued). */
  lastSample: ProgressSample | null;
}

export type EtaBasis = 'history' | 'progress' | 'progress-rate';

export interface EtaEstimate {
  /** Predicted provider completion time (may lie in the past for an overdue job). */
  finishAtMs: number;
  basis: EtaBasis;
  /** How much progress the rate was measured over (0 unless basis is progress-rate). */
  rateSpan: number;
}

/**
 * @example
 * estimateFinish({ submittedAtMs: 0, expectedTotalMs: 100_000,
 *   firstSample: { atMs: 40_000, progress: 30 }, lastSample: { atMs: 60_000, progress: 50 } });
 * // -> finishAtMs 110_000 (1 % per second measured, 50 % to go)
 */
export function estimateFinish(input: EtaInput): EtaEstimate {
  const { firstSample: first, lastSample: last } = input;
  if (first && last && last.atMs > first.atMs && last.progress > first.progress && last.progress < 100) {
    const ratePerMs = (last.progress - first.progress) / (last.atMs - first.atMs);
    return {
      finishAtMs: Math.round(last.atMs + (100 - last.progress) / ratePerMs),
      basis: 'progress-rate',
      rateSpan: last.progress - first.progress,
    };
  }
  if (last && last.progress > 0 && last.progress < 100) {
    // One sample: assume the remaining share of the expected run time.
    const remaining = (input.expectedTotalMs * (100 - last.progress)) / 100;
    return { finishAtMs: Math.round(last.atMs + remaining), basis: 'progress', rateSpan: 0 };
  }
  return {
    finishAtMs: Math.round(input.submittedAtMs + input.expectedTotalMs),
    basis: 'history',
    rateSpan: 0,
  };
}

/** The ETA shown to apps: never in the past while the job is still running. */
export function displayEta(estimate: EtaEstimate, nowMs: number, minAheadMs: number): number {
  return Math.max(estimate.finishAtMs, nowMs + minAheadMs);
}

/** Median of positive durations (for the learned expected time); undefined when empty. */
export function medianMs(values: readonly number[]): number | undefined {
  const sorted = values.filter((value) => Number.isFinite(value) && value > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What a row keeps of a job's progress, to estimate its finish from. */
export interface ProgressTrack {
  progress: number;
  firstProgress: number | null;
  firstProgressAt: number | null;
  lastProgressAt: number | null;
}

export interface ProgressObservation {
  track: ProgressTrack;
  /** True when the progress moved up since the last observation. */
  progressed: boolean;
  firstSample: ProgressSample | null;
  /**
   * The latest sample. A stalled job's is when its progress last moved, so its predicted finish
   * slips into the past and checks back off, instead of aiming just ahead forever.
   */
  lastSample: ProgressSample;
}

/** Folds one observed progress value (a status check's or a listing's) into the row's track. */
export function observeProgress(previous: ProgressTrack, seen: number, nowMs: number): ProgressObservation {
  const progressed = seen > previous.progress;
  const firstProgressAt = previous.firstProgressAt ?? (seen > 0 ? nowMs : null);
  const firstProgress = previous.firstProgressAt !== null ? previous.firstProgress : seen > 0 ? seen : null;
  const lastProgressAt = progressed ? nowMs : previous.lastProgressAt;
  return {
    track: { progress: seen, firstProgress, firstProgressAt, lastProgressAt },
    progressed,
    firstSample:
      firstProgressAt !== null && firstProgress !== null
        ? { atMs: firstProgressAt, progress: firstProgress }
        : null,
    lastSample: {
      atMs: progressed || previous.lastProgressAt === null ? nowMs : previous.lastProgressAt,
      progress: seen,
    },
  };
}
