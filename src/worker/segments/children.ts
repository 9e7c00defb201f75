/**
 * Segment generations of a segmented video: starting one (a child generation the worker drives
 * like any other), with the previous segment's last frame as its first frame where the plan
 * says so, reusing a segment a failed earlier attempt of the same video already paid for, and
 * canceling the unfinished ones when the video fails.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PlannedSegment } from '../../core/segment-plan.ts';
import type { StoredSegmentPlan } from '../../core/segmented-video.ts';
import { activeStates } from '../../core/state-machine.ts';
import { type GenerationRow, normaliseRow } from '../../db/queries/generation-row.ts';
import { findReusableSegment, insertSegmentRow } from '../../db/queries/segments.ts';
import { updateByService } from '../../db/queries/update-generation.ts';
import { extractLastFrame } from '../../media/last-frame.ts';
import { generationFileKey } from '../../storage/keys.ts';
import type { EngineDeps } from '../engine-deps.ts';
import type { ProviderBinding } from '../provider-port.ts';
import { deadlineFor, typicalMs } from '../step-context.ts';
import { nextKey } from '../steps/status.ts';

export interface SegmentStart {
  row: GenerationRow;
  reused: boolean;
}

/** The original segment a row stands for (a reused copy points at what it copied). */
export function originOf(row: GenerationRow): string {
  const from = row.inputs.reusedFrom;
  return typeof from === 'string' ? from : row.id;
}

/**
 * Starts segment `index` of `parent`: reuses a matching finished segment of a failed earlier
 * attempt when this is the segment's first attempt, otherwise inserts a new child generation.
 */
export async function startSegment(
  deps: EngineDeps,
  parent: GenerationRow,
  stored: StoredSegmentPlan,
  index: number,
  latest: ReadonlyMap<number, GenerationRow>,
  provider: ProviderBinding,
): Promise<SegmentStart> {
  const planned = stored.plan.segments[index];
  if (!planned) throw new Error(`segment ${index} is not in the plan`);
  const dependency = planned.dependsOn === null ? undefined : latest.get(planned.dependsOn);
  const continuesFrom = planned.continuity === 'last_frame' && dependency ? originOf(dependency) : null;
  const segmentAccount = childAccount(parent);
  if (!latest.has(index)) {
    const reusable = await findReusableSegment(deps.db, {
      segmentAccount,
      model: parent.model,
      size: parent.size,
      durationSeconds: planned.durationSeconds,
      prompt: planned.prompt,
      continuesFrom,
      excludeParent: parent.id,
    });
    if (reusable) return { row: await reuseSegment(deps, parent, index, reusable), reused: true };
  }
  const id = `video_${randomBytes(16).toString('hex')}`;
  const inputs: Record<string, unknown> = { continuesFrom };
  if (planned.continuity === 'last_frame' && dependency) {
    inputs.reference = await storeLastFrame(deps, id, dependency, planned);
  } else if (index === 0 && parent.inputs.reference) {
    // The caller's own first-frame image starts the first segment.
    inputs.reference = parent.inputs.reference;
    inputs.sharedReference = true;
  }
  const now = deps.clock.now();
  const typical = typicalMs(deps, parent.model, parent.size, planned.durationSeconds, provider);
  const row = await insertSegmentRow(
    deps.db,
    {
      id,
      account_id: segmentAccount,
      state: 'accepted',
      provider: parent.provider,
      model: parent.model,
      model_id: parent.model_id,
      prompt: planned.prompt,
      requested: { ...parent.requested, durationSeconds: planned.durationSeconds },
      size: parent.size,
      resolution: parent.resolution,
      duration_seconds: planned.durationSeconds,
      inputs,
      warnings: [],
      emulated: parent.emulated,
      parent_id: parent.id,
      idempotency_key: nextKey(id, 1),
      next_check_at: now,
      expected_total_ms: Math.round(typical),
      eta_at: Math.round(now + typical),
      cost_usd: null,
      created_at: now,
      updated_at: now,
      deadline_at: deadlineFor(deps, now, typical, provider),
    },
    index,
  );
  deps.metrics.created.inc({ model: row.model });
  return { row, reused: false };
}

function childAccount(parent: GenerationRow): string {
  return `segment:${parent.account_id}`;
}

