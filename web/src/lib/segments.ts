/**
 * The parts of a long video or storyboard, read tolerantly from a generation: `segments` or
 * `plan.segments`, snake_case or camelCase fields. Empty for ordinary one-part videos.
 */
import type { Generation, Segment } from '../api/types.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  !!value && typeof value === 'object' && !Array.isArray(value);
const num = (...values: unknown[]) =>
  values.find((v): v is number => typeof v === 'number' && Number.isFinite(v));

export interface SegmentView extends Segment {
  shotIndex: number | null;
}

export function segmentsOf(generation: Generation): SegmentView[] {
  const raw = generation as unknown as Json;
  const plan = isObject(raw.plan) ? raw.plan : undefined;
  const list = Array.isArray(raw.segments)
    ? raw.segments
    : Array.isArray(plan?.segments)
      ? plan.segments
      : [];
  const segments: SegmentView[] = [];
  for (const [position, item] of list.entries()) {
    if (!isObject(item)) continue;
    const status =
      typeof item.status === 'string' ? item.status : typeof item.state === 'string' ? item.state : 'queued';
    segments.push({
      index: num(item.index) ?? position,
      shotIndex: num(item.shot_index, item.shotIndex) ?? null,
      status,
      progress: num(item.progress) ?? (status === 'completed' ? 100 : 0),
      duration: num(item.duration, item.duration_seconds, item.durationSeconds, item.seconds) ?? null,
      prompt: typeof item.prompt === 'string' ? item.prompt : null,
    });
  }
  return segments;
}
