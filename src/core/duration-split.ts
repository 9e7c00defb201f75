/**
 * Splitting a total duration into per-call durations a model accepts. Pure arithmetic on
 * integer milliseconds (no floating-point drift in sums).
 *
 * Order of preference: an exact sum over an overshoot; then the smallest overshoot; then the
 * fewest segments; then the most even split (segments of similar length pace better).
 */

/** The durations one provider call accepts: a discrete list, or a range with a step. */
export type DurationOptions =
  | { values: readonly number[] }
  | {
      min: number;
      max: number;
      /** Granularity in seconds (default 1). */
      step?: number;
    };

export interface DurationSplit {
  /** Seconds per segment, the longest first. */
  durations: number[];
  /** Sum of `durations` minus the requested total (0 when exact). */
  overshootSeconds: number;
}

/** Upper bound on segments in one plan: keeps the search small and plans sane. */
export const MAX_SEGMENTS = 200;

/** Every duration (seconds) one call can take, capped by `maxSeconds`, ascending. */
export function allowedDurations(options: DurationOptions, maxSeconds = Number.POSITIVE_INFINITY): number[] {
  let values: number[];
  if ('values' in options) values = [...options.values];
  else {
    const step = options.step && options.step > 0 ? options.step : 1;
    values = [];
    const stepMs = Math.round(step * 1000);
    for (let ms = Math.round(options.min * 1000); ms <= Math.round(options.max * 1000); ms += stepMs) {
      values.push(ms / 1000);
      if (values.length > 10_000) break;
    }
  }
  const unique = [
    ...new Set(values.filter((value) => Number.isFinite(value) && value > 0 && value <= maxSeconds)),
  ];
  return unique.sort((a, b) => a - b);
}

/**
 * The split of `totalSeconds` into allowed durations (see the preference order above), or
 * null when no allowed duration exists or the split would need more than MAX_SEGMENTS calls.
 *
 * @example
 * splitDuration(60, { values: [4, 8, 12] }); // { durations: [12, 12, 12, 12, 12], overshootSeconds: 0 }
 * splitDuration(61, { values: [5, 10] });    // 65 s planned, 4 s to trim
 */
export function splitDuration(
  totalSeconds: number,
  options: DurationOptions,
  maxSeconds = Number.POSITIVE_INFINITY,
): DurationSplit | null {
  const seconds = allowedDurations(options, maxSeconds);
  if (seconds.length === 0 || !(totalSeconds > 0)) return null;
  const values = seconds.map((value) => Math.round(value * 1000));
  // Centisecond precision keeps the search small whatever the input's decimals.
  const target = Math.round(totalSeconds * 100) * 10;
  const unit = values.reduce(gcd, target);
  const units = values.map((value) => value / unit);
  const targetUnits = target / unit;
  const largest = Math.max(...units);
  const limit = targetUnits + largest; // any useful sum stays below this
  // previous/current: bitmaps of the sums reachable with exactly n-1 / n segments
  let previous = new Uint8Array(limit + 1);
  previous[0] = 1;
  const smallest = Math.min(...units);
  let best: { n: number; sum: number } | null = null;
  for (let n = 1; n <= MAX_SEGMENTS; n++) {
    const current = new Uint8Array(limit + 1);
    for (let sum = 0; sum <= limit; sum++) {
      if (!previous[sum]) continue;
      for (const value of units) if (sum + value <= limit) current[sum + value] = 1;
    }
    previous = current;
    if (current[targetUnits]) {
      best = { n, sum: targetUnits };
      break; // exact with the fewest segments
    }
    let smallestOver = -1;
    for (let sum = targetUnits + 1; sum <= limit; sum++) {
      if (current[sum]) {
        smallestOver = sum;
        break;
      }
    }
    if (smallestOver >= 0 && (best === null || smallestOver < best.sum)) best = { n, sum: smallestOver };
    // Once n of the shortest already pass the target, more segments cannot fit exactly, and
    // every sum they reach is larger than n x shortest, which this n already reaches.
    if (n * smallest > targetUnits) break;
  }
  if (best === null) return null;
  const combination = evenCombination(units, best.n, best.sum);
  if (!combination) return null;
  const durations = combination.map((value) => (value * unit) / 1000).sort((a, b) => b - a);
  return { durations, overshootSeconds: (best.sum * unit - target) / 1000 };
}

/** n values (with repetition) summing to `sum` with the smallest squared deviation from sum/n. */
function evenCombination(units: number[], n: number, sum: number): number[] | null {
  const ideal = sum / n;
  // cost[k][s]: least deviation using k values summing to s; choice[k][s]: last value used
  let cost = new Float64Array(sum + 1).fill(Number.POSITIVE_INFINITY);
  cost[0] = 0;
  const choices: Int32Array[] = [];
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array(sum + 1).fill(Number.POSITIVE_INFINITY);
    const choice = new Int32Array(sum + 1).fill(-1);
    for (let s = 0; s <= sum; s++) {
      const base = cost[s] as number;
      if (base === Number.POSITIVE_INFINITY) continue;
      for (const value of units) {
        const to = s + value;
        if (to > sum) continue;
        const candidate = base + (value - ideal) ** 2;
        if (candidate < (next[to] as number) - 1e-9) {
          next[to] = candidate;
          choice[to] = value;
        }
      }
    }
    choices.push(choice);
    cost = next;
  }
  if (cost[sum] === Number.POSITIVE_INFINITY) return null;
  const picked: number[] = [];
  let at = sum;
  for (let k = n; k >= 1; k--) {
    const value = (choices[k - 1] as Int32Array)[at] as number;
    if (value < 0) return null;
    picked.push(value);
    at -= value;
  }
  return picked;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}
