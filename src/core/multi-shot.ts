/**
 * A storyboard made in one provider job where the model offers multi-shot (Wan 2.6): its shots
 * are written into one prompt, `Shot 1 [0-3s] ... Shot 2 [3-5s] ...`, and the job cuts between
 * them itself. Used only when every shot fits: at least two and at most the model's shot limit,
 * none continuing the previous one, whole seconds adding up to a duration one call accepts, and
 * the prompt within the model's limit. Otherwise the storyboard is planned shot by shot. Pure.
 */
import { allowedDurations } from './duration-split.ts';
import type { PlanOptions, SegmentModelCapabilities, SegmentPlan, ShotInput } from './segment-plan.ts';

const DEFAULT_MAX_TOTAL_SECONDS = 600;

/** The multi-shot plan, or null when the storyboard does not fit one job. */
export function planMultiShot(
  model: SegmentModelCapabilities,
  shots: readonly ShotInput[],
  options: PlanOptions,
): SegmentPlan | null {
  const limits = model.multiShot;
  if (!limits || options.continuity === 'independent') return null;
  if (shots.length < 2 || shots.length > limits.maxShots) return null;
  if (shots.some((shot) => shot.continuePrevious === true)) return null;
  if (shots.some((shot) => typeof shot.prompt !== 'string' || shot.prompt.trim() === '')) return null;
  if (shots.some((shot) => !Number.isInteger(shot.durationSeconds) || shot.durationSeconds < 1)) return null;
  const total = shots.reduce((sum, shot) => sum + shot.durationSeconds, 0);
  if (total > (options.maxTotalSeconds ?? DEFAULT_MAX_TOTAL_SECONDS)) return null;
  if (!allowedDurations(model.durations, model.maxDurationSeconds).includes(total)) return null;
  const prompt = multiShotPrompt(shots);
  if (prompt.length > limits.maxPromptChars) return null;
  return {
    model: model.id,
    requestedSeconds: total,
    plannedSeconds: total,
    overshootSeconds: 0,
    segments: [
      {
        index: 0,
        shotIndex: 0,
        durationSeconds: total,
        keepSeconds: total,
        startSeconds: 0,
        prompt,
        continuity: null,
        dependsOn: null,
        sourceFrameSeconds: null,
        multiShot: { shotIndexes: shots.map((_, index) => index) },
      },
    ],
    waves: [[0]],
    warnings: [],
    continuity: {
      mode: 'multi_shot',
      lastFrameFrom: null,
      extensionRepeatsSource: false,
      reason: `${model.id} makes all ${shots.length} shots in one job (multi-shot), cutting between them itself.`,
    },
  };
}

/**
 * The shots as one timed prompt.
 *
 * @example
 * multiShotPrompt([{ prompt: 'A harbour at dawn', durationSeconds: 3 }, { prompt: 'A fisherman', durationSeconds: 2 }]);
 * // 'Shot 1 [0-3s] A harbour at dawn. Shot 2 [3-5s] A fisherman.'
 */
export function multiShotPrompt(shots: readonly ShotInput[]): string {
  let at = 0;
  return shots
    .map((shot, index) => {
      const from = at;
      at += shot.durationSeconds;
      return `Shot ${index + 1} [${from}-${at}s] ${shot.prompt.trim().replace(/[\s.]+$/u, '')}.`;
    })
    .join(' ');
}
