/**
 * Keeping only the new part of a native extension's result (it repeats its source first): the
 * source clip cut for the next extension, and the re-encoding join that starts a segment
 * after its first frame.
 */
import { describe, expect, it } from 'vitest';
import { reencodeArguments } from '../../src/media/stitch-reencode.ts';
import { newPartOf } from '../../src/worker/segments/extension-source.ts';

describe('newPartOf', () => {
  it('takes the last segment-length seconds of an extension result', () => {
    expect(newPartOf(20, 10, true, 15)).toEqual({ startSeconds: 10, lengthSeconds: 10 });
  });
  it('takes a whole first segment', () => {
    expect(newPartOf(10, 10, false, 15)).toEqual({ startSeconds: 0, lengthSeconds: 10 });
  });
  it('caps the source at the provider limit, keeping the end (where the next part continues)', () => {
    expect(newPartOf(18, 18, false, 15)).toEqual({ startSeconds: 3, lengthSeconds: 15 });
  });
});

describe('reencodeArguments with a start offset', () => {
  it('trims video and audio from the offset for the kept length', () => {
    const args = reencodeArguments({
      segments: [
        { path: 'a.mp4', lengthSeconds: 10, hasAudio: true },
        { path: 'b.mp4', startSeconds: 10, lengthSeconds: 10, hasAudio: true },
      ],
      outPath: 'out.mp4',
      width: 854,
      height: 480,
      framesPerSecond: 24,
    });
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toContain('[0:v]trim=end=10.000000,');
    expect(graph).toContain('[1:v]trim=start=10.000000:end=20.000000,setpts=PTS-STARTPTS');
    expect(graph).toContain(
      'atrim=start=10.000000:end=20.000000,asetpts=PTS-STARTPTS,apad,atrim=end=10.000000[a1]',
    );
  });
});
