/**
 * Joining segments by re-encoding them with ffmpeg: used only when packet copy is impossible
 * (different codecs, sizes or decoder configurations, an unclean trim) or when a crossfade is
 * asked for. Every segment is scaled and padded to the first one's size and frame rate, cut to
 * its kept length, and its audio padded or cut to exactly that length (silence for segments
 * without audio) so the joints stay in sync; then concat, or xfade/acrossfade for crossfades.
 */
import { findFfmpeg } from './ffmpeg.ts';
import { runProcess } from './run-process.ts';

export interface ReencodeSegment {
  path: string;
  /** Where the used part starts in the segment, seconds (default 0). */
  startSeconds?: number;
  /** Seconds of the segment to use, from `startSeconds`. */
  lengthSeconds: number;
  hasAudio: boolean;
}

export interface ReencodeOptions {
  segments: readonly ReencodeSegment[];
  outPath: string;
  width: number;
  height: number;
  framesPerSecond: number;
  /** Overlap between consecutive segments, seconds (0 = hard cuts). Needs ffmpeg >= 4.3 (xfade). */
  crossfadeSeconds?: number;
  /** x264 preset (default 'veryfast') and CRF (default 20). */
  preset?: string;
  crf?: number;
  ffmpegPath?: string;
  signal?: AbortSignal;
}

/** The ffmpeg arguments for a re-encoding join (exported for tests and for `--dry-run` style display). */
export function reencodeArguments(options: ReencodeOptions): string[] {
  const { segments } = options;
  if (segments.length === 0) throw new Error('reencode needs at least one segment');
  const width = even(options.width);
  const height = even(options.height);
  const fps = Math.round(options.framesPerSecond * 1000) / 1000;
  const fade = options.crossfadeSeconds ?? 0;
  const withAudio = segments.some((segment) => segment.hasAudio);
  const filters: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const length = segment.lengthSeconds.toFixed(6);
    const from = segment.startSeconds ?? 0;
    const cut =
      from > 0
        ? `start=${from.toFixed(6)}:end=${(from + segment.lengthSeconds).toFixed(6)}`
        : `end=${length}`;
    filters.push(
      `[${index}:v]trim=${cut},setpts=PTS-STARTPTS,` +
        `scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${index}]`,
    );
    if (!withAudio) continue;
    filters.push(
      segment.hasAudio
        ? `[${index}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,` +
            `atrim=${cut},asetpts=PTS-STARTPTS,apad,atrim=end=${length}[a${index}]`
        : `anullsrc=r=48000:cl=stereo,atrim=end=${length},aformat=sample_fmts=fltp[a${index}]`,
    );
  }
  if (fade > 0 && segments.length > 1) {
    let videoLabel = 'v0';
    let audioLabel = 'a0';
    let elapsed = segments[0]?.lengthSeconds ?? 0;
    for (let index = 1; index < segments.length; index++) {
      const last = index === segments.length - 1;
      const nextVideo = last ? 'vout' : `vx${index}`;
      const nextAudio = last ? 'aout' : `ax${index}`;
      const offset = elapsed - fade;
      filters.push(
        `[${videoLabel}][v${index}]xfade=transition=fade:duration=${fade}:offset=${offset.toFixed(6)}[${nextVideo}]`,
      );
      if (withAudio) filters.push(`[${audioLabel}][a${index}]acrossfade=d=${fade}[${nextAudio}]`);
      videoLabel = nextVideo;
      audioLabel = nextAudio;
      elapsed = offset + (segments[index]?.lengthSeconds ?? 0);
    }
  } else {
    const inputs = segments
      .map((_, index) => (withAudio ? `[v${index}][a${index}]` : `[v${index}]`))
      .join('');
    filters.push(
      `${inputs}concat=n=${segments.length}:v=1:a=${withAudio ? 1 : 0}${withAudio ? '[vout][aout]' : '[vout]'}`,
    );
  }
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...segments.flatMap((segment) => ['-i', segment.path]),
    '-filter_complex',
    filters.join(';'),
    '-map',
    '[vout]',
    ...(withAudio ? ['-map', '[aout]', '-c:a', 'aac', '-b:a', '128k'] : []),
    '-c:v',
    'libx264',
    '-preset',
    options.preset ?? 'veryfast',
    '-crf',
    String(options.crf ?? 20),
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    options.outPath,
  ];
}

/** Runs the re-encoding join; the output is a fast-start MP4 written by ffmpeg (streamed to disk). */
export async function reencodeStitch(options: ReencodeOptions): Promise<void> {
  await runProcess(options.ffmpegPath ?? findFfmpeg(), reencodeArguments(options), options.signal);
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}
