/**
 * The parts of a long video or storyboard as the studio shows them: plain status words (never a
 * raw "pending"), parts of a canceled or failed video no longer "Generating", and an overall
 * progress weighted by each part's length.
 */
import type { Generation, SegmentInfo } from '../api/types.ts';

export interface SegmentView {
  index: number;
  shotIndex: number;
  status: SegmentInfo['status'];
  label: string;
  progress: number;
  duration: number;
  startSeconds: number;
  prompt: string;
}

const labels: Record<string, string> = {
  pending: 'Waiting',
  running: 'Generating',
  completed: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

export function segmentsOf(generation: Generation): SegmentView[] {
  const stopped =
    generation.status === 'canceled' || generation.status === 'failed' || generation.status === 'expired';
  return (generation.segments ?? []).map((segment) => {
    const status: SegmentInfo['status'] =
      stopped && (segment.status === 'pending' || segment.status === 'running')
        ? generation.status === 'canceled'
          ? 'canceled'
          : 'failed'
        : segment.status;
    return {
      index: segment.index,
      shotIndex: segment.shot_index,
      status,
      label:
        status === 'failed' && stopped && segment.status !== 'failed'
          ? 'Stopped'
          : (labels[status] ?? status),
      progress: status === 'completed' ? 100 : segment.progress,
      duration: segment.keep_seconds || segment.duration,
      startSeconds: segment.start_seconds,
      prompt: segment.prompt,
    };
  });
}

/** Overall progress of a segmented video: each part counts by its length. */
export function overallProgress(generation: Generation): number {
  const segments = segmentsOf(generation);
  if (segments.length < 2) return generation.progress;
  const total = segments.reduce((sum, segment) => sum + segment.duration, 0) || 1;
  const done = segments.reduce((sum, segment) => sum + (segment.progress / 100) * segment.duration, 0);
  // Stitching comes after the parts: keep the last few percent for it.
  return Math.max(generation.progress, Math.min(97, (done / total) * 97));
}
