import { describe, expect, it } from 'vitest';
import { planLongVideo, planStoryboard, type SegmentModelCapabilities } from '../../src/core/segment-plan.ts';
import { type SegmentRun, segmentedStatus } from '../../src/core/segment-progress.ts';

const chained: SegmentModelCapabilities = {
  id: 'test:chained',
  maxDurationSeconds: 12,
  durations: { values: [4, 8, 12] },
  supportsExtension: false,
  supportsImageToVideo: true,
};
const parallel: SegmentModelCapabilities = { ...chained, id: 'test:parallel', supportsImageToVideo: false };

const run = (index: number, state: SegmentRun['state'], extra: Partial<SegmentRun> = {}): SegmentRun => ({
  index,
  state,
  progress: 0,
  attempts: 1,
  error: null,
  ...extra,
});

describe('segmentedStatus', () => {
  it('starts only what has no unfinished dependency: a chain one by one, independent shots together', () => {
    const chain = planLongVideo(chained, { prompt: 'p', durationSeconds: 36 });
    expect(segmentedStatus(chain, []).start).toEqual([0]);
    expect(segmentedStatus(chain, [run(0, 'completed')]).start).toEqual([1]);
    const wide = planLongVideo(parallel, { prompt: 'p', durationSeconds: 36 });
    expect(segmentedStatus(wide, []).start).toEqual([0, 1, 2]);
    expect(segmentedStatus(wide, [], { availableSlots: 2 }).start).toEqual([0, 1]);
  });

  it('combines progress weighted by duration, leaving the end for stitching', () => {
    const plan = planStoryboard(parallel, [
      { prompt: 'a', durationSeconds: 12 },
      { prompt: 'b', durationSeconds: 4 },
    ]);
    const half = segmentedStatus(plan, [
      run(0, 'running', { progress: 50 }),
      run(1, 'running', { progress: 50 }),
    ]);
    expect(half.progress).toBe(47); // 50 % of 95
    const mostly = segmentedStatus(plan, [run(0, 'completed'), run(1, 'running', { progress: 0 })]);
    expect(mostly.progress).toBe(Math.floor((12 / 16) * 95));
    const done = segmentedStatus(plan, [run(0, 'completed'), run(1, 'completed')]);
    expect(done.status).toBe('ready_to_stitch');
    expect(done.progress).toBe(95);
  });

  it('retries a failed segment on its own, keeping the others', () => {
    const plan = planLongVideo(parallel, { prompt: 'p', durationSeconds: 36 });
    const status = segmentedStatus(plan, [
      run(0, 'completed'),
      run(1, 'failed', { error: { code: 'provider_outage', message: '502', retryable: true } }),
      run(2, 'running', { progress: 30 }),
    ]);
    expect(status.status).toBe('running');
    expect(status.retry).toEqual([1]);
    expect(status.start).toEqual([]);
    expect(status.completed).toEqual([0]);
  });

  it('fails the whole video on a refusal mid-plan, with the reason, keeping finished segments', () => {
    const plan = planLongVideo(chained, { prompt: 'p', durationSeconds: 36 });
    const status = segmentedStatus(plan, [
      run(0, 'completed'),
      run(1, 'failed', {
        error: {
          code: 'output_refused',
          message: 'The provider refused the output.',
          retryable: false,
          hint: 'Change it.',
        },
      }),
    ]);
    expect(status.status).toBe('failed');
    expect(status.failure).toEqual({
      segmentIndex: 1,
      code: 'output_refused',
      message: 'Segment 2 of 3 failed: The provider refused the output.',
      hint: 'Change it.',
    });
    expect(status.start).toEqual([]);
    expect(status.retry).toEqual([]);
    expect(status.completed).toEqual([0]);
  });

  it('gives up on a segment after its attempts are used', () => {
    const plan = planLongVideo(parallel, { prompt: 'p', durationSeconds: 24 });
    const error = { code: 'timed_out' as const, message: 'slow', retryable: true };
    expect(segmentedStatus(plan, [run(0, 'failed', { attempts: 2, error })]).retry).toEqual([0]);
    const exhausted = segmentedStatus(plan, [run(0, 'failed', { attempts: 3, error })]);
    expect(exhausted.status).toBe('failed');
    expect(exhausted.failure?.code).toBe('timed_out');
  });
});
