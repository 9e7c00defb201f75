/**
 * The worker's steps for a segmented video (a long request or a storyboard): the parent row
 * makes no provider call itself; it starts its segments as child generations (independent ones
 * together, dependent ones after what they depend on), follows them, retries a failed segment
 * on its own, fails the whole video on a refusal (keeping finished segments for a corrected
 * retry), and finally stitches the segments into one MP4 stored like any video.
 *
 * States: accepted -> submitted -> running (segments under way) -> downloading (stitching) ->
 * stored -> completed. Everything is re-read from the database at each step, so a restarted or
 * different worker continues where the last one stopped.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUsd } from '../../core/cost-estimate.ts';
import { ReelgateError } from '../../core/errors.ts';
import { type SegmentRun, type SegmentRunState, segmentedStatus } from '../../core/segment-progress.ts';
import { readStoredPlan, type SegmentSnapshot, type StoredSegmentPlan } from '../../core/segmented-video.ts';
import type { GenerationRow } from '../../db/queries/generation-row.ts';
import { listSegmentRows, readAccountLimits, runningJobs } from '../../db/queries/segments.ts';
import { readSegmentInfo } from '../../media/segment-info.ts';
import { stitchSegments } from '../../media/stitch.ts';
import { generationFileKey } from '../../storage/keys.ts';
import type { EngineDeps } from '../engine-deps.ts';
import { typicalMs } from '../../core/deadline.ts';
import { type Claim, commit, emit, finishWithError, LostClaim } from '../step-context.ts';
import { cancelSegments, startSegment } from './children.ts';
import { downloadTo } from './download-to.ts';

/** Attempts per segment before its failure fails the video. */
export const maxSegmentAttempts = 3;
/** Stitch attempts before the video fails. */
const maxStitchAttempts = 3;

/** True for rows the segment steps drive (a stored plan). */
export function isSegmentedRow(row: GenerationRow): boolean {
  return row.plan !== null && row.plan !== undefined;
}

export async function runSegmented(deps: EngineDeps, claim: Claim): Promise<void> {
  const stored = readStoredPlan(claim.row.plan);
  if (!stored) {
    await finishWithError(
      deps,
      claim,
      new ReelgateError({
        code: 'internal',
        message: 'The stored segment plan is unreadable.',
        retryable: false,
      }),
    );
    return;
  }
  switch (claim.row.state) {
    case 'accepted': {
      const now = deps.clock.now();
      const row = await commit(deps, claim, 'submitted', { submitted_at: now, next_check_at: now });
      emit(deps, 'generation:submitted', row);
      await commit(deps, claim, 'running', { next_check_at: now });
      return;
    }
    case 'submitted':
      await commit(deps, claim, 'running', { next_check_at: deps.clock.now() });
      return;
    case 'running':
      await advance(deps, claim, stored);
      return;
    case 'downloading':
      await stitch(deps, claim, stored);
      return;
    case 'stored':
      await finalize(deps, claim, stored);
      return;
    default:
      return;
  }
}

interface SegmentRows {
  latest: Map<number, GenerationRow>;
  attempts: Map<number, number>;
  all: GenerationRow[];
}

async function segmentRows(deps: EngineDeps, parentId: string): Promise<SegmentRows> {
  const all = await listSegmentRows(deps.db, parentId);
  const latest = new Map<number, GenerationRow>();
  const attempts = new Map<number, number>();
  for (const row of all) {
    const index = row.segment_index ?? 0;
    latest.set(index, row);
    attempts.set(index, (attempts.get(index) ?? 0) + 1);
  }
  return { latest, attempts, all };
}

function runState(row: GenerationRow | undefined): SegmentRunState {
  if (!row) return 'pending';
  switch (row.state) {
    case 'completed':
      return 'completed';
    case 'failed':
    case 'expired':
      return 'failed';
    case 'canceled':
      return 'canceled';
    default:
      return 'running';
  }
}

