/**
 * Segment generations of a segmented video: starting one (a child generation the worker drives
 * like any other) joined to the previous one as the plan says: a native extension of the
 * previous segment's new part (./continuity.ts), or the previous segment's last frame as its
 * first frame (the link the provider returned when it returns last frames, else decoded here);
 * asking the provider for a segment's last frame when the next one starts from it; reusing a
 * segment a failed earlier attempt of the same video already paid for; and canceling the
 * unfinished ones when the video fails.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONValue } from '@ai-sdk/provider';
import { continuityOf } from '../../core/catalog/continuity.ts';
import type { PlannedSegment } from '../../core/segment-plan.ts';
import type { StoredSegmentPlan } from '../../core/segmented-video.ts';
import { activeStates } from '../../core/state-machine.ts';
import { type GenerationRow, normaliseRow } from '../../db/queries/generation-row.ts';
import { estimateSingle } from '../../core/cost-estimate.ts';
import { insertGeneration } from '../../db/queries/insert-generation.ts';
import { findReusableSegment } from '../../db/queries/segments.ts';
import { updateByService } from '../../db/queries/update-generation.ts';
import { extractLastFrame } from '../../media/last-frame.ts';
import { generationFileKey } from '../../storage/keys.ts';
import type { EngineDeps } from '../engine-deps.ts';
import type { ProviderBinding } from '../../providers/provider-port.ts';
import { typicalMs } from '../../core/deadline.ts';
import { assetsForShot, sameAssetImages } from '../../core/assets.ts';
import { createGeneration } from '../creation/create-generation.ts';
import { downloadTo } from './download-to.ts';
import { storeExtensionSource } from './extension-source.ts';
import { newGenerationId, newGenerationRow, reusedSegmentRow } from '../creation/row-factory.ts';

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
  const joined = planned.continuity === 'last_frame' || planned.continuity === 'extend';
  const continuesFrom = joined && dependency ? originOf(dependency) : null;
  const segmentAccount = childAccount(parent);
  // A multi-shot segment makes several shots: it carries all their assets.
  const assets = planned.multiShot
    ? mergedAssets(planned.multiShot.shotIndexes.map((shot) => assetsForShot(parent.inputs.shotAssets, shot)))
    : assetsForShot(parent.inputs.shotAssets, planned.shotIndex);
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
    // A segment made with other reference images is another segment.
    if (reusable && sameAssetImages(reusable.inputs.assets, assets)) {
      return { row: await reuseSegment(deps, parent, index, reusable), reused: true };
    }
  }
  const id = newGenerationId(deps);
  const entry = deps.catalog.find(parent.model);
  const inputs: GenerationRow['inputs'] = { version: 1, continuesFrom };
  const continuity = entry ? continuityOf(entry) : undefined;
  if (planned.continuity === 'extend' && dependency && continuity?.extend) {
    inputs.sourceVideo = await storeExtensionSource(deps, id, dependency, stored, continuity.extend);
    addProviderOptions(inputs, continuity.extend.request.provider, continuity.extend.request.options);
  } else if (planned.continuity === 'last_frame' && dependency) {
    inputs.reference =
      returnedFrame(deps, dependency, planned) ?? (await storeLastFrame(deps, id, dependency, planned));
  } else if (index === 0 && parent.inputs.reference) {
    // The caller's own first-frame image starts the first segment.
    inputs.reference = parent.inputs.reference;
    inputs.sharedReference = true;
  }
  if (planned.multiShot && continuity?.multiShot) {
    const request = continuity.multiShot.request;
    addProviderOptions(inputs, request.provider, request.options);
  }
  if (planned.returnLastFrame && continuity?.returnsLastFrame) {
    const request = continuity.returnsLastFrame.request;
    addProviderOptions(inputs, request.provider, request.options);
  }
  if (assets) inputs.assets = assets;
  const size = entry?.sizes.find((item) => item.size === parent.size);
  const row = await createGeneration(deps, {
    row: newGenerationRow(deps, {
      id,
      accountId: segmentAccount,
      model: parent.model,
      provider,
      modelId: parent.model_id,
      prompt: planned.prompt,
      requested: { ...parent.requested, durationSeconds: planned.durationSeconds },
      size: parent.size,
      resolution: parent.resolution,
      durationSeconds: planned.durationSeconds,
      inputs,
      warnings: [],
      parentId: parent.id,
      typicalMs: typicalMs(deps, parent.model, parent.size, planned.durationSeconds, provider),
      // What each start of this segment is charged (the ledger's `start` entries).
      estimate: entry && size ? estimateSingle(entry, size, planned.durationSeconds) : undefined,
      segmentIndex: index,
      // A segment's spans belong to its video's trace.
      traceContext: parent.trace_context ?? null,
    }),
  });
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
  const id = newGenerationId(deps);
  const key = generationFileKey(id, 'video', source.video_content_type ?? 'video/mp4');
  const put = await deps.storage.put(key, await deps.storage.get(source.video_key!), {
    contentType: source.video_content_type ?? 'video/mp4',
    ...(source.video_bytes !== null ? { expectedBytes: source.video_bytes } : {}),
  });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const inserted = await insertGeneration(
      tx,
      reusedSegmentRow(deps, {
        id,
        source,
        parentId: parent.id,
        segmentIndex: index,
        originId: originOf(source),
      }),
    );
    const result = await tx.query(
      `UPDATE generations SET video_key = $2, video_bytes = $3, video_sha256 = $4, video_content_type = $5,
         progress = 100, completed_at = $6, stored_at = $6, started_at = $6 WHERE id = $1 RETURNING *`,
      [inserted.id, key, put.bytes, put.sha256, source.video_content_type ?? 'video/mp4', now],
    );
    return normaliseRow(result.rows[0]!);
  });
}

/** The assets of several shots, each once, or undefined when none. */
function mergedAssets(
  lists: ReadonlyArray<ReturnType<typeof assetsForShot>>,
): ReturnType<typeof assetsForShot> {
  const seen = new Set<string>();
  const all = lists
    .flatMap((list) => list ?? [])
    .filter((asset) => {
      const key = JSON.stringify(asset);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return all.length > 0 ? all : undefined;
}

/** Adds provider options (under the provider's key) to what the segment's start sends. */
function addProviderOptions(
  inputs: GenerationRow['inputs'],
  provider: string,
  options: Readonly<Record<string, JSONValue>>,
): void {
  const all = { ...(inputs.providerOptions ?? {}) };
  all[provider] = { ...(all[provider] ?? {}), ...options };
  inputs.providerOptions = all;
}

/**
 * The last frame the provider returned for the dependency, when it did and the link is still
 * live and the dependency was not trimmed (a trimmed segment's kept end is decoded instead).
 */
function returnedFrame(
  deps: EngineDeps,
  dependency: GenerationRow,
  planned: PlannedSegment,
): { url: string; mediaType: string } | undefined {
  const url = (dependency.result as { lastFrameUrl?: unknown } | null)?.lastFrameUrl;
  if (typeof url !== 'string') return undefined;
  const trimmed =
    planned.sourceFrameSeconds !== null && planned.sourceFrameSeconds < dependency.duration_seconds - 1e-3;
  const expired = dependency.result_expires_at !== null && deps.clock.now() >= dependency.result_expires_at;
  return trimmed || expired ? undefined : { url, mediaType: 'image/png' };
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
      ...(deps.media ? { ffmpegPath: deps.media.ffmpeg() } : {}),
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
