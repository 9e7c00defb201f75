/**
 * ETA accuracy on the emulator's timing model (src/emulator/core/timing.ts), estimator by
 * estimator, with the engine's own ETA code (src/core/eta.ts):
 * - history: the median duration of the last 15 jobs of the same model, size and duration
 *   (what reelgate uses for providers that report no progress: fal, Google);
 * - progress: the provider's progress, rate measured between two checks (OpenAI, Replicate,
 *   xAI report progress);
 * - baseline: the model's typical time alone (no history, no progress), the same run.
 * For each, the median absolute error of the predicted finish when 25 %, 50 % and 75 % of the
 * job's time has passed. The end-to-end ETA shown by the engine (mixed bases, polls as
 * scheduled) is in bench/engine.bench.ts; this file isolates the two estimators.
 */
import type { BenchResult } from './bench-result.ts';

const JOBS_PER_KIND = 120;
const FRACTIONS = [0.25, 0.5, 0.75] as const;

export async function run(): Promise<BenchResult[]> {
  const [
    { estimateFinish, medianMs },
    { planTiming, timelineAt, medianGenerationSeconds, MEDIAN_QUEUE_SECONDS },
    { seededRandom },
  ] = await Promise.all([
    import('../src/core/eta.ts'),
    import('../src/emulator/core/timing.ts'),
    import('../src/core/random.ts'),
  ]);
  const random = seededRandom(9);
  const kinds = [
    { width: 1280, height: 720, seconds: 4, tierFactor: 1 },
    { width: 1280, height: 720, seconds: 8, tierFactor: 1 },
    { width: 854, height: 480, seconds: 5, tierFactor: 1 },
    { width: 1920, height: 1080, seconds: 8, tierFactor: 1.6 },
  ];
  const errors = {
    baseline: new Map<number, number[]>(FRACTIONS.map((fraction) => [fraction, []])),
    history: new Map<number, number[]>(FRACTIONS.map((fraction) => [fraction, []])),
    progress: new Map<number, number[]>(FRACTIONS.map((fraction) => [fraction, []])),
  };
  let jobs = 0;
  const lengths: number[] = [];
  for (const kind of kinds) {
    const past: number[] = [];
    const typicalMs = (medianGenerationSeconds(kind) + MEDIAN_QUEUE_SECONDS) * 1000;
    for (let index = 0; index < JOBS_PER_KIND; index++) {
      const plan = planTiming(kind, random, 1);
      const points = {
        createdAtMs: 0,
        startAtMs: plan.queueMs,
        nominalEndMs: plan.queueMs + plan.runMs,
        terminalAtMs: plan.queueMs + plan.runMs,
        outcome: 'completed' as const,
      };
      const finish = points.terminalAtMs;
      // History needs a few past jobs, as in the engine (>= 3, last 15).
      const learned = past.length >= 3 ? medianMs(past.slice(-15)) : undefined;
      if (learned !== undefined) {
        jobs += 1;
        lengths.push(finish);
        for (const fraction of FRACTIONS) {
          const at = fraction * finish;
          const history = estimateFinish({
            submittedAtMs: 0,
            expectedTotalMs: learned,
            firstSample: null,
            lastSample: null,
          });
          const baseline = estimateFinish({
            submittedAtMs: 0,
            expectedTotalMs: typicalMs,
            firstSample: null,
            lastSample: null,
          });
          // Two checks, as the poll schedule makes them: one earlier (half way to now), one now.
          const earlierAt = at / 2;
          const earlier = { atMs: earlierAt, progress: timelineAt(points, earlierAt).progress };
          const now = { atMs: at, progress: timelineAt(points, at).progress };
          const progress = estimateFinish({
            submittedAtMs: 0,
            expectedTotalMs: learned,
            firstSample: earlier.progress > 0 ? earlier : now.progress > 0 ? now : null,
            lastSample: now,
          });
          // The engine never shows a finish in the past for a running job.
          const shown = (estimate: { finishAtMs: number }) => Math.max(estimate.finishAtMs, at);
          errors.history.get(fraction)!.push(Math.abs(shown(history) - finish));
          errors.baseline.get(fraction)!.push(Math.abs(shown(baseline) - finish));
          errors.progress.get(fraction)!.push(Math.abs(shown(progress) - finish));
        }
      }
      past.push(finish);
    }
  }
  const median = (values: number[]) => medianMs(values.map((value) => value + 1e-9)) ?? 0;
  const results: BenchResult[] = [];
  for (const fraction of FRACTIONS) {
    const percent = `${fraction * 100}%`;
    const base = median(errors.baseline.get(fraction)!);
    const history = median(errors.history.get(fraction)!);
    const progress = median(errors.progress.get(fraction)!);
    results.push(
      {
        name: `eta: history-based median abs error at ${percent} of the run`,
        value: history / 1000,
        unit: 's',
        note: `${jobs} simulated jobs, median length ${(median(lengths) / 1000).toFixed(0)} s; baseline (the timing model's exact median, a perfect catalog) ${(base / 1000).toFixed(1)} s, ratio ${(history / base).toFixed(2)}`,
      },
      {
        name: `eta: progress-based median abs error at ${percent} of the run`,
        value: progress / 1000,
        unit: 's',
        note: `ratio to history-based ${(progress / Math.max(history, 1)).toFixed(3)}`,
      },
    );
  }
  results.push({
    name: 'eta: jobs measured',
    value: jobs,
    unit: 'jobs',
    note: 'emulator timing model at speed 1: log-normal run (sigma 0.25) and queue (sigma 0.5) times, linear progress',
  });
  return results;
}
