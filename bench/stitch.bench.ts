/**
 * Stitching 5 x 12 s 1080p segments into one 60 s MP4: packet copy (mediabunny) against a plain
 * byte copy of the same files (the floor: reading and writing the same bytes) and against an
 * ffmpeg re-encode of the same segments, all in this run, as wall time and as CPU time (medians
 * of 9 alternating runs after one unmeasured warm-up round). Target: packet copy within 2x of the byte copy on both.
 *
 * The same join through mediabunny alone (its demuxer and muxer, packet by packet: the general
 * copy path, stitch-copy.ts) is timed in the same loop, to show what the range copier (our own
 * sample-table reader and index writer, mp4-read.ts / mp4-write.ts) buys over it.
 *
 * The segments are made here with ffmpeg (ultrafast, a moving test pattern with film grain so
 * they weigh what a provider's 1080p clip weighs, ~8 Mbit/s), one render copied five times
 * (packet copy only needs identical codec settings, which provider clips of one model share).
 */
import { copyFile, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg } from '../src/media/ffmpeg.ts';
import { runProcess } from '../src/media/run-process.ts';
import { readSegmentInfo } from '../src/media/segment-info.ts';
import { copyStitch, layoutCopy } from '../src/media/stitch-copy.ts';
import { stitchSegments } from '../src/media/stitch.ts';
import type { BenchResult } from './bench-result.ts';

const SEGMENTS = 5;
const SEGMENT_SECONDS = 12;
const REPEATS = 9;

