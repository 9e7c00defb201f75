import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReelgateError } from '../../src/core/errors.ts';
import { extractLastFrame } from '../../src/media/last-frame.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { readSegmentInfo } from '../../src/media/segment-info.ts';
import { stitchSegments } from '../../src/media/stitch.ts';
import { concatStitch } from '../../src/media/stitch-concat.ts';
import { copyStitch, layoutCopy } from '../../src/media/stitch-copy.ts';
import {
  averageColor,
  beepOnsets,
  decodeErrors,
  defaultBeeps,
  makeSegment,
  type SegmentSpec,
  topLevelBoxes,
} from './media-fixtures.ts';

let dir: string;
const specs: Record<string, SegmentSpec> = {};
const path = (name: string) => join(dir, name);

/** Expected beep onsets of segments played back to back (each starting where the previous ends). */
function expectedOnsets(lengths: number[], beeps: (seconds: number) => number[] = defaultBeeps): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const length of lengths) {
    for (const at of beeps(length)) if (at < length) out.push(offset + at);
    offset += length;
  }
  return out;
}

function expectOnsetsNear(actual: number[], expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  for (const [index, at] of expected.entries()) {
    expect(Math.abs((actual[index] ?? Number.NaN) - at)).toBeLessThanOrEqual(tolerance);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelgate-long-'));
  const list: SegmentSpec[] = [
    { path: path('a.mp4'), seconds: 2, color: 'blue' },
    { path: path('b.mp4'), seconds: 3, color: 'red' },
    { path: path('c.mp4'), seconds: 4, color: 'green', tailColor: 'yellow', tailSeconds: 0.5 },
    // Only the very last frame (t = 47/24 s) is yellow; B-frames reorder the tail.
    {
      path: path('last-only.mp4'),
      seconds: 2,
      fps: 24,
      preset: 'medium',
      color: 'green',
      tailColor: 'yellow',
      tailSeconds: 0.06,
    },
    { path: path('small.mp4'), seconds: 2, width: 240, height: 136, color: 'white' },
    { path: path('medium-preset.mp4'), seconds: 2, preset: 'medium', color: 'gray' },
    { path: path('bframes-a.mp4'), seconds: 3, preset: 'medium', color: 'gray' },
    { path: path('bframes-b.mp4'), seconds: 2, preset: 'medium', color: 'gray' },
    { path: path('silent.mp4'), seconds: 2, audio: false, color: 'black' },
    ...[0, 1, 2, 3, 4].map((index) => ({
      path: path(`long-${index}.mp4`),
      seconds: 12,
      width: 160,
      height: 90,
      fps: 24,
      color: ['navy', 'maroon', 'olive', 'purple', 'teal'][index] as string,
    })),
  ];
  for (const spec of list) specs[spec.path] = spec;
  await Promise.all(list.map((spec) => makeSegment(spec)));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stitchSegments: packet copy', () => {
  it('joins same-configuration segments without re-encoding, fast start, duration = sum, audio in sync at each joint', async () => {
    const out = path('copy.mp4');
    const result = await stitchSegments({
      segments: [path('a.mp4'), path('b.mp4'), path('c.mp4')],
      outPath: out,
    });
    expect(result.method).toBe('copy');
    expect(result.copyPath).toBe('ranges');
    expect(result.reencodeReason).toBeNull();
    expect(result.offsets).toEqual([0, 2, 5]);
    const info = await probeMedia(out);
    expect(Math.abs(info.durationSeconds - 9)).toBeLessThanOrEqual(0.1);
    expect([info.width, info.height]).toEqual([320, 180]);
    const boxes = await topLevelBoxes(out);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(await decodeErrors(out)).toBe('');
    expectOnsetsNear(await beepOnsets(out), expectedOnsets([2, 3, 4]), 0.025);
    // each segment's pictures land in its own time slot
    expect(await averageColor(out, 3.5)).toSatisfy(
      ([r, g, b]: number[]) => (r ?? 0) > 150 && (g ?? 0) < 80 && (b ?? 0) < 80,
    );
  });

  it('makes a 60 s video from 5 x 12 s segments (60 +- 0.1 s, beeps in sync across every joint)', async () => {
    const out = path('sixty.mp4');
    const segments = [0, 1, 2, 3, 4].map((index) => path(`long-${index}.mp4`));
    const result = await stitchSegments({ segments, outPath: out, thumbnailPath: path('sixty.webp') });
    expect(result.method).toBe('copy');
    const info = await probeMedia(out);
    expect(Math.abs(info.durationSeconds - 60)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(result.durationSeconds - 60)).toBeLessThanOrEqual(0.1);
    expect(result.audioJointErrorSeconds).not.toBeNull();
    expect(result.audioJointErrorSeconds ?? 1).toBeLessThanOrEqual(0.011);
    expectOnsetsNear(await beepOnsets(out), expectedOnsets([12, 12, 12, 12, 12]), 0.025);
    // thumbnail comes from the first segment (navy), not a later one
    const [r, g, b] = await averageColor(path('sixty.webp'));
    expect(b).toBeGreaterThan(90);
    expect(r).toBeLessThan(40);
    expect(g).toBeLessThan(40);
  });

  it('trims an overshooting last segment to the exact total on packet boundaries', async () => {
    const out = path('trimmed.mp4');
    const result = await stitchSegments({
      segments: [path('a.mp4'), { path: path('c.mp4'), keepSeconds: 2.5 }],
      outPath: out,
    });
    expect(result.method).toBe('copy');
    const info = await probeMedia(out);
    expect(Math.abs(info.durationSeconds - 4.5)).toBeLessThanOrEqual(0.1);
    // c's first beep (0.5 s) is kept, its second (3.4 s) is cut away
    expectOnsetsNear(await beepOnsets(out), [0.5, 1.4, 2.5], 0.025);
  });
});

