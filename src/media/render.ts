/**
 * Cheap, deterministic media rendering with ffmpeg: a plain coloured background (optionally a
 * reference image as the first frames), the prompt text drawn per segment, a running timecode,
 * and an audio track of beeps at known times.
 *
 * Audio pattern (so audio sync of stitched videos can be measured): a 100 ms beep at the start
 * of every second, 1000 Hz normally and 2000 Hz in the first second of each segment (a
 * "clip start" marker); silence in between.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg } from './ffmpeg.ts';
import { runProcess } from './run-process.ts';

export interface RenderSegment {
  /** Whole seconds. */
  seconds: number;
  /** Text drawn while this segment plays (wrapped and cut to a few lines). */
  text: string;
}

export interface RenderVideoOptions {
  width: number;
  height: number;
  segments: RenderSegment[];
  outPath: string;
  /** Background colour as 0xRRGGBB (default dark blue). */
  background?: string;
  /** An image shown over the first half second (a reference image becomes the first frame). */
  firstFrameImage?: string | null;
  ffmpegPath?: string;
  fontFile?: string;
  signal?: AbortSignal;
}

export const RENDER_FPS = 24;
export const BEEP_SECONDS = 0.1;
export const BEEP_HZ = 1000;
export const SEGMENT_START_BEEP_HZ = 2000;

const fontCandidates = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

/** A TrueType font for drawtext: the configured one (REELGATE_FONT), else DejaVu Sans if installed; undefined = draw no text. */
export function findFont(configured?: string): string | undefined {
  if (configured && existsSync(configured)) return configured;
  return fontCandidates.find((path) => existsSync(path));
}

/** Renders an H.264/AAC MP4 of exactly `width`x`height` and the summed segment seconds. */
export async function renderVideo(options: RenderVideoOptions): Promise<void> {
  const ffmpeg = options.ffmpegPath ?? findFfmpeg();
  const total = options.segments.reduce((sum, segment) => sum + segment.seconds, 0);
  if (total <= 0) throw new Error('renderVideo needs at least one second of video');
  const font = options.fontFile ?? findFont();
  const workDir = await mkdtemp(join(tmpdir(), 'reelgate-render-'));
  try {
    const filters: string[] = [];
    if (font && isFilterSafe(font)) {
      const fontSize = Math.max(12, Math.round(Math.min(options.width, options.height) / 22));
      const charsPerLine = Math.max(10, Math.floor(options.width / (fontSize * 0.62)) - 2);
      let start = 0;
      for (const [index, segment] of options.segments.entries()) {
        const textPath = join(workDir, `segment-${index}.txt`);
        await writeFile(textPath, wrapText(segment.text, charsPerLine, 6));
        const end = start + segment.seconds;
        filters.push(
          `drawtext=fontfile=${font}:textfile=${textPath}:expansion=none:fontcolor=white:fontsize=${fontSize}` +
            `:line_spacing=${Math.round(fontSize / 3)}:x=(w-text_w)/2:y=(h-text_h)/2` +
            `:enable='between(t,${start},${end - 0.001})'`,
        );
        start = end;
      }
      // Running timecode (fixed format string, never user text) so frames visibly change.
      filters.push(
        `drawtext=fontfile=${font}:text='%{pts\\:hms}':fontcolor=yellow:fontsize=${fontSize}:x=${fontSize}:y=h-${fontSize * 2}`,
      );
    }
    const segmentStarts: number[] = [];
    let offset = 0;
    for (const segment of options.segments) {
      segmentStarts.push(offset);
      offset += segment.seconds;
    }
    const isSegmentStart = segmentStarts.map((s) => `eq(floor(t),${s})`).join('+');
    const frequency = `(${BEEP_HZ}+${SEGMENT_START_BEEP_HZ - BEEP_HZ}*gt(${isSegmentStart},0))`;
    const audio = `aevalsrc='if(lt(mod(t,1),${BEEP_SECONDS}),0.5*sin(2*PI*${frequency}*t),0)':s=48000:c=mono:d=${total}`;
    const background = options.background ?? '0x1d3557';
    const chain = filters.join(',');
    let videoArgs: string[];
    if (options.firstFrameImage) {
      const size = `${options.width}:${options.height}`;
      const overlay = `[2:v]scale=${size},format=yuva420p[first];[0:v][first]overlay=eof_action=pass`;
      videoArgs = [
        '-filter_complex',
        chain ? `${overlay}[base];[base]${chain}[v]` : `${overlay}[v]`,
        '-map',
        '[v]',
      ];
    } else {
      videoArgs = [...(chain ? ['-vf', chain] : []), '-map', '0:v'];
    }
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `color=c=${background}:s=${options.width}x${options.height}:r=${RENDER_FPS}:d=${total}`,
      '-f',
      'lavfi',
      '-i',
      audio,
      ...(options.firstFrameImage
        ? ['-loop', '1', '-framerate', String(RENDER_FPS), '-t', '0.5', '-i', options.firstFrameImage]
        : []),
      ...videoArgs,
      '-map',
      '1:a',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '30',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(RENDER_FPS * 2),
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-t',
      String(total),
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      options.outPath,
    ];
    await runProcess(ffmpeg, args, options.signal);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export interface StillOptions {
  videoPath: string;
  outPath: string;
  ffmpegPath?: string;
  signal?: AbortSignal;
}

/** A WebP still of the video's frame at `atSeconds`, at the video's own size. */
export async function renderThumbnail(options: StillOptions & { atSeconds: number }): Promise<void> {
  const ffmpeg = options.ffmpegPath ?? findFfmpeg();
  await runProcess(
    ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      String(options.atSeconds),
      '-i',
      options.videoPath,
      '-frames:v',
      '1',
      '-c:v',
      'libwebp',
      '-quality',
      '60',
      '-f',
      'webp',
      options.outPath,
    ],
    options.signal,
  );
}

