import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedDurations, splitDuration } from '../../src/core/duration-split.ts';
import { isReelgateError } from '../../src/core/errors.ts';
import {
  planLongVideo,
  planStoryboard,
  readySegments,
  type SegmentModelCapabilities,
  stitchInputs,
} from '../../src/core/segment-plan.ts';

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

const soraLike: SegmentModelCapabilities = {
  id: 'openai:sora-2',
  maxDurationSeconds: 12,
  durations: { values: [4, 8, 12] },
  supportsExtension: false,
  supportsImageToVideo: true,
};
const veoLike: SegmentModelCapabilities = {
  id: 'google:veo-3.1',
  maxDurationSeconds: 8,
  durations: { values: [4, 6, 8] },
  supportsExtension: true,
  supportsImageToVideo: true,
};
const klingLike: SegmentModelCapabilities = {
  id: 'fal:kling',
  maxDurationSeconds: 10,
  durations: { values: [5, 10] },
  supportsExtension: false,
  supportsImageToVideo: false,
};
const rangeModel: SegmentModelCapabilities = {
  id: 'fal:ltx',
  maxDurationSeconds: 20,
  durations: { min: 2, max: 20, step: 1 },
  supportsExtension: false,
  supportsImageToVideo: true,
};

describe('splitDuration', () => {
  it('splits 60 s exactly into the fewest allowed calls', () => {
    expect(splitDuration(60, { values: [4, 8, 12] })).toEqual({
      durations: [12, 12, 12, 12, 12],
      overshootSeconds: 0,
    });
    expect(splitDuration(60, { values: [4, 6, 8] })).toEqual({
      durations: [8, 8, 8, 8, 8, 8, 6, 6],
      overshootSeconds: 0,
    });
  });

  it('prefers an exact sum to an overshoot even when that needs more calls', () => {
    // 14 = 8 + 6 (two calls) is exact; 16 = 8 + 8 would overshoot
    expect(splitDuration(14, { values: [4, 6, 8] })).toEqual({ durations: [8, 6], overshootSeconds: 0 });
  });

  it('falls back to the smallest overshoot when no exact sum exists', () => {
    const split = splitDuration(61, { values: [5, 10] });
    expect(split?.overshootSeconds).toBe(4);
    expect(sum(split?.durations ?? [])).toBe(65);
    expect(split?.durations.length).toBe(7);
  });

  it('splits evenly inside a range', () => {
    expect(splitDuration(50, { min: 2, max: 20 })?.durations).toEqual([17, 17, 16]);
    expect(allowedDurations({ min: 2, max: 20 }, 5)).toEqual([2, 3, 4, 5]);
  });

  it('respects the per-call maximum', () => {
    expect(splitDuration(24, { values: [4, 8, 12, 20] }, 12)?.durations).toEqual([12, 12]);
    expect(splitDuration(5, { values: [8] }, 4)).toBeNull();
  });

  it('property: sums to the total or overshoots by less than the shortest duration, using allowed values only', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 180 }),
        (values, total) => {
          const split = splitDuration(total, { values });
          if (!split) return;
          expect(split.durations.every((duration) => values.includes(duration))).toBe(true);
          expect(sum(split.durations)).toBe(total + split.overshootSeconds);
          expect(split.overshootSeconds).toBeGreaterThanOrEqual(0);
          expect(split.overshootSeconds).toBeLessThan(Math.min(...values));
          if (values.includes(1)) expect(split.overshootSeconds).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('planLongVideo', () => {
  it('plans 60 s on a 12 s model as 5 segments summing to 60, chained by last frame', () => {
    const plan = planLongVideo(soraLike, {
      prompt: 'A red fox trots through fresh snow.',
      durationSeconds: 60,
    });
    expect(plan.segments).toHaveLength(5);
    expect(sum(plan.segments.map((segment) => segment.durationSeconds))).toBe(60);
    expect(sum(plan.segments.map((segment) => segment.keepSeconds))).toBe(60);
    expect(plan.overshootSeconds).toBe(0);
    expect(plan.segments.map((segment) => segment.startSeconds)).toEqual([0, 12, 24, 36, 48]);
    expect(plan.segments[0]?.continuity).toBeNull();
    expect(plan.segments[0]?.prompt).toBe('A red fox trots through fresh snow.');
    for (const segment of plan.segments.slice(1)) {
      expect(segment.continuity).toBe('last_frame');
      expect(segment.dependsOn).toBe(segment.index - 1);
      expect(segment.sourceFrameSeconds).toBe(12);
      expect(segment.prompt).toContain('A red fox trots through fresh snow');
      expect(segment.prompt).not.toBe(plan.segments[0]?.prompt);
    }
    expect(plan.waves).toEqual([[0], [1], [2], [3], [4]]);
    expect(plan.warnings).toEqual([]);
  });

  it('uses native extension when the model has it', () => {
    const plan = planLongVideo(veoLike, { prompt: 'Waves roll onto a beach', durationSeconds: 20 });
    expect(sum(plan.segments.map((segment) => segment.durationSeconds))).toBe(20);
    expect(plan.segments.slice(1).every((segment) => segment.continuity === 'extend')).toBe(true);
    expect(plan.segments[1]?.prompt).toMatch(/^Continue the same shot/);
  });

  it('makes independent, parallel segments when the model has neither, and says so', () => {
    const plan = planLongVideo(klingLike, { prompt: 'City timelapse', durationSeconds: 30 });
    expect(plan.segments.map((segment) => segment.durationSeconds)).toEqual([10, 10, 10]);
    expect(plan.segments.slice(1).every((segment) => segment.continuity === 'independent')).toBe(true);
    expect(plan.segments.every((segment) => segment.dependsOn === null)).toBe(true);
    expect(plan.waves).toEqual([[0, 1, 2]]);
    expect(plan.warnings.join(' ')).toMatch(/independent/);
  });

  it('trims a planned overshoot from the last segment and reports it', () => {
    const plan = planLongVideo(klingLike, { prompt: 'City timelapse', durationSeconds: 23 });
    expect(plan.plannedSeconds).toBe(25);
    expect(plan.overshootSeconds).toBe(2);
    const last = plan.segments.at(-1);
    expect(last?.keepSeconds).toBe((last?.durationSeconds ?? 0) - 2);
    expect(sum(plan.segments.map((segment) => segment.keepSeconds))).toBe(23);
    expect(plan.warnings.join(' ')).toMatch(/trimmed by 2 s/);
  });

  it('keeps a short request as one segment', () => {
    const plan = planLongVideo(soraLike, { prompt: 'x y', durationSeconds: 8 });
    expect(plan.segments).toHaveLength(1);
    expect(plan.segments[0]?.durationSeconds).toBe(8);
  });

  it('can be told to plan independent shots (all parallel)', () => {
    const plan = planLongVideo(soraLike, { prompt: 'p', durationSeconds: 24 }, { continuity: 'independent' });
    expect(plan.waves).toEqual([[0, 1]]);
  });

  it('refuses bad input with invalid_request and the field', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => planLongVideo(soraLike, { prompt: ' ', durationSeconds: 10 }), 'prompt'],
      [() => planLongVideo(soraLike, { prompt: 'p', durationSeconds: -1 }), 'duration'],
      [() => planLongVideo(soraLike, { prompt: 'p', durationSeconds: 5000 }), 'duration'],
      [() => planStoryboard(soraLike, []), 'shots'],
      [
        () =>
          planStoryboard(soraLike, [
            { prompt: 'a', durationSeconds: 4 },
            { prompt: '', durationSeconds: 4 },
          ]),
        'shots[1].prompt',
      ],
    ];
    for (const [call, param] of cases) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isReelgateError(caught) && caught.code).toBe('invalid_request');
      expect(isReelgateError(caught) && caught.param).toBe(param);
    }
  });
});

