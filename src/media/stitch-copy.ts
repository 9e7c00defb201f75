/**
 * Joining MP4 segments by copying their encoded packets into one new MP4 (no re-encode).
 *
 * Every packet of segment i is placed at `offset_i + (t - videoStart_i)`, the same shift for
 * video and audio, so sync inside a segment is exactly what the provider made and each joint
 * lands where the previous segment's video ends. Audio packets that would overlap the previous
 * segment's audio (the AAC priming packet, which has a negative timestamp, and any tail beyond
 * the cut) are dropped, which keeps timestamps monotonic. The output uses fast start
 * ('reserve': the index is written at the front, media is streamed to disk, memory stays flat).
 */
import {
  ALL_FORMATS,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  FilePathSource,
  FilePathTarget,
  Input,
  Mp4OutputFormat,
  Output,
} from 'mediabunny';
import type { SegmentInfo } from './segment-info.ts';

export interface CopyPiece {
  info: SegmentInfo;
  /** Seconds of this segment to keep (its full length when not trimmed). */
  keepSeconds: number;
}

export interface CopyLayout {
  /** Where each segment starts in the output, seconds. */
  offsets: number[];
  /** Each segment's length on the output timeline. */
  lengths: number[];
  durationSeconds: number;
}

/** Timestamps closer than this are the same instant (mp4 timescales round to ~1e-5 s). */
const EPSILON = 1e-4;

/**
 * Where each segment goes and how much of it is kept, or null when a trim cannot be done by
 * dropping whole packets (a reordered B-frame stream whose cut would lose more than a frame and
 * a half): the caller then re-encodes.
 */
export async function layoutCopy(pieces: readonly CopyPiece[]): Promise<CopyLayout | null> {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let offset = 0;
  for (const piece of pieces) {
    let length = piece.info.durationSeconds;
    if (piece.keepSeconds < length - EPSILON) {
      const kept = await keptVideoEnd(piece.info, piece.keepSeconds);
      const frame = 1 / Math.max(1, piece.info.video.framesPerSecond);
      if (kept < piece.keepSeconds - 1.5 * frame) return null;
      length = kept;
    }
    offsets.push(offset);
    lengths.push(length);
    offset += length;
  }
  return { offsets, lengths, durationSeconds: offset };
}

/** End (local time) of the video kept when cutting at `cut`: packets in decode order up to the first one at or past the cut. */
async function keptVideoEnd(info: SegmentInfo, cut: number): Promise<number> {
  const input = new Input({ source: new FilePathSource(info.path), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) return 0;
    let end = 0;
    for await (const packet of new EncodedPacketSink(track).packets(undefined, undefined, {
      metadataOnly: true,
    })) {
      const local = packet.timestamp - info.video.firstTimestamp;
      if (local >= cut - EPSILON) break;
      end = Math.max(end, local + packet.duration);
    }
    return Math.min(end, cut);
  } finally {
    input.dispose();
  }
}

export interface CopyOptions {
  pieces: readonly CopyPiece[];
  layout: CopyLayout;
  outPath: string;
  signal?: AbortSignal;
  /** Called with 0..1 after each segment. */
  onProgress?: (fraction: number) => void;
}