/** A finished segment of a failed earlier attempt, copied under a new child: kept, not paid again. */
async function reuseSegment(
  deps: EngineDeps,
  parent: GenerationRow,
  index: number,
  source: GenerationRow,
): Promise<GenerationRow> {
  const id = `video_${randomBytes(16).toString('hex')}`;
  const key = generationFileKey(id, 'video', source.video_content_type ?? 'video/mp4');
  const put = await deps.storage.put(key, await deps.storage.get(source.video_key!), {
    contentType: source.video_content_type ?? 'video/mp4',
    ...(source.video_bytes !== null ? { expectedBytes: source.video_bytes } : {}),
  });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const inserted = await insertSegmentRow(
      tx,
      {
        id,
        account_id: source.account_id,
        state: 'completed',
        provider: source.provider,
        model: source.model,
        model_id: source.model_id,
        prompt: source.prompt,
        requested: source.requested,
        size: source.size,
        resolution: source.resolution,
        duration_seconds: source.duration_seconds,
        inputs: { reusedFrom: originOf(source), continuesFrom: source.inputs.continuesFrom ?? null },
        warnings: [],
        emulated: source.emulated,
        parent_id: parent.id,
        idempotency_key: `rg-${id}-reused`,
        next_check_at: null,
        expected_total_ms: null,
        eta_at: null,
        // Paid by the earlier attempt: not counted again.
        cost_usd: 0,
        created_at: now,
        updated_at: now,
        deadline_at: null,
      },
      index,
    );
    const result = await tx.query(
      `UPDATE generations SET video_key = $2, video_bytes = $3, video_sha256 = $4, video_content_type = $5,
         progress = 100, completed_at = $6, stored_at = $6, started_at = $6 WHERE id = $1 RETURNING *`,
      [inserted.id, key, put.bytes, put.sha256, source.video_content_type ?? 'video/mp4', now],
    );
    return normaliseRow(result.rows[0]!);
  });
}

/** Extracts the dependency's last kept frame and stores it as the new segment's first frame. */
async function storeLastFrame(
  deps: EngineDeps,
  id: string,
  dependency: GenerationRow,
  planned: PlannedSegment,
): Promise<{ key: string; mediaType: string }> {
  if (!dependency.video_key) throw new Error(`segment ${dependency.id} has no stored video`);
  const dir = await mkdtemp(join(tmpdir(), 'rg-frame-'));
  try {
    const videoPath = join(dir, 'previous.mp4');
    await downloadTo(deps, dependency.video_key, videoPath);
    const trimmed =
      planned.sourceFrameSeconds !== null && planned.sourceFrameSeconds < dependency.duration_seconds - 1e-3;
    const still = await extractLastFrame({
      videoPath,
      outPath: join(dir, 'frame.png'),
      format: 'png',
      beforeSeconds: trimmed ? planned.sourceFrameSeconds : null,
    });
    const key = `generations/${id}/reference.png`;
    await deps.storage.put(key, createReadStream(still.path), {
      contentType: still.mediaType,
      expectedBytes: still.bytes,
    });
    return { key, mediaType: still.mediaType };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Copies a stored object to a local file (streamed). */
export async function downloadTo(deps: EngineDeps, key: string, path: string): Promise<void> {
  const body = await deps.storage.get(key);
  await pipeline(Readable.fromWeb(body as never), createWriteStream(path));
}

/** Cancels a parent's unfinished segments (the video failed or was canceled). */
export async function cancelSegments(
  deps: EngineDeps,
  rows: readonly GenerationRow[],
  reason: string,
): Promise<number> {
  let canceled = 0;
  for (const row of rows) {
    if (!activeStates.includes(row.state)) continue;
    const updated = await updateByService(
      deps.db,
      { id: row.id, accountId: row.account_id, fromStates: activeStates, actor: 'segments:cancel' },
      {
        state: 'canceled',
        error_code: 'canceled',
        error_message: reason,
        error_retryable: false,
        next_check_at: null,
        eta_at: null,
        queue_position: null,
      },
      deps.clock.now(),
    );
    if (!updated) continue;
    canceled += 1;
    const provider = deps.providers.get(updated.provider);
    if (provider?.cancel && updated.operation !== null && updated.operation !== undefined) {
      await provider.cancel(updated.operation as never).catch(() => undefined);
    }
  }
  return canceled;
}