export async function run(): Promise<BenchResult[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgate-stitch-bench-'));
  try {
    const first = join(work, 'segment-0.mp4');
    await renderSegment(first);
    const segments = [first];
    for (let index = 1; index < SEGMENTS; index++) {
      const path = join(work, `segment-${index}.mp4`);
      await copyFile(first, path);
      segments.push(path);
    }
    const segmentBytes = (await stat(first)).size;

    // Alternate the byte copy and the stitch, swapping their order each round: a busy machine
    // slows both alike, and neither always runs right after the other's 64 MB of writes (still
    // being flushed). The mediabunny join runs in a loop of its own afterwards, so the garbage it
    // leaves is not collected inside the stitch's measurements.
    const byteSamples: Timing[] = [];
    const copySamples: Timing[] = [];
    const mediabunnySamples: Timing[] = [];
    let copyResult: Awaited<ReturnType<typeof stitchSegments>> | undefined;
    let peakRss = 0;
    const byteCopyRun = () => concatenateBytes(segments, join(work, 'bytes.bin'));
    const stitchRun = async () => {
      copyResult = await stitchSegments({ segments, outPath: join(work, 'copy.mp4'), method: 'copy' });
    };
    // One unmeasured round first: a worker stitches many videos, so its code is compiled (JIT)
    // after the first; the cold first run is not what it costs.
    await byteCopyRun();
    await stitchRun();
    const baseRss = process.memoryUsage.rss();
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      if (repeat % 2 === 0) byteSamples.push(await timed(byteCopyRun));
      const sampler = sampleRss((rss) => {
        peakRss = Math.max(peakRss, rss);
      });
      try {
        copySamples.push(await timed(stitchRun));
      } finally {
        sampler.stop();
      }
      if (repeat % 2 === 1) byteSamples.push(await timed(byteCopyRun));
    }
    await mediabunnyJoin(segments, join(work, 'packets.mp4'));
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      mediabunnySamples.push(await timed(() => mediabunnyJoin(segments, join(work, 'packets.mp4'))));
    }
    const byteCopy = median(byteSamples.map((sample) => sample.wallMs));
    const packetCopy = median(copySamples.map((sample) => sample.wallMs));
    const byteCpu = median(byteSamples.map((sample) => sample.cpuMs));
    const packetCpu = median(copySamples.map((sample) => sample.cpuMs));
    const mediabunnyWall = median(mediabunnySamples.map((sample) => sample.wallMs));
    const mediabunnyCpu = median(mediabunnySamples.map((sample) => sample.cpuMs));
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    const reencodeStarted = performance.now();
    const reencoded = await stitchSegments({
      segments,
      outPath: join(work, 'reencode.mp4'),
      method: 'reencode',
      // the cheapest x264 preset: the most favourable comparison for re-encoding (veryfast, the default, takes ~3x longer)
      reencode: { preset: 'ultrafast' },
    });
    const reencode = performance.now() - reencodeStarted;

    const mb = (SEGMENTS * segmentBytes) / 1e6;
    return [
      {
        name: 'stitch: plain byte copy of 5 x 12 s 1080p (baseline)',
        value: round(byteCopy),
        unit: 'ms',
        note: `${mb.toFixed(1)} MB, median of ${REPEATS}`,
      },
      {
        name: 'stitch: packet copy (fast start, no re-encode)',
        value: round(packetCopy),
        unit: 'ms',
        note: `median of ${REPEATS}, ${copyResult?.copyPath} path; output ${copyResult?.durationSeconds.toFixed(2)} s, audio joint error ${((copyResult?.audioJointErrorSeconds ?? 0) * 1000).toFixed(1)} ms`,
      },
      {
        name: 'stitch: packet copy / byte copy (wall time)',
        value: round(packetCopy / byteCopy, 2),
        unit: 'x',
        note: `target <= 2; medians of ${REPEATS} alternating runs; 1-min load average ${load}`,
      },
      {
        name: 'stitch: plain byte copy CPU time (baseline)',
        value: round(byteCpu),
        unit: 'ms',
        note: `median of ${REPEATS}; user + system of this process`,
      },
      {
        name: 'stitch: packet copy CPU time',
        value: round(packetCpu),
        unit: 'ms',
        note: `median of ${REPEATS}`,
      },
      {
        name: 'stitch: packet copy / byte copy (CPU time)',
        value: round(packetCpu / Math.max(1, byteCpu), 2),
        unit: 'x',
        note: 'target <= 2',
      },
      {
        name: 'stitch: mediabunny packet-by-packet join / byte copy (wall time)',
        value: round(mediabunnyWall / byteCopy, 2),
        unit: 'x',
        note: `${round(mediabunnyWall)} ms, median of ${REPEATS}; the general copy path (stitch-copy.ts)`,
      },
      {
        name: 'stitch: mediabunny packet-by-packet join / byte copy (CPU time)',
        value: round(mediabunnyCpu / Math.max(1, byteCpu), 2),
        unit: 'x',
        note: `${round(mediabunnyCpu)} ms, median of ${REPEATS}`,
      },
      {
        name: 'stitch: ffmpeg re-encode (libx264 ultrafast, crf 20)',
        value: round(reencode),
        unit: 'ms',
        note: `output ${reencoded.durationSeconds.toFixed(2)} s`,
      },
      { name: 'stitch: re-encode / packet copy', value: round(reencode / packetCopy, 1), unit: 'x' },
      {
        name: 'stitch: packet copy, bench process RSS growth while stitching',
        value: round(Math.max(0, peakRss - baseRss) / 1e6),
        unit: 'MB',
        note: `output ${mb.toFixed(0)} MB; RSS before ${round(baseRss / 1e6)} MB`,
      },
    ];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function renderSegment(path: string): Promise<void> {
  await runProcess(findFfmpeg(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=1920x1080:r=24:d=${SEGMENT_SECONDS},noise=alls=12:allf=t`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${SEGMENT_SECONDS}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-b:v',
    '8M',
    '-maxrate',
    '8M',
    '-bufsize',
    '16M',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-movflags',
    '+faststart',
    path,
  ]);
}

/** The same join with mediabunny reading and writing every packet (the general copy path). */
async function mediabunnyJoin(paths: string[], outPath: string): Promise<void> {
  const infos = await Promise.all(paths.map((path) => readSegmentInfo(path)));
  const pieces = infos.map((info) => ({ info, keepSeconds: info.durationSeconds }));
  const layout = await layoutCopy(pieces);
  if (!layout) throw new Error('bench: the segments cannot be joined by packet copy');
  await copyStitch({ pieces, layout, outPath });
}

/** The floor: the same bytes read and written once, in 1 MiB chunks. */
async function concatenateBytes(paths: string[], outPath: string): Promise<void> {
  const out = await open(outPath, 'w');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (const path of paths) {
      const input = await open(path, 'r');
      try {
        for (;;) {
          const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          await out.write(buffer, 0, bytesRead);
        }
      } finally {
        await input.close();
      }
    }
  } finally {
    await out.close();
  }
}

interface Timing {
  wallMs: number;
  /** CPU time of this process (all its threads: the fs thread pool included). */
  cpuMs: number;
}

async function timed(task: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await task();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function sampleRss(onSample: (rss: number) => void): { stop(): void } {
  onSample(process.memoryUsage.rss());
  const timer = setInterval(() => onSample(process.memoryUsage.rss()), 20);
  return { stop: () => clearInterval(timer) };
}

function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
