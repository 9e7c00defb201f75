/**
 * Cutting a part out of a video as its own MP4: the source a native extension continues (the
 * new part of the previous segment, since an extension's result repeats its source).
 * Re-encoded, so the cut is exact to a frame wherever it falls in the GOP.
 */
import { rm, stat } from 'node:fs/promises';
import { findFfmpeg } from './ffmpeg.ts';
import { runProcess } from './run-process.ts';

export interface ClipOptions {
  videoPath: string;
  outPath: string;
  /** Where the part starts, seconds. */
  startSeconds: number;
  /** How long it is, seconds (default: to the end). */
  durationSeconds?: number;
  ffmpegPath?: string;
  signal?: AbortSignal;
}

/** Writes the part to `outPath` (H.264 + AAC, fast start); returns its size in bytes. */
export async function cutClip(options: ClipOptions): Promise<{ path: string; bytes: number }> {
  await rm(options.outPath, { force: true });
  await runProcess(
    options.ffmpegPath ?? findFfmpeg(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      options.videoPath,
      '-ss',
      options.startSeconds.toFixed(6),
      ...(options.durationSeconds !== undefined ? ['-t', options.durationSeconds.toFixed(6)] : []),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '18',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      options.outPath,
    ],
    options.signal,
  );
  const bytes = (await stat(options.outPath)).size;
  if (bytes === 0) throw new Error(`no clip could be cut from ${options.videoPath}`);
  return { path: options.outPath, bytes };
}
