/**
 * What a segmented video (a long request or a storyboard) stores about itself, and how that is
 * shown on the generation: the plan (count, each segment's duration, prompt and continuity) and
 * each segment's live state. Pure data and mapping; the engine writes the record
 * (src/worker/segments) and the API presents the view.
 */
import type { CostEstimate } from './cost-estimate.ts';
import type { ErrorCode } from './errors.ts';
import type { ContinuityMode, PlanContinuity, SegmentPlan } from './segment-plan.ts';
import type { SegmentRunState } from './segment-progress.ts';

/** One segment's state as last seen by the engine (a snapshot of its child generation). */
export interface SegmentSnapshot {
  index: number;
  status: SegmentRunState;
  progress: number;
  /** Provider attempts made (a retry of a failed segment is a new attempt). */
  attempts: number;
  /** The child generation running (or that ran) the latest attempt. */
  generationId: string | null;
  /** Finished by an earlier, failed attempt of the same video and reused (not paid again). */
  reused: boolean;
  costUsd: number | null;
  error: { code: ErrorCode; message: string; hint?: string } | null;
}

/** The `plan` column of a segmented generation. */
export interface StoredSegmentPlan {
  version: 1;
  kind: 'long' | 'storyboard';
  crossfadeSeconds: number;
  plan: SegmentPlan;
  segments: SegmentSnapshot[];
  /** Set once stitched. */
  stitch: { method: 'copy' | 'reencode'; reencodeReason: string | null; durationSeconds: number } | null;
}

export interface SegmentView {
  index: number;
  shotIndex: number;
  status: SegmentRunState;
  progress: number;
  /** Seconds asked of the provider (and paid). */
  durationSeconds: number;
  /** Seconds kept in the final video. */
  keepSeconds: number;
  startSeconds: number;
  prompt: string;
  continuity: ContinuityMode | null;
  dependsOn: number | null;
  attempts: number;
  generationId: string | null;
  reused: boolean;
  costUsd: number | null;
  error: SegmentSnapshot['error'];
}

export interface PlanView {
  kind: StoredSegmentPlan['kind'];
  count: number;
  requestedSeconds: number;
  plannedSeconds: number;
  overshootSeconds: number;
  crossfadeSeconds: number;
  waves: number[][];
  warnings: string[];
  /** The continuity chosen for the model and why (null on plans stored before it was recorded). */
  continuity: PlanContinuity | null;
  stitch: StoredSegmentPlan['stitch'];
}

/** Reads a stored plan (JSON from the database) or returns undefined for plain generations. */
export function readStoredPlan(value: unknown): StoredSegmentPlan | undefined {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Partial<StoredSegmentPlan>;
  if (record.version !== 1 || !record.plan || !Array.isArray(record.segments)) return undefined;
  return record as StoredSegmentPlan;
}

/** The plan and segment list shown on a generation. */
export function segmentedView(stored: StoredSegmentPlan): { plan: PlanView; segments: SegmentView[] } {
  const byIndex = new Map(stored.segments.map((segment) => [segment.index, segment]));
  return {
    plan: {
      kind: stored.kind,
      count: stored.plan.segments.length,
      requestedSeconds: stored.plan.requestedSeconds,
      plannedSeconds: stored.plan.plannedSeconds,
      overshootSeconds: stored.plan.overshootSeconds,
      crossfadeSeconds: stored.crossfadeSeconds,
      waves: stored.plan.waves,
      warnings: stored.plan.warnings,
      continuity: stored.plan.continuity ?? null,
      stitch: stored.stitch,
    },
    segments: stored.plan.segments.map((planned) => {
      const snapshot = byIndex.get(planned.index);
      return {
        index: planned.index,
        shotIndex: planned.shotIndex,
        status: snapshot?.status ?? 'pending',
        progress: snapshot?.status === 'completed' ? 100 : (snapshot?.progress ?? 0),
        durationSeconds: planned.durationSeconds,
        keepSeconds: planned.keepSeconds,
        startSeconds: planned.startSeconds,
        prompt: planned.prompt,
        continuity: planned.continuity,
        dependsOn: planned.dependsOn,
        attempts: snapshot?.attempts ?? 0,
        generationId: snapshot?.generationId ?? null,
        reused: snapshot?.reused ?? false,
        costUsd: snapshot?.costUsd ?? null,
        error: snapshot?.error ?? null,
      };
    }),
  };
}

/** Reads a stored cost estimate (JSON from the database). */
export function readStoredEstimate(value: unknown): CostEstimate | undefined {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!parsed || typeof parsed !== 'object') return undefined;
  const estimate = parsed as Partial<CostEstimate>;
  return typeof estimate.totalUsd === 'number' ? (estimate as CostEstimate) : undefined;
}