function snapshotOf(stored: StoredSegmentPlan, rows: SegmentRows): SegmentSnapshot[] {
  return stored.plan.segments.map((planned) => {
    const row = rows.latest.get(planned.index);
    const status = runState(row);
    return {
      index: planned.index,
      status,
      progress: status === 'completed' ? 100 : (row?.progress ?? 0),
      attempts: rows.attempts.get(planned.index) ?? 0,
      generationId: row?.id ?? null,
      reused: row?.inputs.reusedFrom !== undefined,
      costUsd: row?.cost_usd === null || row?.cost_usd === undefined ? null : Number(row.cost_usd),
      error: row?.error_code
        ? {
            code: row.error_code as never,
            message: row.error_message ?? '',
            ...(row.error_hint ? { hint: row.error_hint } : {}),
          }
        : null,
    };
  });
}

function toRuns(stored: StoredSegmentPlan, rows: SegmentRows): SegmentRun[] {
  return stored.plan.segments.map((planned) => {
    const row = rows.latest.get(planned.index);
    return {
      index: planned.index,
      state: runState(row),
      progress: row?.progress ?? 0,
      attempts: rows.attempts.get(planned.index) ?? 0,
      error: row?.error_code
        ? {
            code: row.error_code as never,
            message: row.error_message ?? '',
            retryable: row.error_retryable ?? true,
            ...(row.error_hint ? { hint: row.error_hint } : {}),
          }
        : null,
    };
  });
}

/** What the finished segments cost (reused ones were paid by an earlier attempt: 0). */
function paidUsd(rows: SegmentRows): number {
  return addUsd(
    ...[...rows.latest.values()]
      .filter((row) => row.state === 'completed')
      .map((row) => Number(row.cost_usd ?? 0)),
  );
}

/**
 * The safety-net re-check of a segmented video. Segment events wake it at once (./wake.ts), so
 * this stays coarse: tight polling of many parents would only load the database.
 */
function recheckDelayMs(claim: Claim): number {
  return Math.max(250, 5_000 / Math.max(1, claim.provider.timeScale));
}

async function advance(deps: EngineDeps, claim: Claim, stored: StoredSegmentPlan): Promise<void> {
  const parent = claim.row;
  let rows = await segmentRows(deps, parent.id);
  const limits = await readAccountLimits(deps.db, parent.account_id);
  const availableSlots =
    limits.maxConcurrent === null || limits.maxConcurrent === undefined
      ? undefined
      : Math.max(0, limits.maxConcurrent - (await runningJobs(deps.db, parent.account_id)));
  const status = segmentedStatus(stored.plan, toRuns(stored, rows), {
    maxAttemptsPerSegment: maxSegmentAttempts,
    ...(availableSlots !== undefined ? { availableSlots } : {}),
  });

  if (status.status === 'failed' || status.status === 'canceled') {
    await cancelSegments(deps, rows.all, 'Another segment of the video failed.');
    rows = await segmentRows(deps, parent.id);
    await commit(deps, claim, 'running', {
      plan: { ...stored, segments: snapshotOf(stored, rows) },
      cost_usd: paidUsd(rows),
      progress: status.progress,
    });
    const failure = status.failure;
    await finishWithError(
      deps,
      claim,
      failure
        ? new ReelgateError({
            code: failure.code,
            message: failure.message,
            ...(failure.hint ? { hint: failure.hint } : {}),
            details: { segmentIndex: failure.segmentIndex, keptSegments: status.completed },
          })
        : new ReelgateError({ code: 'canceled', message: 'A segment of the video was canceled.' }),
    );
    return;
  }

  if (status.status === 'ready_to_stitch') {
    const row = await commit(deps, claim, 'downloading', {
      plan: { ...stored, segments: snapshotOf(stored, rows) },
      progress: status.progress,
      attempts: 0,
      provider_completed_at: deps.clock.now(),
      next_check_at: deps.clock.now(),
    });
    emit(deps, 'generation:downloading', row);
    return;
  }

  const toStart = [...status.retry, ...status.start];
  for (const index of toStart) {
    const started = await startSegment(deps, parent, stored, index, rows.latest, claim.provider);
    claim.log.info(
      { segment: index, child: started.row.id, reused: started.reused, retry: status.retry.includes(index) },
      started.reused ? 'segment reused from an earlier attempt' : 'segment started',
    );
  }
  if (toStart.length > 0) rows = await segmentRows(deps, parent.id);
  const segments = snapshotOf(stored, rows);
  const progress = segmentedStatus(stored.plan, toRuns(stored, rows)).progress;
  const now = deps.clock.now();
  const anyStarted = [...rows.latest.values()].some((row) => row.started_at !== null);
  const changed =
    progress !== parent.progress || JSON.stringify(segments) !== JSON.stringify(stored.segments);
  const row = await commit(deps, claim, 'running', {
    plan: { ...stored, segments },
    progress,
    ...(anyStarted && parent.started_at === null ? { started_at: now } : {}),
    eta_at: etaOf(deps, claim, stored, rows, now),
    next_check_at: now + recheckDelayMs(claim),
  });
  if (changed) emit(deps, 'generation:progress', row);
}

