/**
 * Planning a long video as segments one provider call each can make, and storyboards as
 * ordered shots planned the same way. Pure: the plan is data the engine stores, shows and runs.
 *
 * Continuity at each joint uses the best the model offers: native extension of the previous
 * segment; else the previous segment's last frame as this one's first frame (image-to-video),
 * asked of the provider when it returns last frames, decoded by reelgate otherwise; else an
 * independent shot. The choice and why are recorded on the plan (`continuity`). A storyboard's
 * shots are separate shots (hard cuts, planned in parallel) unless a shot asks to continue the
 * previous one.
 */
import type { CatalogEntry } from './catalog/catalog-entry.ts';
import { continuityOf } from './catalog/continuity.ts';
import { allowedDurations, type DurationOptions, MAX_SEGMENTS, splitDuration } from './duration-split.ts';
import { invalidRequest, ReelgateError } from './errors.ts';
import { planMultiShot } from './multi-shot.ts';

export type { DurationOptions } from './duration-split.ts';

/** What planning needs to know about a model (a structural subset of its catalog entry). */
export interface SegmentModelCapabilities {
  /** `provider:model-id`, for messages. */
  id: string;
  /** Longest video one call can make, seconds. */
  maxDurationSeconds: number;
  durations: DurationOptions;
  /** The provider can extend a previous video natively (e.g. Veo extend, Sora extend). */
  supportsExtension: boolean;
  /** The model accepts a first-frame image. */
  supportsImageToVideo: boolean;
  /** Longest video reachable by chained extensions (when the provider caps it). */
  maxExtendedTotalSeconds?: number;
  /** Seconds one extension call adds (default: `durations`). */
  extensionDurations?: DurationOptions;
  /** An extension's result repeats its source first (only the new part is kept when stitching). */
  extensionResultIncludesSource?: boolean;
  /** The provider hands back a clip's last frame when asked (no decoding by reelgate). */
  returnsLastFrame?: boolean;
  /** What the provider offers that reelgate cannot drive yet (for the plan's explanation). */
  continuityNotes?: readonly string[];
  /** Several shots in one job (./multi-shot.ts). */
  multiShot?: { maxShots: number; maxPromptChars: number };
}

/** The planning view of a catalog entry. */
export function capabilitiesFromCatalog(entry: CatalogEntry): SegmentModelCapabilities {
  const continuity = continuityOf(entry);
  const extend = continuity.extend;
  return {
    id: entry.id,
    maxDurationSeconds: entry.maxDurationPerCallSeconds,
    durations: durationOptions(entry.durations),
    // Only what reelgate's binding can send: a provider's extension it cannot drive is not used.
    supportsExtension: extend !== undefined,
    supportsImageToVideo: continuity.firstFrame,
    ...(extend
      ? {
          extensionDurations: durationOptions(extend.durations),
          extensionResultIncludesSource: extend.resultIncludesSource,
        }
      : {}),
    ...(extend && entry.extension.maxTotalSeconds !== undefined
      ? { maxExtendedTotalSeconds: entry.extension.maxTotalSeconds }
      : {}),
    ...(continuity.returnsLastFrame ? { returnsLastFrame: true } : {}),
    ...(continuity.multiShot
      ? {
          multiShot: {
            maxShots: continuity.multiShot.maxShots,
            maxPromptChars: continuity.multiShot.maxPromptChars,
          },
        }
      : {}),
    ...(continuity.notes.length > 0 ? { continuityNotes: continuity.notes } : {}),
  };
}

function durationOptions(durations: CatalogEntry['durations']): DurationOptions {
  return durations.kind === 'list'
    ? { values: durations.seconds }
    : { min: durations.minSeconds, max: durations.maxSeconds, step: durations.stepSeconds };
}

/** How a segment joins the one before it. */
export type ContinuityMode = 'extend' | 'last_frame' | 'independent';

