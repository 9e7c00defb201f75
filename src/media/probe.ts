/**
 * Reading a media file's shape (duration, size, codecs). MP4/MOV/WebM go through mediabunny
 * (pure TypeScript); anything it cannot read falls back to ffprobe.
 */
import { ALL_FORMATS, FilePathSource, Input } from 'mediabunny';
import { findFfprobe } from './ffmpeg.ts';
import { runProcess } from './run-process.ts';

export interface MediaInfo {
  durationSeconds: number;
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  hasAudio: boolean;
}

/**
 * Probes a media file on disk. Throws when the file is not a readable media container.
 * `ffprobe`: gives the binary for files the TypeScript reader cannot read, asked only then
 * (default: looked up in the system directories).
 */
export async function probeMedia(path: string, options: { ffprobe?: () => string } = {}): Promise<MediaInfo> {
  try {
    return await probeWithMediabunny(path);
  } catch (mediabunnyError) {
    try {
      return await probeWithFfprobe(path, options.ffprobe ? options.ffprobe() : findFfprobe());
    } catch {
      throw mediabunnyError;
    }
  }
}

async function probeWithMediabunny(path: string): Promise<MediaInfo> {
  const input = new Input({ source: new FilePathSource(path), formats: ALL_FORMATS });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    if (!video && !audio) throw new Error('no audio or video track');
    const durationSeconds = await input.computeDuration();
    return {
      durationSeconds,
      width: video ? video.displayWidth : null,
      height: video ? video.displayHeight : null,
      videoCodec: video ? await video.getCodecParameterString().then(codecFamily, () => video.codec) : null,
      audioCodec: audio ? (audio.codec ?? null) : null,
      hasAudio: Boolean(audio),
    };
  } finally {
    input.dispose();
  }
}

/** "avc1.42c01f" -> "avc"; mediabunny's short codec names are used elsewhere ("avc", "aac"). */
function codecFamily(parameter: string | null): string | null {
  if (!parameter) return null;
  const head = parameter.split('.')[0] ?? parameter;
  return head === 'avc1' || head === 'avc3' ? 'avc' : head;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
}

async function probeWithFfprobe(path: string, ffprobe: string): Promise<MediaInfo> {
  const { stdout } = await runProcess(ffprobe, [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name,width,height',
    '-of',
    'json',
    path,
  ]);
  const parsed = JSON.parse(stdout) as { format?: { duration?: string }; streams?: FfprobeStream[] };
  const streams = parsed.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  if (!video && !audio) throw new Error('no audio or video stream');
  return {
    durationSeconds: Number(parsed.format?.duration ?? 0),
    width: video?.width ?? null,
    height: video?.height ?? null,
    videoCodec: video?.codec_name === 'h264' ? 'avc' : (video?.codec_name ?? null),
    audioCodec: audio?.codec_name ?? null,
    hasAudio: Boolean(audio),
  };
}