/** When the whole video should be ready: each segment's expected end, chained along dependencies. */
function etaOf(
  deps: EngineDeps,
  claim: Claim,
  stored: StoredSegmentPlan,
  rows: SegmentRows,
  now: number,
): number {
  const finish = new Map<number, number>();
  for (const planned of stored.plan.segments) {
    const row = rows.latest.get(planned.index);
    const typical = typicalMs(deps, claim.row.model, claim.row.size, planned.durationSeconds, claim.provider);
    const state = runState(row);
    let end: number;
    if (state === 'completed') end = now;
    else if (state === 'running' && row) end = Math.max(now, row.eta_at ?? now + typical);
    else {
      const after = planned.dependsOn === null ? now : (finish.get(planned.dependsOn) ?? now);
      end = after + typical;
    }
    finish.set(planned.index, end);
  }
  const last = Math.max(now, ...finish.values());
  return Math.round(last + recheckDelayMs(claim));
}

interface StoredThumbnail {
  key: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

/** Stores the still the stitcher rendered, if it wrote one. */
async function storeThumbnail(
  deps: EngineDeps,
  parentId: string,
  path: string,
): Promise<StoredThumbnail | undefined> {
  const bytes = await stat(path).then(
    (info) => info.size,
    () => 0,
  );
  if (bytes === 0) return undefined;
  const key = generationFileKey(parentId, 'thumbnail', 'image/webp');
  const put = await deps.storage.put(key, createReadStream(path), {
    contentType: 'image/webp',
    expectedBytes: bytes,
  });
  return { key, ...put, contentType: 'image/webp' };
}

/** Copies the first segment's stored thumbnail under the parent's own key. */
async function copyThumbnail(
  deps: EngineDeps,
  parentId: string,
  segment: GenerationRow,
): Promise<StoredThumbnail> {
  const contentType = segment.thumbnail_content_type ?? 'image/webp';
  const key = generationFileKey(parentId, 'thumbnail', contentType);
  const put = await deps.storage.put(key, await deps.storage.get(segment.thumbnail_key as string), {
    contentType,
    ...(segment.thumbnail_bytes !== null ? { expectedBytes: Number(segment.thumbnail_bytes) } : {}),
  });
  return { key, ...put, contentType };
}

async function stitch(deps: EngineDeps, claim: Claim, stored: StoredSegmentPlan): Promise<void> {
  const parent = claim.row;
  const rows = await segmentRows(deps, parent.id);
  const dir = await mkdtemp(join(tmpdir(), 'rg-stitch-'));
  try {
    const segments: Array<{ path: string; keepSeconds: number; skipSeconds?: number }> = [];
    const repeatsSource = stored.plan.continuity?.extensionRepeatsSource === true;
    for (const planned of stored.plan.segments) {
      const row = rows.latest.get(planned.index);
      if (row?.state !== 'completed' || !row.video_key) {
        throw new ReelgateError({
          code: 'internal',
          message: `Segment ${planned.index + 1} has no stored video to stitch.`,
          retryable: false,
        });
      }
      const path = join(dir, `segment-${planned.index}.mp4`);
      await downloadTo(deps, row.video_key, path);
      // An extension came back with its source first: keep only its own (last) seconds.
      const skipSeconds =
        repeatsSource && planned.continuity === 'extend'
          ? Math.max(0, (await readSegmentInfo(path)).video.endTimestamp - planned.durationSeconds)
          : 0;
      segments.push({
        path,
        keepSeconds: planned.keepSeconds,
        ...(skipSeconds > 0.001 ? { skipSeconds } : {}),
      });
    }
    const outPath = join(dir, 'video.mp4');
    // The video's thumbnail comes from its first segment: the provider's own still of that
    // segment when it offered one (copied, no decoding), otherwise rendered from the file.
    const firstSegment = rows.latest.get(stored.plan.segments[0]?.index ?? 0);
    const reuseThumbnail = firstSegment?.thumbnail_key ? firstSegment : undefined;
    const thumbnailPath = join(dir, 'thumbnail.webp');
    const result = await stitchSegments({
      segments,
      outPath,
      ...(reuseThumbnail ? {} : { thumbnailPath }),
      crossfadeSeconds: stored.crossfadeSeconds,
      signal: claim.signal,
      ...(deps.media ? { ffmpegPath: deps.media.ffmpeg() } : {}),
    });
    const videoKey = generationFileKey(parent.id, 'video', 'video/mp4');
    const video = await deps.storage.put(videoKey, createReadStream(outPath), {
      contentType: 'video/mp4',
      expectedBytes: result.bytes,
    });
    const thumbnail = reuseThumbnail
      ? await copyThumbnail(deps, parent.id, reuseThumbnail)
      : await storeThumbnail(deps, parent.id, thumbnailPath);
    const now = deps.clock.now();
    claim.log.info(
      { method: result.method, reason: result.reencodeReason, seconds: result.durationSeconds },
      'segments stitched',
    );
    await commit(deps, claim, 'stored', {
      plan: {
        ...stored,
        segments: snapshotOf(stored, rows),
        stitch: {
          method: result.method,
          reencodeReason: result.reencodeReason,
          durationSeconds: result.durationSeconds,
        },
      },
      video_key: videoKey,
      video_bytes: video.bytes,
      video_sha256: video.sha256,
      video_content_type: 'video/mp4',
      thumbnail_key: thumbnail?.key ?? null,
      thumbnail_bytes: thumbnail?.bytes ?? null,
      thumbnail_sha256: thumbnail?.sha256 ?? null,
      thumbnail_content_type: thumbnail?.contentType ?? null,
      stored_at: now,
      attempts: 0,
      next_check_at: now,
    });
    deps.metrics.downloadedBytes.inc({ provider: claim.provider.name }, video.bytes);
  } catch (thrown) {
    if (thrown instanceof LostClaim) throw thrown;
    const attempts = parent.attempts + 1;
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    if (attempts < maxStitchAttempts && !(thrown instanceof ReelgateError && !thrown.retryable)) {
      claim.log.warn({ attempts, err: message }, 'stitching failed; will retry');
      await commit(deps, claim, 'downloading', {
        attempts,
        next_check_at: deps.clock.now() + 4 * recheckDelayMs(claim),
      });
      return;
    }
    await finishWithError(
      deps,
      claim,
      new ReelgateError({
        code: 'internal',
        message: `Stitching the segments failed: ${message}`,
        retryable: true,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (claim.row.state === 'stored') await finalize(deps, claim, stored);
}

async function finalize(deps: EngineDeps, claim: Claim, stored: StoredSegmentPlan): Promise<void> {
  const rows = await segmentRows(deps, claim.row.id);
  const now = deps.clock.now();
  const completed = await commit(deps, claim, 'completed', {
    plan: { ...(readStoredPlan(claim.row.plan) ?? stored), segments: snapshotOf(stored, rows) },
    completed_at: now,
    progress: 100,
    cost_usd: paidUsd(rows),
    next_check_at: null,
    eta_at: null,
    queue_position: null,
    error_code: null,
    error_message: null,
    error_retryable: null,
    error_hint: null,
  });
  deps.metrics.finished.inc({ state: 'completed', code: 'none', model: completed.model });
  deps.metrics.totalDuration.observe({ model: completed.model }, (now - completed.created_at) / 1000);
  claim.log.info(
    { bytes: completed.video_bytes, segments: stored.plan.segments.length },
    'segmented video completed',
  );
  emit(deps, 'generation:completed', completed);
}
