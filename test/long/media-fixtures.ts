/**
 * Small media fixtures for the long-video tests: coloured clips with beeps at known local
 * times, and measurements of what came out (beep onsets, pixel colours, top-level MP4 boxes).
 */
import { open } from 'node:fs/promises';
import { findFfmpeg } from '../../src/media/ffmpeg.ts';
import { runProcess } from '../../src/media/run-process.ts';

export interface SegmentSpec {
  path: string;
  seconds: number;
  width?: number;
  height?: number;
  fps?: number;
  color?: string;
  /** Local times (s) of 100 ms 1 kHz beeps. Default [0.5, seconds - 0.6]. */
  beeps?: number[];
  audio?: boolean;
  /** x264 preset (different presets give different decoder configurations). */
  preset?: string;
  /** Switch to this colour for the last `tailSeconds` (to recognise the final frame). */
  tailColor?: string;
  tailSeconds?: number;
}

export function defaultBeeps(seconds: number): number[] {
  return seconds >= 2 ? [0.5, seconds - 0.6] : [0.3];
}

/** Renders one H.264/AAC MP4 segment with ffmpeg (lavfi colour + beeps). */
export async function makeSegment(spec: SegmentSpec): Promise<void> {
  const width = spec.width ?? 320;
  const height = spec.height ?? 180;
  const fps = spec.fps ?? 30;
  const color = spec.color ?? 'blue';
  const beeps = spec.beeps ?? defaultBeeps(spec.seconds);
  const gate = beeps.map((at) => `between(t,${at},${(at + 0.1).toFixed(3)})`).join('+');
  const video = spec.tailColor
    ? `color=c=${color}:s=${width}x${height}:r=${fps}:d=${spec.seconds},` +
      `drawbox=c=${spec.tailColor}:t=fill:enable='gte(t,${spec.seconds - (spec.tailSeconds ?? 0.5)})'`
    : `color=c=${color}:s=${width}x${height}:r=${fps}:d=${spec.seconds}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', video];
  if (spec.audio !== false) {
    args.push(
      '-f',
      'lavfi',
      '-i',
      `aevalsrc='if(gt(${gate},0),0.6*sin(2*PI*1000*t),0)':s=48000:c=mono:d=${spec.seconds}`,
    );
    args.push('-c:a', 'aac', '-b:a', '64k');
  }
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    spec.preset ?? 'ultrafast',
    '-crf',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-t',
    String(spec.seconds),
    '-movflags',
    '+faststart',
    spec.path,
  );
  await runProcess(findFfmpeg(), args);
}

/** Decodes the audio to 48 kHz mono PCM and returns the start times of beeps (after >= 50 ms of quiet). */
export async function beepOnsets(path: string): Promise<number[]> {
  const pcm = await decodeAudio(path);
  const threshold = 0.1 * 32767;
  const quietSamples = 0.05 * 48000;
  const onsets: number[] = [];
  let lastLoud = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < pcm.length; index++) {
    if (Math.abs(pcm[index] ?? 0) > threshold) {
      if (index - lastLoud > quietSamples) onsets.push(index / 48000);
      lastLoud = index;
    }
  }
  return onsets;
}

/** Decodes a file's audio to 48 kHz mono signed 16-bit PCM. */
export async function decodeAudio(path: string): Promise<Int16Array> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(findFfmpeg(), [
      '-v',
      'error',
      '-i',
      path,
      '-vn',
      '-ac',
      '1',
      '-ar',
      '48000',
      '-f',
      's16le',
      '-',
    ]);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg exited ${code}`));
      const all = Buffer.concat(chunks);
      resolve(new Int16Array(all.buffer, all.byteOffset, Math.floor(all.byteLength / 2)));
    });
  });
}

/** The average colour of an image or of a video's frame at `atSeconds`, as [r, g, b]. */
export async function averageColor(path: string, atSeconds?: number): Promise<[number, number, number]> {
  const { spawn } = await import('node:child_process');
  const seek = atSeconds === undefined ? [] : ['-ss', String(atSeconds)];
  return new Promise((resolve, reject) => {
    const child = spawn(findFfmpeg(), [
      '-v',
      'error',
      ...seek,
      '-i',
      path,
      '-frames:v',
      '1',
      '-vf',
      'scale=1:1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ]);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const bytes = Buffer.concat(chunks);
      if (code !== 0 || bytes.length < 3) return reject(new Error(`ffmpeg exited ${code}`));
      resolve([bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0]);
    });
  });
}

/** Types of the top-level boxes of an MP4, in file order (fast start: moov before mdat). */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const types: string[] = [];
    let position = 0;
    const header = Buffer.alloc(16);
    while (position + 8 <= size) {
      await handle.read(header, 0, 16, position);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - position;
      if (boxSize < 8) break;
      types.push(type);
      position += boxSize;
    }
    return types;
  } finally {
    await handle.close();
  }
}

/** Decodes the whole file; returns ffmpeg's error output (empty for a clean file). */
export async function decodeErrors(path: string): Promise<string> {
  const { stderr } = await runProcess(findFfmpeg(), ['-v', 'error', '-i', path, '-f', 'null', '-']);
  return stderr.trim();
}
