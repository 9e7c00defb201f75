/**
 * Stitching N MP4 segments into one fast-start MP4.
 *
 * Packet copy (no re-encode, about as fast as copying the bytes) when every segment shares
 * codec, size and decoder configuration; an ffmpeg re-encode only when they differ, when a trim
 * cannot be done on packet boundaries, or when a crossfade is asked for. The output is written
 * under a temporary name beside `outPath` and renamed into place, so a half-written file is
 * never visible under the final name.
 *
 * @example
 * const result = await stitchSegments({
 *   segments: ['seg-0.mp4', 'seg-1.mp4', { path: 'seg-2.mp4', keepSeconds: 4 }],
 *   outPath: 'video.mp4',
 *   thumbnailPath: 'thumb.webp',
 * });
 * result.method; // 'copy'
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { ReelgateError } from '../core/errors.ts';
import { renderThumbnail } from './render.ts';
import { copyIncompatibility, readSegmentInfo, type SegmentInfo } from './segment-info.ts';
import { concatStitch } from './stitch-concat.ts';
import { type CopyPiece, copyStitch, layoutCopy } from './stitch-copy.ts';
import { reencodeStitch } from './stitch-reencode.ts';

export interface StitchSegment {
  path: string;
  /** Keep only this many seconds (after `skipSeconds`; trims a planned overshoot). */
  keepSeconds?: number;
  /**
   * Drop this many seconds from the segment's start: a native extension's result repeats its
   * source first. Forces a re-encode (a cut inside a GOP cannot be packet-copied).
   */
  skipSeconds?: number;
}

export type StitchMethod = 'copy' | 'reencode';

export interface StitchOptions {
  /** In playing order. */
  segments: readonly (string | StitchSegment)[];
  outPath: string;
  /** Crossfade between consecutive segments, seconds; forces a re-encode. Default 0 (hard cuts). */
  crossfadeSeconds?: number;
  /** 'auto' (default) copies when it can; 'copy' fails instead of re-encoding; 'reencode' always re-encodes. */
  method?: 'auto' | StitchMethod;
  /** A packet-copy join whose audio would sit further than this from its video at a joint is re-encoded. Default 0.045 s. */
  maxAudioJointErrorSeconds?: number;
  /** Also write a WebP thumbnail taken from the first segment. */
  thumbnailPath?: string;
  /** Seconds into the first segment for the thumbnail (default: 1 s, or the middle of a shorter segment). */
  thumbnailAtSeconds?: number;
  reencode?: { preset?: string; crf?: number };
  ffmpegPath?: string;
  signal?: AbortSignal;
  /** 0..1 as the copy proceeds (re-encodes report 0 then 1). */
  onProgress?: (fraction: number) => void;
}

export interface StitchResult {
  method: StitchMethod;
  /** Why the copy path was not used (null when it was). */
  reencodeReason: string | null;
  /** Measured on the written file. */
  durationSeconds: number;
  /** Where each segment starts in the output, seconds (crossfades shift later ones earlier). */
  offsets: number[];
  width: number;
  height: number;
  bytes: number;
  /** For copies: 'ranges' (sample tables read directly, bytes copied in ranges) or 'packets' (mediabunny, packet by packet). */
  copyPath: 'ranges' | 'packets' | null;
  /** Largest audio/video misalignment introduced at a joint by packet copy (null for re-encodes). */
  audioJointErrorSeconds: number | null;
}

const DEFAULT_MAX_AUDIO_JOINT_ERROR = 0.045;

