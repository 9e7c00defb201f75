/**
 * The source video a segment's native extension continues: the previous segment's new part.
 * An extension's result repeats its source first (xAI), so the previous segment's own footage
 * is its last `duration_seconds`; a first segment is all new. The part is cut out (exact to a
 * frame) when needed and stored under the new segment, capped at the provider's longest source.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtensionSupport } from '../../core/catalog/continuity.ts';
import type { StoredReference } from '../../core/generation-inputs.ts';
import type { StoredSegmentPlan } from '../../core/segmented-video.ts';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import { cutClip } from '../../media/clip.ts';
import { readSegmentInfo } from '../../media/segment-info.ts';
import type { EngineDeps } from '../engine-deps.ts';
import { downloadTo } from './download-to.ts';

/** Where the new part of a stored segment starts and how long it is, seconds (pure). */
export function newPartOf(
  videoSeconds: number,
  segmentSeconds: number,
  repeatsSource: boolean,
  maxSourceSeconds: number,
): { startSeconds: number; lengthSeconds: number } {
  const start = repeatsSource ? Math.max(0, videoSeconds - segmentSeconds) : 0;
  const length = Math.min(videoSeconds - start, maxSourceSeconds);
  return { startSeconds: videoSeconds - length, lengthSeconds: length };
}

export async function storeExtensionSource(
  deps: EngineDeps,
  id: string,
  dependency: GenerationRow,
  stored: StoredSegmentPlan,
  extend: ExtensionSupport,
): Promise<StoredReference & { seconds: number }> {
  if (!dependency.video_key) throw new Error(`segment ${dependency.id} has no stored video`);
  const planned = stored.plan.segments[dependency.segment_index ?? -1];
  const dependencyExtended =
    planned?.continuity === 'extend' && stored.plan.continuity?.extensionRepeatsSource === true;
  const dir = await mkdtemp(join(tmpdir(), 'rg-extend-'));
  try {
    const videoPath = join(dir, 'previous.mp4');
    await downloadTo(deps, dependency.video_key, videoPath);
    const videoSeconds = (await readSegmentInfo(videoPath)).video.endTimestamp;
    const part = newPartOf(
      videoSeconds,
      dependency.duration_seconds,
      dependencyExtended,
      extend.sourceSeconds.max,
    );
    const seconds = Math.round(part.lengthSeconds * 1000) / 1000;
    // The whole stored video is the new part: send it as it is.
    if (part.startSeconds < 0.02) return { key: dependency.video_key, mediaType: 'video/mp4', seconds };
    const clip = await cutClip({
      videoPath,
      outPath: join(dir, 'source.mp4'),
      startSeconds: part.startSeconds,
      durationSeconds: part.lengthSeconds,
    });
    const key = `generations/${id}/source.mp4`;
    await deps.storage.put(key, createReadStream(clip.path), {
      contentType: 'video/mp4',
      expectedBytes: clip.bytes,
    });
    return { key, mediaType: 'video/mp4', seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
