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
  ffmpegPath?: string;
  signal?: AbortSignal;
}

export interface StillImage {
  path: string;
  mediaType: 'image/png' | 'image/jpeg';
  bytes: number;
}

/**
 * Writes the video's final frame to `outPath`. ffmpeg seeks to about a second before the end
 * and overwrites the one output image with every decoded frame (`-update 1`), so what remains
 * is the last frame, whatever the GOP layout.
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
      '-sseof',
      '-1',
      '-i',
      options.videoPath,
      '-an',
      '-update',
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

/** The last frame as bytes plus media type, ready for an image-to-video `image` input. */
export async function lastFrameImage(
  options: LastFrameOptions,
): Promise<{ data: Uint8Array; mediaType: StillImage['mediaType'] }> {
  const still = await extractLastFrame(options);
  return { data: new Uint8Array(await readFile(still.path)), mediaType: still.mediaType };
}