describe('packet copy: both copy paths agree', () => {
  it('the range copier and the mediabunny packet copier give the same timeline', async () => {
    const segments = [path('a.mp4'), path('b.mp4'), path('c.mp4')];
    const infos = await Promise.all(segments.map((segment) => readSegmentInfo(segment)));
    const pieces = infos.map((info) => ({ info, keepSeconds: info.durationSeconds }));
    const layout = await layoutCopy(pieces);
    if (!layout) throw new Error('no layout');
    await copyStitch({ pieces, layout, outPath: path('packets.mp4') });
    const ranges = await concatStitch(
      segments.map((segment) => ({ path: segment, keepSeconds: Number.POSITIVE_INFINITY })),
      path('ranges.mp4'),
    );
    expect(ranges?.offsets).toEqual(layout.offsets);
    const [packetInfo, rangeInfo] = await Promise.all([
      probeMedia(path('packets.mp4')),
      probeMedia(path('ranges.mp4')),
    ]);
    expect(Math.abs(packetInfo.durationSeconds - rangeInfo.durationSeconds)).toBeLessThanOrEqual(0.03);
    const [packetOnsets, rangeOnsets] = await Promise.all([
      beepOnsets(path('packets.mp4')),
      beepOnsets(path('ranges.mp4')),
    ]);
    expectOnsetsNear(rangeOnsets, packetOnsets, 0.002);
  });

  it('copies B-frame streams (composition offsets, edit lists) and keeps them in sync', async () => {
    const out = path('bframes.mp4');
    const result = await stitchSegments({
      segments: [path('bframes-a.mp4'), path('bframes-b.mp4')],
      outPath: out,
    });
    expect(result.method).toBe('copy');
    const info = await probeMedia(out);
    expect(Math.abs(info.durationSeconds - 5)).toBeLessThanOrEqual(0.1);
    expect(await decodeErrors(out)).toBe('');
    expectOnsetsNear(await beepOnsets(out), expectedOnsets([3, 2]), 0.025);
    // gray everywhere: frames decode to the right picture after the joint too
    const [r, g, b] = await averageColor(out, 3.5);
    expect(Math.abs(r - 128) + Math.abs(g - 128) + Math.abs(b - 128)).toBeLessThan(30);
  });
});