/** Stitches the segments into `outPath`. Throws ReelgateError('internal') on unreadable input or ffmpeg failure. */
export async function stitchSegments(options: StitchOptions): Promise<StitchResult> {
  if (options.segments.length === 0) {
    throw new ReelgateError({ code: 'invalid_request', message: 'Nothing to stitch: no segments given.' });
  }
  const requested = options.segments.map((segment) =>
    typeof segment === 'string' ? { path: segment } : segment,
  );
  const partial = `${options.outPath}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const skips = requested.map((segment) => Math.max(0, segment.skipSeconds ?? 0));
    const skipping = skips.some((skip) => skip > 0);
    // Fast path first: identical sample descriptions, joined from the sample tables alone.
    const fast = skipping ? null : await tryIdenticalCopy(options, requested, partial);
    let outcome: Outcome | null = fast;
    let firstLength = fast ? (fast.offsets[1] ?? fast.durationSeconds) : 0;
    if (!outcome) {
      const infos = await probeSegments(requested);
      const pieces: SkippedPiece[] = infos.map((info, index) => ({
        info,
        skipSeconds: Math.min(skips[index] ?? 0, info.durationSeconds),
        keepSeconds: Math.min(
          info.durationSeconds - Math.min(skips[index] ?? 0, info.durationSeconds),
          requested[index]?.keepSeconds ?? Number.POSITIVE_INFINITY,
        ),
      }));
      outcome = await writeStitched(options, pieces, partial);
      firstLength = infos[0]?.durationSeconds ?? 0;
    }
    await rename(partial, options.outPath);
    if (options.thumbnailPath) await writeThumbnail(options, requested[0]?.path as string, firstLength);
    const written = await readSegmentInfo(options.outPath);
    const bytes = (await stat(options.outPath)).size;
    options.onProgress?.(1);
    return {
      method: outcome.method,
      copyPath: outcome.copyPath,
      reencodeReason: outcome.reencodeReason,
      offsets: outcome.offsets,
      audioJointErrorSeconds: outcome.audioJointErrorSeconds,
      durationSeconds: Math.max(written.video.endTimestamp, written.audio?.endTimestamp ?? 0),
      width: written.video.width,
      height: written.video.height,
      bytes,
    };
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof ReelgateError) throw error;
    throw stitchError('Stitching the segments failed.', error, {});
  }
}

function probeSegments(requested: readonly StitchSegment[]): Promise<SegmentInfo[]> {
  return Promise.all(
    requested.map((segment, index) =>
      readSegmentInfo(segment.path).catch((error: unknown) => {
        throw stitchError(`Segment ${index} is not a readable MP4 video.`, error, { segmentIndex: index });
      }),
    ),
  );
}

/** The range copy when every segment's sample descriptions are byte-identical (the usual case: one model, one encoder). */
async function tryIdenticalCopy(
  options: StitchOptions,
  requested: readonly StitchSegment[],
  partial: string,
): Promise<(Outcome & { durationSeconds: number }) | null> {
  if ((options.method ?? 'auto') === 'reencode' || (options.crossfadeSeconds ?? 0) > 0) return null;
  const result = await concatStitch(
    requested.map((segment) => ({
      path: segment.path,
      keepSeconds: segment.keepSeconds ?? Number.POSITIVE_INFINITY,
    })),
    partial,
    { signal: options.signal, onProgress: options.onProgress, requireIdenticalSampleEntries: true },
  ).catch(() => null);
  const limit = options.maxAudioJointErrorSeconds ?? DEFAULT_MAX_AUDIO_JOINT_ERROR;
  if (!result || result.audioJointErrorSeconds > limit) {
    await rm(partial, { force: true });
    return null;
  }
  return {
    method: 'copy',
    copyPath: 'ranges',
    reencodeReason: null,
    offsets: result.offsets,
    audioJointErrorSeconds: result.audioJointErrorSeconds,
    durationSeconds: result.durationSeconds,
  };
}

type Outcome = Pick<
  StitchResult,
  'method' | 'reencodeReason' | 'offsets' | 'audioJointErrorSeconds' | 'copyPath'
>;

/** A copy piece that may start after the segment's first frame. */
type SkippedPiece = CopyPiece & { skipSeconds: number };

async function writeStitched(
  options: StitchOptions,
  pieces: SkippedPiece[],
  partial: string,
): Promise<Outcome> {
  const method = options.method ?? 'auto';
  const crossfade = options.crossfadeSeconds ?? 0;
  let reason: string | null = null;
  if (method === 'reencode') reason = 're-encode requested';
  else if (crossfade > 0) reason = 'crossfade requested';
  else if (pieces.some((piece) => piece.skipSeconds > 0))
    reason = 'a segment starts after its first frame (an extension repeats its source video)';
  else reason = copyIncompatibility(pieces.map((piece) => piece.info));
  if (reason === null) {
    // Fast path: sample tables read directly, media copied in large ranges.
    const concatenated = await concatStitch(
      pieces.map((piece) => ({ path: piece.info.path, keepSeconds: piece.keepSeconds })),
      partial,
      { signal: options.signal, onProgress: options.onProgress },
    );
    const limit = options.maxAudioJointErrorSeconds ?? DEFAULT_MAX_AUDIO_JOINT_ERROR;
    if (concatenated && concatenated.audioJointErrorSeconds <= limit) {
      return {
        method: 'copy',
        copyPath: 'ranges',
        reencodeReason: null,
        offsets: concatenated.offsets,
        audioJointErrorSeconds: concatenated.audioJointErrorSeconds,
      };
    }
    await rm(partial, { force: true });
  }
  if (reason === null) {
    // General path: packet by packet through mediabunny (any layout it can read).
    const layout = await layoutCopy(pieces);
    if (layout === null) reason = 'a trim does not fall on a packet boundary';
    else {
      const { audioJointErrorSeconds } = await copyStitch({
        pieces,
        layout,
        outPath: partial,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      const limit = options.maxAudioJointErrorSeconds ?? DEFAULT_MAX_AUDIO_JOINT_ERROR;
      if (audioJointErrorSeconds <= limit) {
        return {
          method: 'copy',
          copyPath: 'packets',
          reencodeReason: null,
          offsets: layout.offsets,
          audioJointErrorSeconds,
        };
      }
      reason = `audio would be ${(audioJointErrorSeconds * 1000).toFixed(0)} ms off at a joint (a segment's audio is shorter than its video)`;
      await rm(partial, { force: true });
    }
  }
  if (method === 'copy') {
    throw new ReelgateError({
      code: 'invalid_request',
      message: `These segments cannot be joined by packet copy: ${reason}.`,
      hint: "Use method 'auto' to allow a re-encode.",
    });
  }
  const first = pieces[0]?.info as SegmentInfo;
  options.onProgress?.(0);
  await reencodeStitch({
    segments: pieces.map((piece) => ({
      path: piece.info.path,
      ...(piece.skipSeconds > 0 ? { startSeconds: piece.skipSeconds } : {}),
      lengthSeconds: piece.keepSeconds,
      hasAudio: piece.info.audio !== null,
    })),
    outPath: partial,
    width: first.video.width,
    height: first.video.height,
    framesPerSecond: first.video.framesPerSecond,
    crossfadeSeconds: crossfade,
    ...(options.reencode?.preset ? { preset: options.reencode.preset } : {}),
    ...(options.reencode?.crf !== undefined ? { crf: options.reencode.crf } : {}),
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const offsets: number[] = [];
  let at = 0;
  for (const piece of pieces) {
    offsets.push(at);
    at += piece.keepSeconds - Math.max(crossfade, 0);
  }
  return {
    method: 'reencode',
    copyPath: null,
    reencodeReason: reason,
    offsets,
    audioJointErrorSeconds: null,
  };
}

async function writeThumbnail(
  options: StitchOptions,
  firstPath: string,
  firstSeconds: number,
): Promise<void> {
  const at = options.thumbnailAtSeconds ?? Math.min(1, firstSeconds / 2);
  const partial = `${options.thumbnailPath}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await renderThumbnail({
      videoPath: firstPath,
      outPath: partial,
      atSeconds: at,
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await rename(partial, options.thumbnailPath as string);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

function stitchError(message: string, cause: unknown, details: Record<string, unknown>): ReelgateError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ReelgateError({
    code: 'internal',
    message: `${message} ${reason}`.slice(0, 500),
    retryable: false,
    cause,
    details: { stage: 'stitch', ...details },
  });
}
