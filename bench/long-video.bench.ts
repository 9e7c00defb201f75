/**
 * Wall time of a 40 s video against a single 20 s job, through the real gateway (HTTP API,
 * worker, embedded database, local disk) and the OpenAI-face emulator at a given speed:
 *
 * - single: one 20 s job (`POST /v1/generations`, duration 20), the baseline;
 * - chained: a 40 s long video (`POST /v1/generations`, duration 40): 2 x 20 s segments, the
 *   second starting from the first one's last frame, so they run one after the other;
 * - independent: a 40 s storyboard of 2 shots (`POST /v1/storyboards`): hard cuts, so both
 *   segments start together.
 *
 * Each round runs the three one after another (never at the same time, so they do not share the
 * CPU), in a rotating order; figures are medians over the rounds of each run's ratio to the
 * single job of the same round. A warm-up round first fills the emulator's render cache (its
 * ffmpeg renders stand in for the provider's work and are not the gateway's cost). Wall time is
 * also given in provider time (wall x speed): what the same run would take against a provider
 * whose jobs take as long as the emulator's, undivided.
 *
 * Where the time goes is read from the segments' rows: provider time (submitted to the
 * provider's completion) along the critical path, and the rest (overhead: polling detection,
 * downloads, the last-frame extraction, the stitch).
 *
 * Settings: REELGATE_BENCH_LONG_SPEEDS (default "25,200"), REELGATE_BENCH_LONG_ROUNDS (default 3).
 */
import { type LongHarness, startLongHarness } from '../test/long-e2e/harness.ts';
import type { BenchResult } from './bench-result.ts';

const speeds = (process.env.REELGATE_BENCH_LONG_SPEEDS ?? '25,200').split(',').map(Number);
const rounds = Number(process.env.REELGATE_BENCH_LONG_ROUNDS ?? 3);

type Kind = 'single' | 'chained' | 'independent';
const kinds: Kind[] = ['single', 'chained', 'independent'];

interface Run {
  wallMs: number;
  /** Provider time along the critical path (ms, wall clock). */
  providerMs: number;
  segments: number;
  continuity: string;
}

interface SegmentRow {
  segment_index: number;
  created_at: string;
  submitted_at: string | null;
  provider_completed_at: string | null;
  stored_at: string | null;
}

const prompt = 'A lighthouse on a cliff at dusk, waves below, slow aerial orbit, warm light, cinematic';
const shots = [
  { prompt: 'Wide shot of a harbour at dawn, boats rocking, golden light, 35mm film', duration: 20 },
  { prompt: 'A trawler leaving the harbour at sunset, drone shot pulling back, warm tones', duration: 20 },
];

async function runOne(h: LongHarness, accountId: string, kind: Kind): Promise<Run> {
  const started = performance.now();
  const created =
    kind === 'independent'
      ? await h.api('POST', '/v1/storyboards', { model: 'sora-2', resolution: '720p', shots })
      : await h.api('POST', '/v1/generations', {
          model: 'sora-2',
          resolution: '720p',
          prompt,
          duration: kind === 'single' ? 20 : 40,
        });
  if (created.status !== 200) throw new Error(`bench: create answered ${created.status}`);
  const id = created.body.id as string;
  const done = await h.finished(accountId, id, 600_000);
  const wallMs = performance.now() - started;
  if (done.state !== 'completed') throw new Error(`bench: ${kind} ended ${done.state}`);
  if (kind === 'single') {
    const row = await h.reelgate.db.query<SegmentRow>(
      'SELECT 0 AS segment_index, created_at, submitted_at, provider_completed_at, stored_at FROM generations WHERE id = $1',
      [id],
    );
    const only = row.rows[0]!;
    return { wallMs, providerMs: providerTime(only), segments: 1, continuity: 'none' };
  }
  const children = await h.reelgate.db.query<SegmentRow>(
    `SELECT segment_index, created_at, submitted_at, provider_completed_at, stored_at FROM generations
      WHERE parent_id = $1 AND state = 'completed' ORDER BY segment_index`,
    [id],
  );
  const times = children.rows.map(providerTime);
  const continuity = (created.body.segments as Array<{ continuity: string | null }>)
    .map((segment) => segment.continuity ?? 'first')
    .join('+');
  return {
    wallMs,
    // Chained segments add up; independent ones overlap (the longest one bounds the video).
    providerMs: kind === 'chained' ? sum(times) : Math.max(...times),
    segments: children.rows.length,
    continuity,
  };
}

function providerTime(row: SegmentRow): number {
  return Number(row.provider_completed_at) - Number(row.submitted_at);
}

async function atSpeed(speed: number): Promise<BenchResult[]> {
  const h = await startLongHarness({ speed });
  try {
    const accountId = (await h.account(h.keys.user)).id;
    for (const kind of kinds) await runOne(h, accountId, kind); // warm-up: fills the render cache
    const runs: Record<Kind, Run[]> = { single: [], chained: [], independent: [] };
    const ratios: Record<Kind, number[]> = { single: [], chained: [], independent: [] };
    for (let round = 0; round < rounds; round++) {
      const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
      const measured = {} as Record<Kind, Run>;
      for (const kind of order) measured[kind] = await runOne(h, accountId, kind);
      for (const kind of kinds) {
        runs[kind].push(measured[kind]);
        ratios[kind].push(measured[kind].wallMs / measured.single.wallMs);
      }
    }
    const single = median(runs.single.map((run) => run.wallMs));
    const results: BenchResult[] = [
      {
        name: `long video at ${speed}x: single 20 s job (baseline)`,
        value: single / 1000,
        unit: 's wall',
        note: `${((single * speed) / 1000).toFixed(0)} s provider time; provider work ${((median(runs.single.map((run) => run.providerMs)) * speed) / 1000).toFixed(0)} s of it; median of ${rounds}`,
      },
    ];
    for (const kind of ['chained', 'independent'] as const) {
      const wall = median(runs[kind].map((run) => run.wallMs));
      const provider = median(runs[kind].map((run) => run.providerMs));
      const overhead = median(runs[kind].map((run) => run.wallMs - run.providerMs));
      const label =
        kind === 'chained'
          ? '40 s chained by last frame (2 x 20 s, in sequence)'
          : '40 s storyboard of 2 independent shots (in parallel)';
      results.push(
        {
          name: `long video at ${speed}x: ${label}`,
          value: wall / 1000,
          unit: 's wall',
          note: `${((wall * speed) / 1000).toFixed(0)} s provider time; ${runs[kind][0]?.continuity}; provider work on the critical path ${((provider * speed) / 1000).toFixed(0)} s, the rest ${((overhead * speed) / 1000).toFixed(0)} s`,
        },
        {
          name: `long video at ${speed}x: ${kind} 40 s / single 20 s (wall)`,
          value: median(ratios[kind]),
          unit: 'x',
          note: `per-round ratios ${ratios[kind].map((ratio) => ratio.toFixed(2)).join(', ')}`,
        },
      );
    }
    return results;
  } finally {
    await h.close();
  }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const speed of speeds) results.push(...(await atSpeed(speed)));
  return results;
}
