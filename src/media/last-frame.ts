/**
 * The last frame of a video as a still image: the first frame (image-to-video input) of the
 * next segment when a model cannot extend a video natively.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { findFfmpeg } from './ffmpeg.ts';
import { runProcess } from './run-process.ts';

export type StillFormat = 'png' | 'jpeg';

export interface LastFrameOptions {
  videoPath: string;
  outPath: string;
  /** PNG (lossless, default) or JPEG (smaller; some providers cap upload size). */
  format?: StillFormat;
  /**
   * Take the last frame before this time instead of the video's end: the kept end of a trimmed
   * segment (a plan's `sourceFrameSeconds`).
   */
  beforeSeconds?: number | null;
  ffmpegPath?: string;
  signal?: AbortSignal;
}

export interface StillImage {
  path: string;
  mediaType: 'image/png' | 'image/jpeg';
  bytes: number;
}

/**
 * Writes the video's final frame to `outPath`. ffmpeg seeks to about a second before the end,
 * decodes that last second (whatever the GOP layout) and reverses it, so the first frame out of
 * the filter is the last one decoded and the only one encoded. (Overwriting one image with every
 * decoded frame, `-update 1`, gives the same frame but encodes each one: about 3x the CPU.) The
 * reversed second is held in memory as raw frames, about 80 MB at 1080p and 24 fps, in the
 * ffmpeg process.
 */
export async function extractLastFrame(options: LastFrameOptions): Promise<StillImage> {
  const format = options.format ?? 'png';
  await rm(options.outPath, { force: true });
  const codec = format === 'png' ? ['-c:v', 'png'] : ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj420p'];
  await runProcess(
    options.ffmpegPath ?? findFfmpeg(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      ...seekArguments(options.beforeSeconds),
      // An input option: the window must end at the cut before the reversal sees it.
      ...(options.beforeSeconds ? ['-t', String(Math.min(1, options.beforeSeconds) - 0.001)] : []),
      '-i',
      options.videoPath,
      '-an',
      '-vf',
      'reverse',
      '-frames:v',
      '1',
      ...codec,
      '-f',
      'image2',
      options.outPath,
    ],
    options.signal,
  );
  const bytes = (await stat(options.outPath)).size;
  if (bytes === 0) throw new Error(`no frame could be read from ${options.videoPath}`);
  return { path: options.outPath, mediaType: format === 'png' ? 'image/png' : 'image/jpeg', bytes };
}

/** Start decoding about a second before the wanted frame (from the end, or before `beforeSeconds`). */
function seekArguments(beforeSeconds: number | null | undefined): string[] {
  if (!beforeSeconds) return ['-sseof', '-1'];
  return ['-ss', String(Math.max(0, beforeSeconds - 1))];
}

/** The last frame as bytes plus media type, ready for an image-to-video `image` input. */
export async function lastFrameImage(
  options: LastFrameOptions,
): Promise<{ data: Uint8Array; mediaType: StillImage['mediaType'] }> {
  const still = await extractLastFrame(options);
  return { data: new Uint8Array(await readFile(still.path)), mediaType: still.mediaType };
}