export interface SpritesheetLayout {
  columns: number;
  rows: number;
  frames: number;
  tileWidth: number;
  tileHeight: number;
  framesPerSecond: number;
}

/** The grid a spritesheet of a `seconds`-long video uses: one frame per second, at most 36 frames. */
export function spritesheetLayout(width: number, height: number, seconds: number): SpritesheetLayout {
  const frames = Math.max(1, Math.min(36, Math.round(seconds)));
  const columns = Math.ceil(Math.sqrt(frames));
  const rows = Math.ceil(frames / columns);
  const tileWidth = 160;
  const tileHeight = 2 * Math.round((tileWidth * height) / width / 2);
  return { columns, rows, frames, tileWidth, tileHeight, framesPerSecond: frames / seconds };
}

/** A JPEG grid of frames sampled evenly over the video (see spritesheetLayout). */
export async function renderSpritesheet(
  options: StillOptions & { width: number; height: number; seconds: number },
): Promise<SpritesheetLayout> {
  const ffmpeg = options.ffmpegPath ?? findFfmpeg();
  const layout = spritesheetLayout(options.width, options.height, options.seconds);
  await runProcess(
    ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      options.videoPath,
      '-vf',
      `fps=${layout.framesPerSecond},scale=${layout.tileWidth}:${layout.tileHeight},tile=${layout.columns}x${layout.rows}`,
      '-frames:v',
      '1',
      '-q:v',
      '5',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      options.outPath,
    ],
    options.signal,
  );
  return layout;
}

/** Wraps text to lines of at most `width` characters, keeping at most `maxLines` lines. */
export function wrapText(text: string, width: number, maxLines: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    for (let piece = word; piece.length > 0; piece = piece.slice(width)) {
      const chunk = piece.slice(0, width);
      if (line.length === 0) line = chunk;
      else if (line.length + 1 + chunk.length <= width) line += ` ${chunk}`;
      else {
        lines.push(line);
        line = chunk;
      }
    }
    if (lines.length >= maxLines) break;
  }
  if (line && lines.length < maxLines) lines.push(line);
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines || kept.join(' ').length < text.trim().length) {
    const last = kept.length - 1;
    if (last >= 0) kept[last] = `${kept[last]!.slice(0, Math.max(0, width - 3))}...`;
  }
  return kept.join('\n');
}

/** Characters that would break out of an ffmpeg filter option value. */
function isFilterSafe(path: string): boolean {
  return !/[:'\\,;[\]=\s]/.test(path);
}
