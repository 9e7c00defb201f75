/** Media helpers: binary lookup order, rendered clips' shape, and the audio beep pattern. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { findFfmpeg, findFfprobe } from '../../src/media/ffmpeg.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { mediaTools } from '../../src/media/tools.ts';
import {
  BEEP_HZ,
  findFont,
  renderSpritesheet,
  renderThumbnail,
  renderVideo,
  SEGMENT_START_BEEP_HZ,
  wrapText,
} from '../../src/media/render.ts';
import { averageColour, ffprobeStream, imageFixture, tempFile } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'reelgate-media-test-'));

describe('finding ffmpeg', () => {
  it('prefers the configured path (REELGATE_FFMPEG), then the search path (PATH), then the npm package', () => {
    const npmBinary = findFfmpeg({ searchPath: '' });
    expect(npmBinary).toContain('@ffmpeg-installer');
    expect(findFfprobe({ searchPath: '' })).toContain('@ffprobe-installer');
    expect(findFfmpeg({ searchPath: '/usr/bin' })).toBe('/usr/bin/ffmpeg');
    expect(findFfmpeg({ configured: npmBinary, searchPath: '/usr/bin' })).toBe(npmBinary);
    expect(() => findFfmpeg({ configured: '/nope/ffmpeg' })).toThrow(/REELGATE_FFMPEG/);
  });

  it('reads no environment: the tools come from the configuration, looked up once on first use', () => {
    const npmBinary = findFfmpeg({ searchPath: '' });
    const tools = mediaTools(loadConfig({ REELGATE_FFMPEG: npmBinary, PATH: '/nonexistent' }).media);
    expect(tools.ffmpeg()).toBe(npmBinary);
    expect(tools.ffprobe()).toContain('@ffprobe-installer');
    expect(tools.font()).toBe(findFont());
    const missing = mediaTools(loadConfig({ REELGATE_FFMPEG: '/nope/ffmpeg' }).media);
    expect(() => missing.ffmpeg()).toThrow(/REELGATE_FFMPEG/);
  });
});

describe('rendering', () => {
  it('renders exactly the size and duration, with beeps at every second and clip-start markers', async () => {
    const path = join(dir, 'two-segments.mp4');
    await renderVideo({
      width: 320,
      height: 180,
      segments: [
        { seconds: 2, text: 'first clip' },
        { seconds: 3, text: 'second clip' },
      ],
      outPath: path,
    });
    const info = await probeMedia(path);
    expect(info).toMatchObject({
      width: 320,
      height: 180,
      videoCodec: 'avc',
      audioCodec: 'aac',
      hasAudio: true,
    });
    expect(info.durationSeconds).toBeCloseTo(5, 1);

    // Decode the audio and find where each second's beep starts and at what pitch.
    const rate = 16_000;
    const pcm = execFileSync(findFfmpeg(), [
      '-v',
      'error',
      '-i',
      path,
      '-f',
      's16le',
      '-ac',
      '1',
      '-ar',
      String(rate),
      '-',
    ]);
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
    const beeps: { atSeconds: number; hz: number }[] = [];
    for (let second = 0; second < 5; second++) {
      const window = samples.subarray(second * rate, second * rate + rate / 2);
      const onset = window.findIndex((sample) => Math.abs(sample) > 3000);
      let crossings = 0;
      const beep = window.subarray(onset, onset + rate * 0.08);
      for (let i = 1; i < beep.length; i++) if (beep[i - 1]! < 0 !== beep[i]! < 0) crossings += 1;
      beeps.push({ atSeconds: second + onset / rate, hz: crossings / 2 / 0.08 });
    }
    for (const [second, beep] of beeps.entries()) expect(beep.atSeconds).toBeCloseTo(second, 1);
    const pitch = beeps.map((beep) =>
      Math.abs(beep.hz - SEGMENT_START_BEEP_HZ) < 100
        ? 'start'
        : Math.abs(beep.hz - BEEP_HZ) < 100
          ? 'tick'
          : beep.hz,
    );
    expect(pitch).toEqual(['start', 'tick', 'start', 'tick', 'tick']);
  });

  it('works with the ffmpeg shipped in the npm package (the fallback without a system ffmpeg)', async () => {
    const ffmpegPath = findFfmpeg({ searchPath: '' });
    const video = join(dir, 'npm-ffmpeg.mp4');
    const image = tempFile('first.png', imageFixture(160, 90, 'png'));
    await renderVideo({
      width: 160,
      height: 90,
      segments: [{ seconds: 2, text: 'fallback' }],
      outPath: video,
      ffmpegPath,
      firstFrameImage: image,
    });
    expect(await probeMedia(video)).toMatchObject({
      width: 160,
      height: 90,
      durationSeconds: 2,
      audioCodec: 'aac',
    });
    expect(averageColour(video, 0)[0]).toBeGreaterThan(200); // the orange first frame
    expect(averageColour(video, 1.5)[0]).toBeLessThan(150);
    await renderThumbnail({ videoPath: video, outPath: join(dir, 'npm.webp'), atSeconds: 1, ffmpegPath });
    expect(ffprobeStream(join(dir, 'npm.webp'))).toMatchObject({
      codec_name: 'webp',
      width: 160,
      height: 90,
    });
    const layout = await renderSpritesheet({
      videoPath: video,
      outPath: join(dir, 'npm.jpg'),
      width: 160,
      height: 90,
      seconds: 2,
      ffmpegPath,
    });
    expect(ffprobeStream(join(dir, 'npm.jpg'))).toMatchObject({
      codec_name: 'mjpeg',
      width: layout.columns * layout.tileWidth,
      height: layout.rows * layout.tileHeight,
    });
  });

  it('wraps long prompts into a few lines', () => {
    const wrapped = wrapText('word '.repeat(200), 20, 3);
    const lines = wrapped.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.length <= 20)).toBe(true);
    expect(wrapped.endsWith('...')).toBe(true);
    expect(wrapText('x'.repeat(45), 20, 5).split('\n')).toEqual([
      'x'.repeat(20),
      'x'.repeat(20),
      'x'.repeat(5),
    ]);
  });
});
