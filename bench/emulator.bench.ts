/**
 * Emulator costs: CPU seconds of ffmpeg per second of rendered 720p and 1080p video, and the
 * emulator's extra resident memory while it serves 50 concurrent downloads of a 12 s 1080p
 * file (relative to its idle RSS, measured in the same run, in a separate process so the
 * downloading client's memory does not count).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFfmpeg } from '../src/media/ffmpeg.ts';
import { renderVideo } from '../src/media/render.ts';
import type { BenchResult } from './bench-result.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLOCK_TICKS_PER_SECOND = 100;

export async function run(): Promise<BenchResult[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgate-emulator-bench-'));
  try {
    return [...(await renderCost(work)), ...(await downloadMemory(work))];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A wrapper around ffmpeg that logs the CPU time (user+sys) of each run from the shell's child rusage. */
async function timedFfmpeg(work: string): Promise<{ path: string; log: string }> {
  const path = join(work, 'ffmpeg-timed.sh');
  const log = join(work, 'cpu.log');
  await writeFile(
    path,
    `#!/bin/sh\n"${findFfmpeg()}" "$@"\nstatus=$?\nawk '{print $16, $17}' /proc/$$/stat >> "${log}"\nexit $status\n`,
  );
  await chmod(path, 0o755);
  return { path, log };
}

async function renderCost(work: string): Promise<BenchResult[]> {
  const ffmpeg = await timedFfmpeg(work);
  const seconds = 8;
  const results: BenchResult[] = [];
  const perSecond: Record<string, number> = {};
  for (const [label, width, height] of [
    ['720p', 1280, 720],
    ['1080p', 1920, 1080],
  ] as const) {
    await writeFile(ffmpeg.log, '');
    const started = performance.now();
    await renderVideo({
      width,
      height,
      segments: [{ seconds, text: 'A calico cat playing a piano on stage, benchmark render' }],
      outPath: join(work, `${label}.mp4`),
      ffmpegPath: ffmpeg.path,
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const [user, system] = (await readFile(ffmpeg.log, 'utf8')).trim().split(/\s+/).map(Number);
    const cpuSeconds = ((user ?? 0) + (system ?? 0)) / CLOCK_TICKS_PER_SECOND;
    perSecond[label] = cpuSeconds / seconds;
    results.push({
      name: `emulator render ${label}: CPU seconds per second of video`,
      value: cpuSeconds / seconds,
      unit: 'cpu-s/video-s',
      note: `${seconds} s clip, wall ${(wallSeconds / seconds).toFixed(3)} s per video second, ${findFfmpeg()}`,
    });
  }
  results.push({
    name: 'emulator render 1080p cost relative to 720p',
    value: perSecond['1080p']! / perSecond['720p']!,
    unit: 'x',
    note: '1080p has 2.25x the pixels',
  });
  return results;
}

/** RSS (kB) of a process from /proc. */
async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function downloadMemory(work: string): Promise<BenchResult[]> {
  const script = `
    import { startEmulator } from ${JSON.stringify(join(root, 'src/emulator/index.ts'))};
    const emulator = await startEmulator({ port: 0, speed: 1e6, seed: 1, dataDir: ${JSON.stringify(join(work, 'data'))} });
    process.stdout.write(JSON.stringify({ url: emulator.url }) + '\\n');
    process.stdin.on('end', () => emulator.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout
        .setEncoding('utf8')
        .once('data', (line: string) => resolve((JSON.parse(line) as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };
    const created = (await (
      await fetch(`${url}/v1/videos`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          prompt: 'Benchmark download',
          model: 'sora-2-pro',
          size: '1920x1080',
          seconds: '12',
        }),
      })
    ).json()) as { id: string };
    for (;;) {
      const video = (await (await fetch(`${url}/v1/videos/${created.id}`, { headers })).json()) as {
        status: string;
      };
      if (video.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const contentUrl = `${url}/v1/videos/${created.id}/content`;
    // first download renders the file; it is not part of the measurement
    const fileBytes = (await (await fetch(contentUrl, { headers })).arrayBuffer()).byteLength;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const idleKb = await rssKb(child.pid!);

    let peakKb = idleKb;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakKb = Math.max(peakKb, await rssKb(child.pid!));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const started = performance.now();
    const sizes = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await fetch(contentUrl, { headers });
        const reader = response.body!.getReader();
        let total = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          await new Promise((resolve) => setTimeout(resolve, 1)); // a slowish client keeps all 50 open
        }
        return total;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    if (sizes.some((size) => size !== fileBytes)) throw new Error('a download came back short');
    const extraMb = (peakKb - idleKb) / 1024;
    const fileMb = fileBytes / 1024 / 1024;
    return [
      { name: 'emulator idle RSS (12 s 1080p file rendered)', value: idleKb / 1024, unit: 'MB' },
      {
        name: 'emulator extra RSS serving 50 concurrent downloads (12 s 1080p)',
        value: extraMb,
        unit: 'MB',
        note: `peak ${(peakKb / 1024).toFixed(1)} MB vs idle ${(idleKb / 1024).toFixed(1)} MB; file ${fileMb.toFixed(2)} MB, 50 copies = ${(50 * fileMb).toFixed(1)} MB; ${seconds.toFixed(2)} s`,
      },
      {
        name: 'emulator peak RSS during 50 downloads relative to idle RSS',
        value: peakKb / idleKb,
        unit: 'x',
      },
      {
        name: 'emulator extra RSS per concurrent download',
        value: (extraMb * 1024) / 50,
        unit: 'KB',
        note: `the file itself is ${(fileMb * 1024).toFixed(0)} KB: plain backgrounds compress well`,
      },
    ];
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