export interface PlannedSegment {
  index: number;
  /** The storyboard shot it belongs to (0 for a single-prompt request). */
  shotIndex: number;
  /** Seconds asked of the provider (and paid for). */
  durationSeconds: number;
  /** Seconds kept when stitching (less than durationSeconds only for a trimmed overshoot). */
  keepSeconds: number;
  /** Where the segment starts in the final video. */
  startSeconds: number;
  /** The prompt sent for this segment (continuity wording added after the first). */
  prompt: string;
  /** Joint with the previous segment; null for the first segment. */
  continuity: ContinuityMode | null;
  /** Segment that must finish before this one can start (extension / last frame), else null. */
  dependsOn: number | null;
  /**
   * For 'last_frame': take the previous segment's frame at this many seconds (its kept end),
   * which is its last frame unless it was trimmed.
   */
  sourceFrameSeconds: number | null;
  /** Ask the provider to return this segment's last frame (the next segment starts from it). */
  returnLastFrame?: true;
  /** One job making several storyboard shots (multi-shot): the shots it holds. */
  multiShot?: { shotIndexes: number[] };
}

/** Which continuity the plan uses and why (shown on the plan). */
export interface PlanContinuity {
  /** The joint for segments that continue the previous one, or every shot in one job (`multi_shot`). */
  mode: ContinuityMode | 'multi_shot';
  /** For `last_frame`: the provider returns the frame (`provider`) or reelgate decodes it (`decoded`). */
  lastFrameFrom: 'provider' | 'decoded' | null;
  /** Extensions come back with their source first; only the new part is kept. */
  extensionRepeatsSource: boolean;
  /** Why this mode, in words. */
  reason: string;
}

export interface SegmentPlan {
  model: string;
  /** What was asked for: the sum of shot durations. */
  requestedSeconds: number;
  /** Seconds paid for (sum of segment durations). */
  plannedSeconds: number;
  /** Seconds trimmed away at stitch time (plannedSeconds - requestedSeconds). */
  overshootSeconds: number;
  segments: PlannedSegment[];
  /** Groups of segment indexes that may run at the same time, in order. */
  waves: number[][];
  /** Adjustments a caller must be told about (never silent). */
  warnings: string[];
  /** The continuity chosen for this model (absent on plans stored before it was recorded). */
  continuity?: PlanContinuity;
}

export interface ShotInput {
  prompt: string;
  durationSeconds: number;
  /** Continue the previous shot's action (extension / last frame) instead of cutting. Default false. */
  continuePrevious?: boolean;
}

export interface PlanOptions {
  /** Refuse totals above this (default 600 s). */
  maxTotalSeconds?: number;
  /** 'auto' (default) uses the best continuity the model offers; 'independent' makes every segment its own shot (all parallel). */
  continuity?: 'auto' | 'independent';
}

const DEFAULT_MAX_TOTAL_SECONDS = 600;

/**
 * Plans one prompt of any duration.
 *
 * @example
 * const plan = planLongVideo(model, { prompt: 'A fox runs through snow', durationSeconds: 60 });
 * plan.segments.map((s) => s.durationSeconds); // e.g. [12, 12, 12, 12, 12]
 */
export function planLongVideo(
  model: SegmentModelCapabilities,
  request: { prompt: string; durationSeconds: number },
  options: PlanOptions = {},
): SegmentPlan {
  return planShots(
    model,
    [{ prompt: request.prompt, durationSeconds: request.durationSeconds }],
    options,
    'duration',
  );
}

/** Plans a storyboard: shots in order, each split into segments like a long prompt. */
export function planStoryboard(
  model: SegmentModelCapabilities,
  shots: readonly ShotInput[],
  options: PlanOptions = {},
): SegmentPlan {
  if (shots.length === 0) throw invalidRequest('A storyboard needs at least one shot.', 'shots');
  return planMultiShot(model, shots, options) ?? planShots(model, shots, options, 'shots');
}

