/**
 * What the stitcher needs to know about one MP4 segment: its tracks' exact codec configuration
 * (to decide whether packets can be copied as they are) and its timing.
 */
import { ALL_FORMATS, type AudioCodec, FilePathSource, Input, type VideoCodec } from 'mediabunny';

export interface SegmentVideoInfo {
  codec: VideoCodec;
  /** Codec parameter string, e.g. "avc1.42c01f". */
  codecString: string;
  width: number;
  height: number;
  rotation: number;
  /** Hex of the decoder configuration record (avcC/hvcC...): SPS/PPS must match for packet copy. */
  descriptionHex: string;
  firstTimestamp: number;
  /** End of the last video packet (seconds, in the file's own timeline). */
  endTimestamp: number;
  /** Average frame rate over the first few hundred frames. */
  framesPerSecond: number;
}

export interface SegmentAudioInfo {
  codec: AudioCodec;
  codecString: string;
  sampleRate: number;
  channels: number;
  descriptionHex: string;
  firstTimestamp: number;
  endTimestamp: number;
}

export interface SegmentInfo {
  path: string;
  video: SegmentVideoInfo;
  audio: SegmentAudioInfo | null;
  /** Video length in seconds (end minus first timestamp): the segment's place on the timeline. */
  durationSeconds: number;
}

/** Reads a segment's tracks. Throws when the file has no readable video track. */
export async function readSegmentInfo(path: string): Promise<SegmentInfo> {
  const input = new Input({ source: new FilePathSource(path), formats: ALL_FORMATS });
  try {
    const videoTrack = await input.getPrimaryVideoTrack();
    if (!videoTrack) throw new Error(`${path}: no video track`);
    const videoConfig = await videoTrack.getDecoderConfig();
    const videoCodec = await videoTrack.getCodec();
    if (!videoConfig || !videoCodec) throw new Error(`${path}: video codec not recognised`);
    // A prefix is enough for the frame rate; a full count would scan every packet.
    const videoStats = await videoTrack.computePacketStats(240);
    const videoFirst = await videoTrack.getFirstTimestamp();
    const video: SegmentVideoInfo = {
      codec: videoCodec,
      codecString: videoConfig.codec,
      width: await videoTrack.getCodedWidth(),
      height: await videoTrack.getCodedHeight(),
      rotation: await videoTrack.getRotation(),
      descriptionHex: toHex(videoConfig.description),
      firstTimestamp: videoFirst,
      endTimestamp: await videoTrack.computeDuration(),
      framesPerSecond: videoStats.averagePacketRate,
    };
    let audio: SegmentAudioInfo | null = null;
    const audioTrack = await input.getPrimaryAudioTrack();
    const audioConfig = audioTrack ? await audioTrack.getDecoderConfig() : null;
    const audioCodec = audioTrack ? await audioTrack.getCodec() : null;
    if (audioTrack && audioConfig && audioCodec) {
      audio = {
        codec: audioCodec,
        codecString: audioConfig.codec,
        sampleRate: audioConfig.sampleRate,
        channels: audioConfig.numberOfChannels,
        descriptionHex: toHex(audioConfig.description),
        firstTimestamp: await audioTrack.getFirstTimestamp(),
        endTimestamp: await audioTrack.computeDuration(),
      };
    }
    return { path, video, audio, durationSeconds: video.endTimestamp - video.firstTimestamp };
  } finally {
    input.dispose();
  }
}

/**
 * Why these segments cannot be joined by copying packets, or null when they can: same codec
 * string, size, rotation and decoder configuration bytes for video, and the same for audio (all
 * segments with audio, or none). A mismatch here, copied anyway, gives a corrupt file.
 */
export function copyIncompatibility(segments: readonly SegmentInfo[]): string | null {
  const first = segments[0];
  if (!first) return 'no segments';
  for (const [index, segment] of segments.entries()) {
    if (index === 0) continue;
    const a = first.video;
    const b = segment.video;
    if (a.width !== b.width || a.height !== b.height)
      return `segment ${index} size ${b.width}x${b.height} != ${a.width}x${a.height}`;
    if (a.codecString !== b.codecString)
      return `segment ${index} video codec ${b.codecString} != ${a.codecString}`;
    if (a.rotation !== b.rotation) return `segment ${index} rotation differs`;
    if (a.descriptionHex !== b.descriptionHex) return `segment ${index} video decoder configuration differs`;
    if (Boolean(first.audio) !== Boolean(segment.audio)) return `segment ${index} audio presence differs`;
    if (first.audio && segment.audio) {
      const x = first.audio;
      const y = segment.audio;
      if (x.codecString !== y.codecString)
        return `segment ${index} audio codec ${y.codecString} != ${x.codecString}`;
      if (x.sampleRate !== y.sampleRate || x.channels !== y.channels)
        return `segment ${index} audio ${y.sampleRate} Hz x${y.channels} != ${x.sampleRate} Hz x${x.channels}`;
      if (x.descriptionHex !== y.descriptionHex)
        return `segment ${index} audio decoder configuration differs`;
    }
  }
  return null;
}

function toHex(description: AllowSharedBufferSource | undefined): string {
  if (!description) return '';
  const bytes = ArrayBuffer.isView(description)
    ? new Uint8Array(description.buffer, description.byteOffset, description.byteLength)
    : new Uint8Array(description);
  return Buffer.from(bytes).toString('hex');
}