describe('planStoryboard', () => {
  const shots = [
    { prompt: 'Wide shot: a lighthouse on a cliff at dawn', durationSeconds: 8 },
    { prompt: 'Close-up: the keeper climbs the spiral stairs', durationSeconds: 12 },
    { prompt: 'The lamp turns on, beams sweep the fog', durationSeconds: 16, continuePrevious: true },
    { prompt: 'Aerial pull-back over the stormy sea', durationSeconds: 4 },
  ];

  it('plans 4 shots with their own prompts and durations into one ordered plan', () => {
    const plan = planStoryboard(soraLike, shots);
    expect(plan.requestedSeconds).toBe(40);
    expect(sum(plan.segments.map((segment) => segment.keepSeconds))).toBe(40);
    const perShot = [0, 1, 2, 3].map((shot) =>
      sum(
        plan.segments.filter((segment) => segment.shotIndex === shot).map((segment) => segment.keepSeconds),
      ),
    );
    expect(perShot).toEqual([8, 12, 16, 4]);
    // each shot's first segment uses the shot's own prompt
    const firsts = [0, 1, 2, 3].map((shot) => plan.segments.find((segment) => segment.shotIndex === shot));
    expect(firsts[0]?.prompt).toBe(shots[0]?.prompt);
    expect(firsts[1]?.prompt).toBe(shots[1]?.prompt);
    expect(firsts[2]?.prompt).toContain(shots[2]?.prompt);
    expect(firsts[3]?.prompt).toBe(shots[3]?.prompt);
    // hard cuts between shots run in parallel; shot 3 continues shot 2
    expect(firsts[1]?.continuity).toBe('independent');
    expect(firsts[1]?.dependsOn).toBeNull();
    expect(firsts[2]?.continuity).toBe('last_frame');
    expect(firsts[2]?.dependsOn).toBe((firsts[2]?.index ?? 0) - 1);
    expect(plan.waves[0]).toEqual(
      expect.arrayContaining([firsts[0]?.index, firsts[1]?.index, firsts[3]?.index]),
    );
  });

  it('schedules: readySegments follows the dependency graph', () => {
    const plan = planStoryboard(soraLike, shots);
    const ready = readySegments(plan, new Set());
    expect(ready).toEqual(plan.waves[0]);
    const shot2 = plan.segments.find((segment) => segment.shotIndex === 2);
    expect(ready).not.toContain(shot2?.index);
    const finished = new Set(
      plan.segments.filter((segment) => segment.shotIndex <= 1).map((segment) => segment.index),
    );
    expect(readySegments(plan, finished)).toContain(shot2?.index);
    expect(stitchInputs(plan, (index) => `seg-${index}.mp4`)[0]).toEqual({
      path: 'seg-0.mp4',
      keepSeconds: 8,
    });
  });

  it('trims each shot on its own and continues from the kept frame', () => {
    const plan = planStoryboard(klingLike, [
      { prompt: 'a', durationSeconds: 7 },
      { prompt: 'b', durationSeconds: 6 },
    ]);
    expect(plan.segments.map((segment) => [segment.durationSeconds, segment.keepSeconds])).toEqual([
      [10, 7],
      [10, 6],
    ]);
    expect(plan.segments[1]?.startSeconds).toBe(7);
    const chained = planStoryboard(rangeModel, [
      { prompt: 'a', durationSeconds: 7.5 },
      { prompt: 'b', durationSeconds: 6, continuePrevious: true },
    ]);
    expect(chained.segments[0]?.keepSeconds).toBe(7.5);
    expect(chained.segments[1]?.sourceFrameSeconds).toBe(7.5);
  });
});

