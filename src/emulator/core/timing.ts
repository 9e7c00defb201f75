/**
 * The timing model: how long an emulated generation takes, and what a job looks like at a
 * given moment. Pure functions of their inputs (time and randomness are passed in).
 *
 * Generation time follows a log-normal distribution around a median that grows with the
 * clip's duration and pixel count (and with the model tier), as real providers' queues do:
 * a 4 s 720p clip takes about 1.5 minutes, a 12 s 1080p pro clip about 7. Everything is
 * divided by `speed`.
 *
 * Progress follows one of two models. `linear`: the reported percentage rises evenly from start
 * to finish. `uneven`: what real providers show instead, where progress sits still while the
 * job warms up, jumps, stalls part-way, and then waits at 90-something percent while the result
 * is encoded and uploaded; the finish time is the same, only the reported path differs (drawn
 * per job from its own seed, so a restarted emulator reports the same path).
 */
import type { Random } from '../../core/random.ts';

export interface TimingInput {
  width: number;
  height: number;
  /** Seconds of video to produce. */
  seconds: number;
  /** Relative cost of the model (1 = standard, e.g. 1.6 for a "pro" model). */
  tierFactor?: number;
}

export interface TimingPlan {
  /** Milliseconds spent `queued` before work starts. */
  queueMs: number;
  /** Milliseconds from start of work to the result. */
  runMs: number;
}

const REFERENCE_PIXELS = 1280 * 720;

/** The median generation time in seconds (before dividing by speed). */
export function medianGenerationSeconds(input: TimingInput): number {
  const pixelFactor = ((input.width * input.height) / REFERENCE_PIXELS) ** 0.7;
  return (45 + 10 * input.seconds) * pixelFactor * (input.tierFactor ?? 1);
}

/** Median time spent queued in seconds (before dividing by speed). */
export const MEDIAN_QUEUE_SECONDS = 6;

/** Draws one job's queue and run time; `speed` > 1 makes everything proportionally faster. */
export function planTiming(input: TimingInput, random: Random, speed: number): TimingPlan {
  const queueSeconds = MEDIAN_QUEUE_SECONDS * logNormalFactor(random, 0.5);
  const runSeconds = medianGenerationSeconds(input) * logNormalFactor(random, 0.25);
  return { queueMs: (queueSeconds * 1000) / speed, runMs: (runSeconds * 1000) / speed };
}

/** exp(sigma * z) for a standard normal z (Box-Muller), clamped to +-3 sigma. */
function logNormalFactor(random: Random, sigma: number): number {
  const u1 = Math.max(random.next(), 1e-12);
  const u2 = random.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(sigma * Math.max(-3, Math.min(3, z)));
}

export type JobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface TimelinePoints {
  createdAtMs: number;
  startAtMs: number;
  /** When the job would complete if nothing went wrong (drives progress). */
  nominalEndMs: number;
  /** When the job reaches its terminal state; Infinity for a job that never finishes. */
  terminalAtMs: number;
  outcome: 'completed' | 'failed';
  /** How the reported progress moves (default `linear`). */
  progressModel?: ProgressModel | undefined;
  /** Seed of the `uneven` path (32-bit integer). */
  progressSeed?: number | undefined;
}

export type ProgressModel = 'linear' | 'uneven';

export interface TimelineState {
  status: JobStatus;
  /** 0..100; 100 only when completed. */
  progress: number;
  /** When the terminal state was reached, if it has been. */
  finishedAtMs: number | null;
}

/** The job's status and progress at `nowMs`. */
export function timelineAt(points: TimelinePoints, nowMs: number): TimelineState {
  if (nowMs >= points.terminalAtMs) {
    const progress = points.outcome === 'completed' ? 100 : runningProgress(points, points.terminalAtMs);
    return { status: points.outcome, progress, finishedAtMs: points.terminalAtMs };
  }
  if (nowMs < points.startAtMs) return { status: 'queued', progress: 0, finishedAtMs: null };
  return { status: 'in_progress', progress: runningProgress(points, nowMs), finishedAtMs: null };
}

/** Progress while running: rises with elapsed time, never reaches 100 before completion. */
function runningProgress(points: TimelinePoints, nowMs: number): number {
  const span = points.nominalEndMs - points.startAtMs;
  if (span <= 0) return 99;
  const fraction = Math.min(1, Math.max(0, (nowMs - points.startAtMs) / span));
  const shown =
    points.progressModel === 'uneven' ? unevenProgress(fraction, points.progressSeed ?? 0) : fraction;
  return Math.min(99, Math.floor(shown * 100));
}

/**
 * The `uneven` path: breakpoints (time fraction -> progress fraction), monotone in both.
 * A warm-up stall near 0 %, a jump, a stall part-way, and a final stall at 90-97 % covering the
 * last 8-25 % of the run (encoding and upload, when no progress is reported).
 */
export function unevenBreakpoints(seed: number): Array<[number, number]> {
  const next = mulberry32(seed);
  const between = (low: number, high: number) => low + (high - low) * next();
  const warmEnd = between(0.05, 0.2);
  const jumpTo = between(0.1, 0.35);
  const stallAt = between(0.4, 0.6);
  const stallProgress = between(jumpTo + 0.1, 0.75);
  const stallEnd = stallAt + between(0.05, 0.15);
  const finalAt = between(0.75, 0.92);
  const finalProgress = between(0.9, 0.97);
  return [
    [0, 0],
    [warmEnd, 0.01],
    [warmEnd + 0.001, jumpTo],
    [stallAt, stallProgress],
    [stallEnd, stallProgress + 0.01],
    [finalAt, finalProgress],
    [1, finalProgress + 0.005],
  ];
}

function unevenProgress(fraction: number, seed: number): number {
  const points = unevenBreakpoints(seed);
  for (let index = 1; index < points.length; index++) {
    const [t1, p1] = points[index]!;
    const [t0, p0] = points[index - 1]!;
    if (fraction <= t1) return p0 + ((p1 - p0) * (fraction - t0)) / Math.max(1e-9, t1 - t0);
  }
  return points.at(-1)![1];
}

/** A small seeded generator (mulberry32), so a job's path needs only its seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