/** Writes the joined MP4 to `outPath` (which must not be read until this resolves). */
export async function copyStitch(options: CopyOptions): Promise<{ audioJointErrorSeconds: number }> {
  const { pieces, layout } = options;
  const first = pieces[0];
  if (!first) throw new Error('copyStitch needs at least one segment');
  const hasAudio = first.info.audio !== null;
  const output = new Output({
    format: new Mp4OutputFormat({ fastStart: 'reserve' }),
    target: new FilePathTarget(options.outPath),
  });
  const videoSource = new EncodedVideoPacketSource(first.info.video.codec);
  // 'reserve' needs upper bounds on packet counts: frames at twice the measured rate, and audio
  // packets of 5 ms (AAC's are 21 ms, Opus' 20 ms), plus slack.
  const videoPackets = pieces.reduce(
    (sum, piece) =>
      sum + Math.ceil(piece.info.durationSeconds * Math.max(piece.info.video.framesPerSecond, 1) * 2),
    0,
  );
  output.addVideoTrack(videoSource, { maximumPacketCount: videoPackets + 16 });
  let audioSource: EncodedAudioPacketSource | null = null;
  if (hasAudio && first.info.audio) {
    audioSource = new EncodedAudioPacketSource(first.info.audio.codec);
    const audioPackets = pieces.reduce(
      (sum, piece) => sum + Math.ceil(((piece.info.audio?.endTimestamp ?? 0) + 1) * 200),
      0,
    );
    output.addAudioTrack(audioSource, { maximumPacketCount: audioPackets + 16 });
  }
  await output.start();
  try {
    const audioState: AudioClock = { end: null, sequence: 0, maxErrorSeconds: 0 };
    let videoSequence = 0;
    for (const [index, piece] of pieces.entries()) {
      options.signal?.throwIfAborted();
      const offset = layout.offsets[index] ?? 0;
      const length = layout.lengths[index] ?? piece.info.durationSeconds;
      const base = piece.info.video.firstTimestamp;
      const input = new Input({ source: new FilePathSource(piece.info.path), formats: ALL_FORMATS });
      try {
        const videoTrack = await input.getPrimaryVideoTrack();
        if (!videoTrack) throw new Error(`${piece.info.path}: no video track`);
        const videoConfig = index === 0 ? await videoTrack.getDecoderConfig() : null;
        for await (const packet of new EncodedPacketSink(videoTrack).packets()) {
          const local = packet.timestamp - base;
          // Decode order: everything after the first packet past the cut may reference it, so stop there.
          if (local >= length - EPSILON) break;
          const moved = packet.clone({ timestamp: offset + local, sequenceNumber: videoSequence++ });
          await videoSource.add(
            moved,
            videoConfig && videoSequence === 1 ? { decoderConfig: videoConfig } : undefined,
          );
        }
        if (audioSource) {
          const audioTrack = await input.getPrimaryAudioTrack();
          if (!audioTrack) throw new Error(`${piece.info.path}: no audio track`);
          const audioConfig = index === 0 ? await audioTrack.getDecoderConfig() : null;
          // An edit list may shorten the last packet's duration, but its decoder still yields a
          // whole frame of samples: count every packet at least as long as the segment's first.
          let frameSeconds = 0;
          for await (const packet of new EncodedPacketSink(audioTrack).packets()) {
            if (frameSeconds === 0) frameSeconds = packet.duration;
            const local = packet.timestamp - base;
            if (local >= length - EPSILON) break;
            const ideal = offset + local;
            const placed = placeAudioPacket(audioState, ideal, Math.max(packet.duration, frameSeconds));
            if (placed === null) continue;
            const moved = packet.clone({ timestamp: placed, sequenceNumber: audioState.sequence++ });
            await audioSource.add(
              moved,
              audioConfig && audioState.sequence === 1 ? { decoderConfig: audioConfig } : undefined,
            );
          }
        }
      } finally {
        input.dispose();
      }
      options.onProgress?.((index + 1) / pieces.length);
    }
    await output.finalize();
    return { audioJointErrorSeconds: audioState.maxErrorSeconds };
  } catch (error) {
    await output.cancel().catch(() => {});
    throw error;
  }
}

/**
 * The running end of the audio written so far. Decoders play audio packets back to back (a
 * 1024-sample AAC packet always yields 1024 samples, whatever its timestamp says), so audio
 * packets are written contiguously, and at each joint packets are dropped while they would
 * start more than half a packet before their ideal place (the previous segment's audio runs a
 * little past its video; the next one's priming packet starts before zero). The audio therefore
 * stays within half a packet (about 10 ms for AAC at 48 kHz) of its video at every joint, and
 * the error never accumulates.
 */
export interface AudioClock {
  end: number | null;
  sequence: number;
  /** Largest |written - ideal| start seen, seconds. */
  maxErrorSeconds: number;
}

/** Where to write an audio packet ideally starting at `ideal`, or null to drop it. Mutates the clock. */
export function placeAudioPacket(clock: AudioClock, ideal: number, duration: number): number | null {
  if (clock.end === null) {
    clock.end = ideal + duration;
    return ideal;
  }
  if (ideal + duration / 2 <= clock.end + EPSILON) return null;
  const at = clock.end;
  clock.maxErrorSeconds = Math.max(clock.maxErrorSeconds, Math.abs(at - ideal));
  clock.end = at + duration;
  return at;
}