describe('capabilitiesFromCatalog', () => {
  it('reads a catalog entry and falls back from extension when the total is past its cap', async () => {
    const { sora2 } = await import('../../src/core/catalog/openai.ts');
    const { capabilitiesFromCatalog } = await import('../../src/core/segment-plan.ts');
    const capabilities = capabilitiesFromCatalog(sora2);
    expect(capabilities.maxDurationSeconds).toBe(sora2.maxDurationPerCallSeconds);
    const short = planLongVideo(capabilities, { prompt: 'p', durationSeconds: 60 });
    expect(sum(short.segments.map((segment) => segment.keepSeconds))).toBe(60);
    // Sora's extension is not sent by any binding: its catalog continuity has none.
    expect(short.segments[1]?.continuity).toBe('last_frame');
    // The same entry with an extension reelgate could send, capped at 120 s in total.
    const extending = capabilitiesFromCatalog({
      ...sora2,
      extension: { supported: true, maxSecondsPerExtension: 12, maxTotalSeconds: 120 },
      continuity: {
        extend: {
          durations: { kind: 'list', seconds: [4, 8, 12] },
          sourceSeconds: { min: 1, max: 120 },
          resultIncludesSource: false,
          request: { provider: 'openai', options: {}, sourceUrlKey: 'video' },
          source: 'test',
        },
        firstFrame: true,
        lastFrame: false,
        referenceImages: false,
        notes: [],
      },
    });
    expect(planLongVideo(extending, { prompt: 'p', durationSeconds: 60 }).segments[1]?.continuity).toBe(
      'extend',
    );
    const long = planLongVideo(extending, { prompt: 'p', durationSeconds: 140 });
    expect(long.segments[1]?.continuity).toBe('last_frame');
    expect(long.continuity?.reason).toContain('extensions stop at 120 s');
  });
});
