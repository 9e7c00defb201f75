/**
 * The state of a segmented video (long request or storyboard) from its segments' states: the
 * combined progress, what can start now, what to retry, and when the whole video has failed.
 * Pure: the engine feeds it the segment generations' rows and acts on the answer.
 *
 * Rules: segments run in parallel where they do not depend on each other; one failed
 * segment is retried on its own (retryable errors, up to a limit); a refused segment
 * ('input_refused' / 'output_refused', or any non-retryable error) fails the whole video with
 * its reason, and finished segments are kept so a corrected retry does not pay for them again.
 */
import type { ErrorCode } from './errors.ts';
import type { SegmentPlan } from './segment-plan.ts';

export type SegmentRunState = 'pending' | 'running' | 'completed' | 'failed' | 'canceled';

export interface SegmentRun {
  index: number;
  state: SegmentRunState;
  /** 0..100 while running. */
  progress: number;
  /** Attempts made so far (a retry starts a new attempt). */
  attempts: number;
  error: { code: ErrorCode; message: string; retryable: boolean; hint?: string } | null;
}

export interface SegmentedStatus {
  status: 'running' | 'ready_to_stitch' | 'failed' | 'canceled';
  /** 0..100 for the whole video: segments weighted by their duration; stitching is the last 5 %. */
  progress: number;
  /** Segments to start now (their dependencies are done). */
  start: number[];
  /** Failed segments to start again, alone. */
  retry: number[];
  /** The reason the whole video failed. */
  failure: { segmentIndex: number; code: ErrorCode; message: string; hint?: string } | null;
  /** Finished segments (kept for a corrected retry). */
  completed: number[];
}

export interface SegmentedStatusOptions {
  /** Attempts per segment before its failure fails the video (default 3). */
  maxAttemptsPerSegment?: number;
  /** Provider jobs that may start now (concurrency budget); default unlimited. */
  availableSlots?: number;
}

/** Share of the progress bar kept for stitching and storing. */
const STITCH_SHARE = 5;

/**
 * @example
 * const next = segmentedStatus(plan, runs, { availableSlots: startableJobs(limits, running, 10) });
 * for (const index of [...next.retry, ...next.start]) startSegment(index);
 */
export function segmentedStatus(
  plan: Pick<SegmentPlan, 'segments'>,
  runs: readonly SegmentRun[],
  options: SegmentedStatusOptions = {},
): SegmentedStatus {
  const maxAttempts = options.maxAttemptsPerSegment ?? 3;
  const byIndex = new Map(runs.map((run) => [run.index, run]));
  const totalSeconds = plan.segments.reduce((sum, segment) => sum + segment.durationSeconds, 0) || 1;
  let weighted = 0;
  const completed: number[] = [];
  const retry: number[] = [];
  const start: number[] = [];
  let failure: SegmentedStatus['failure'] = null;
  let canceled = false;
  for (const segment of plan.segments) {
    const run = byIndex.get(segment.index);
    const state = run?.state ?? 'pending';
    if (state === 'completed') {
      completed.push(segment.index);
      weighted += segment.durationSeconds * 100;
      continue;
    }
    if (state === 'running') weighted += segment.durationSeconds * clamp(run?.progress ?? 0);
    if (state === 'canceled') canceled = true;
    if (state === 'failed' && run) {
      const error = run.error;
      const refused = error?.code === 'input_refused' || error?.code === 'output_refused';
      const retryable = error?.retryable ?? true;
      if (!refused && retryable && run.attempts < maxAttempts) retry.push(segment.index);
      else if (!failure) {
        failure = {
          segmentIndex: segment.index,
          code: error?.code ?? 'internal',
          message: `Segment ${segment.index + 1} of ${plan.segments.length} failed: ${error?.message ?? 'unknown error'}`,
          ...(error?.hint ? { hint: error.hint } : {}),
        };
      }
    }
    if (state === 'pending') {
      const dependency = segment.dependsOn;
      const ready = dependency === null || byIndex.get(dependency)?.state === 'completed';
      if (ready) start.push(segment.index);
    }
  }
  const segmentsProgress = (weighted / totalSeconds) * ((100 - STITCH_SHARE) / 100);
  const progress = Math.floor(Math.min(100 - STITCH_SHARE, segmentsProgress));
  if (failure || canceled) {
    return {
      status: failure ? 'failed' : 'canceled',
      progress,
      start: [],
      retry: [],
      failure,
      completed,
    };
  }
  const slots = options.availableSlots ?? Number.POSITIVE_INFINITY;
  // Retries first: they unblock what depends on them.
  const retryNow = retry.slice(0, Math.max(0, slots));
  const startNow = start.slice(0, Math.max(0, slots - retryNow.length));
  const done = completed.length === plan.segments.length;
  return {
    status: done ? 'ready_to_stitch' : 'running',
    progress: done ? 100 - STITCH_SHARE : progress,
    start: startNow,
    retry: retryNow,
    failure: null,
    completed,
  };
}

function clamp(value: number): number {
  return Math.max(0, Math.min(100, Number.isFinite(value) ? value : 0));
}