function planShots(
  model: SegmentModelCapabilities,
  shots: readonly ShotInput[],
  options: PlanOptions,
  paramPrefix: 'duration' | 'shots',
): SegmentPlan {
  const maxTotal = options.maxTotalSeconds ?? DEFAULT_MAX_TOTAL_SECONDS;
  const param = (index: number, field: string) =>
    paramPrefix === 'shots' ? `shots[${index}].${field}` : field;
  let requested = 0;
  for (const [index, shot] of shots.entries()) {
    if (typeof shot.prompt !== 'string' || shot.prompt.trim() === '') {
      throw invalidRequest('Each prompt must be a non-empty string.', param(index, 'prompt'));
    }
    if (!Number.isFinite(shot.durationSeconds) || shot.durationSeconds <= 0) {
      throw invalidRequest('Duration must be a positive number of seconds.', param(index, 'duration'));
    }
    requested += shot.durationSeconds;
  }
  if (requested > maxTotal) {
    throw invalidRequest(
      `Total duration ${round(requested)} s is above the limit of ${maxTotal} s.`,
      paramPrefix,
      {
        maxTotalSeconds: maxTotal,
      },
    );
  }
  const bestJoint = bestContinuity(model, options, requested);
  const chain = bestJoint === 'extend' ? extensionChain(model) : null;
  const segments: PlannedSegment[] = [];
  const warnings: string[] = [];
  let start = 0;
  for (const [shotIndex, shot] of shots.entries()) {
    // Extended segments must suit both a first call and an extension call.
    const split = chain
      ? splitDuration(shot.durationSeconds, chain.durations, chain.maxSeconds)
      : splitDuration(shot.durationSeconds, model.durations, model.maxDurationSeconds);
    if (!split) {
      throw new ReelgateError({
        code: 'invalid_request',
        message: `Model ${model.id} cannot make ${round(shot.durationSeconds)} s in at most ${MAX_SEGMENTS} segments.`,
        param: param(shotIndex, 'duration'),
        details: { model: model.id },
      });
    }
    if (split.overshootSeconds > 0) {
      warnings.push(
        `${model.id} cannot make exactly ${round(shot.durationSeconds)} s` +
          `${shots.length > 1 ? ` for shot ${shotIndex + 1}` : ''}: ` +
          `planned ${split.durations.join(' + ')} s and the last segment is trimmed by ${round(split.overshootSeconds)} s.`,
      );
    }
    const prompt = shot.prompt.trim();
    for (const [part, duration] of split.durations.entries()) {
      const index = segments.length;
      const previous = segments[index - 1];
      const isLast = part === split.durations.length - 1;
      const keep = isLast ? round(duration - split.overshootSeconds) : duration;
      const continues = previous !== undefined && (part > 0 || shot.continuePrevious === true);
      let continuity: ContinuityMode | null = previous ? (continues ? bestJoint : 'independent') : null;
      if (continuity === 'extend' && previous && previous.keepSeconds < previous.durationSeconds) {
        // An extension continues the untrimmed video: after a trim it would jump. Prefer the kept end's frame.
        continuity = model.supportsImageToVideo ? 'last_frame' : 'independent';
      }
      segments.push({
        index,
        shotIndex,
        durationSeconds: duration,
        keepSeconds: keep,
        startSeconds: round(start),
        prompt: continuity === null || !continues ? prompt : segmentPrompt(prompt, continuity),
        continuity,
        dependsOn: continuity === 'extend' || continuity === 'last_frame' ? index - 1 : null,
        sourceFrameSeconds: continuity === 'last_frame' && previous ? previous.keepSeconds : null,
      });
      if (continuity === 'last_frame' && previous && model.returnsLastFrame && !previousTrimmed(previous)) {
        previous.returnLastFrame = true;
      }
      start += keep;
    }
  }
  const splitShots = segments.some(
    (segment) => segment.index > 0 && segment.shotIndex === segments[segment.index - 1]?.shotIndex,
  );
  if (bestJoint === 'independent' && splitShots) {
    warnings.push(
      options.continuity === 'independent'
        ? 'Segments are planned as independent shots (continuity: independent): joints are visible cuts.'
        : `${model.id} has no extension or image-to-video: segments are independent shots and may not match.`,
    );
  }
  const planned = segments.reduce((sum, segment) => sum + segment.durationSeconds, 0);
  return {
    model: model.id,
    requestedSeconds: round(requested),
    plannedSeconds: round(planned),
    overshootSeconds: round(planned - requested),
    segments,
    waves: waves(segments),
    warnings,
    continuity: planContinuity(model, options, bestJoint, requested),
  };
}

/** A trimmed segment's returned last frame is not its kept end: the frame is decoded instead. */
function previousTrimmed(segment: PlannedSegment): boolean {
  return segment.keepSeconds < segment.durationSeconds;
}

/** Durations every segment of an extension chain can take (first call and extensions alike). */
function extensionChain(
  model: SegmentModelCapabilities,
): { durations: DurationOptions; maxSeconds: number } | null {
  if (!model.extensionDurations) return null;
  const first = new Set(allowedDurations(model.durations, model.maxDurationSeconds));
  const both = allowedDurations(model.extensionDurations).filter((value) => first.has(value));
  if (both.length === 0) return null;
  return { durations: { values: both }, maxSeconds: Math.max(...both) };
}