describe('stitchSegments: re-encode', () => {
  it('re-encodes when one segment has a different size, and the result is a valid MP4 at the first size', async () => {
    const out = path('mixed-size.mp4');
    const result = await stitchSegments({
      segments: [path('a.mp4'), path('small.mp4'), path('b.mp4')],
      outPath: out,
    });
    expect(result.method).toBe('reencode');
    expect(result.reencodeReason).toMatch(/size/);
    const info = await probeMedia(out);
    expect([info.width, info.height]).toEqual([320, 180]);
    expect(Math.abs(info.durationSeconds - 7)).toBeLessThanOrEqual(0.1);
    expect(await decodeErrors(out)).toBe('');
    expectOnsetsNear(await beepOnsets(out), expectedOnsets([2, 2, 3]), 0.03);
    expect((await topLevelBoxes(out)).indexOf('moov')).toBeLessThan(
      (await topLevelBoxes(out)).indexOf('mdat'),
    );
  });

  it('re-encodes when codec settings differ (same size, different decoder configuration)', async () => {
    const out = path('mixed-settings.mp4');
    const result = await stitchSegments({
      segments: [path('a.mp4'), path('medium-preset.mp4')],
      outPath: out,
    });
    expect(result.method).toBe('reencode');
    expect(result.reencodeReason).toMatch(/decoder configuration|codec/);
    const info = await probeMedia(out);
    expect(Math.abs(info.durationSeconds - 4)).toBeLessThanOrEqual(0.1);
    expect(await decodeErrors(out)).toBe('');
  });

  it('fills a segment without audio with silence so later joints stay in sync', async () => {
    const out = path('with-silent.mp4');
    const result = await stitchSegments({ segments: [path('silent.mp4'), path('b.mp4')], outPath: out });
    expect(result.method).toBe('reencode');
    expect(result.reencodeReason).toMatch(/audio/);
    expectOnsetsNear(
      await beepOnsets(out),
      expectedOnsets([2, 3]).filter((at) => at >= 2),
      0.03,
    );
  });

  it('crossfades on request: re-encoded, shorter by the overlaps', async () => {
    const out = path('crossfade.mp4');
    const result = await stitchSegments({
      segments: [path('a.mp4'), path('b.mp4'), path('c.mp4')],
      outPath: out,
      crossfadeSeconds: 0.5,
    });
    expect(result.method).toBe('reencode');
    expect(result.offsets).toEqual([0, 1.5, 4]);
    const info = await probeMedia(out);
    expect(Math.abs(info.durationSeconds - 8)).toBeLessThanOrEqual(0.1);
    expect(await decodeErrors(out)).toBe('');
  });

  it("refuses to re-encode when method is 'copy'", async () => {
    const error = await stitchSegments({
      segments: [path('a.mp4'), path('small.mp4')],
      outPath: path('never.mp4'),
      method: 'copy',
    }).catch((caught: unknown) => caught);
    expect(isReelgateError(error) && error.code).toBe('invalid_request');
  });

  it('reports an unreadable segment with its index', async () => {
    const error = await stitchSegments({
      segments: [path('a.mp4'), path('missing.mp4')],
      outPath: path('never.mp4'),
    }).catch((caught: unknown) => caught);
    expect(isReelgateError(error) && error.details?.segmentIndex).toBe(1);
  });
});

describe('extractLastFrame', () => {
  it('writes the final frame (the tail colour), as PNG or JPEG', async () => {
    const png = await extractLastFrame({ videoPath: path('c.mp4'), outPath: path('last.png') });
    expect(png.mediaType).toBe('image/png');
    expect(png.bytes).toBeGreaterThan(0);
    const [r, g, b] = await averageColor(png.path);
    expect(r).toBeGreaterThan(200); // yellow tail, not the green body
    expect(g).toBeGreaterThan(200);
    expect(b).toBeLessThan(80);
    const jpeg = await extractLastFrame({
      videoPath: path('b.mp4'),
      outPath: path('last.jpg'),
      format: 'jpeg',
    });
    expect(jpeg.mediaType).toBe('image/jpeg');
    const [jr, jg] = await averageColor(jpeg.path);
    expect(jr).toBeGreaterThan(200);
    expect(jg).toBeLessThan(60);
  });

  it('writes exactly the last frame, not one before it, with B-frames', async () => {
    const still = await extractLastFrame({ videoPath: path('last-only.mp4'), outPath: path('only.png') });
    const [r, g, b] = await averageColor(still.path);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeGreaterThan(200);
    expect(b).toBeLessThan(80);
  });

  it('takes the frame just before a trim point when asked (beforeSeconds)', async () => {
    const still = await extractLastFrame({
      videoPath: path('c.mp4'),
      outPath: path('kept-end.png'),
      beforeSeconds: 3,
    });
    const [r, g, b] = await averageColor(still.path);
    expect(g).toBeGreaterThan(100); // the green body, not the yellow tail
    expect(r).toBeLessThan(60);
    expect(b).toBeLessThan(60);
  });
});