function planContinuity(
  model: SegmentModelCapabilities,
  options: PlanOptions,
  mode: ContinuityMode,
  total: number,
): PlanContinuity {
  const notes =
    model.continuityNotes && model.continuityNotes.length > 0 ? ` ${model.continuityNotes.join(' ')}` : '';
  let reason: string;
  if (options.continuity === 'independent')
    reason = 'Independent shots were asked for (continuity: independent).';
  else if (mode === 'extend') reason = `${model.id} extends the previous segment natively.`;
  else if (mode === 'last_frame') {
    const why =
      model.supportsExtension &&
      model.maxExtendedTotalSeconds !== undefined &&
      total > model.maxExtendedTotalSeconds
        ? ` (its extensions stop at ${model.maxExtendedTotalSeconds} s in total)`
        : ' (no native extension reelgate can send)';
    reason = model.returnsLastFrame
      ? `${model.id} starts each segment from the previous one's last frame, returned by the provider${why}.`
      : `${model.id} starts each segment from the previous one's last frame, decoded by reelgate${why}.`;
  } else
    reason = `${model.id} has neither extension nor a first-frame input: segments are independent shots.`;
  return {
    mode,
    lastFrameFrom: mode === 'last_frame' ? (model.returnsLastFrame ? 'provider' : 'decoded') : null,
    extensionRepeatsSource: mode === 'extend' && model.extensionResultIncludesSource === true,
    reason: reason + notes,
  };
}

function bestContinuity(
  model: SegmentModelCapabilities,
  options: PlanOptions,
  total: number,
): ContinuityMode {
  if (options.continuity === 'independent') return 'independent';
  const extensionFits = model.maxExtendedTotalSeconds === undefined || total <= model.maxExtendedTotalSeconds;
  if (model.supportsExtension && extensionFits) return 'extend';
  if (model.supportsImageToVideo) return 'last_frame';
  return 'independent';
}

/**
 * The prompt for a segment after the first. Video models see one segment at a time, so each
 * prompt restates the scene and asks for the same look; for extensions and first-frame starts
 * it also asks for unbroken motion, for independent shots for a matching shot. A new
 * storyboard shot that cuts keeps its own prompt untouched.
 */
export function segmentPrompt(prompt: string, continuity: ContinuityMode): string {
  const body = prompt.replace(/[\s.]+$/u, '');
  if (continuity === 'extend') {
    return `Continue the same shot seamlessly, with no cut: ${body}. Keep the same subjects, setting, lighting, camera style and motion.`;
  }
  if (continuity === 'last_frame') {
    return `Continue from the opening frame with no cut: ${body}. Keep the same subjects, setting, lighting, camera style and motion.`;
  }
  return `${body}. Same subjects, setting, lighting and visual style as the previous shot.`;
}

/** Groups of segments that can run together: each segment one wave after what it depends on. */
export function waves(segments: readonly Pick<PlannedSegment, 'index' | 'dependsOn'>[]): number[][] {
  const level = new Map<number, number>();
  const groups: number[][] = [];
  for (const segment of segments) {
    const depth = segment.dependsOn === null ? 0 : (level.get(segment.dependsOn) ?? 0) + 1;
    level.set(segment.index, depth);
    const group = groups[depth] ?? [];
    group.push(segment.index);
    groups[depth] = group;
  }
  return groups;
}

/** Segments that can start now, given which are finished (the engine's scheduling question). */
export function readySegments(
  plan: Pick<SegmentPlan, 'segments'>,
  finished: ReadonlySet<number>,
  started: ReadonlySet<number> = new Set(),
): number[] {
  return plan.segments
    .filter((segment) => !finished.has(segment.index) && !started.has(segment.index))
    .filter((segment) => segment.dependsOn === null || finished.has(segment.dependsOn))
    .map((segment) => segment.index);
}

/** Stitch inputs for a finished plan: each segment's file and how much of it to keep. */
export function stitchInputs(
  plan: Pick<SegmentPlan, 'segments'>,
  pathOf: (index: number) => string,
): Array<{ path: string; keepSeconds: number }> {
  return plan.segments.map((segment) => ({ path: pathOf(segment.index), keepSeconds: segment.keepSeconds }));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
