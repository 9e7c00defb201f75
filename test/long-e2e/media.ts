/**
 * Measuring stitched videos: duration (ffprobe) and the emulator's beep pattern (a 100 ms beep
 * at each second, 1000 Hz, but 2000 Hz in the first second of each provider clip), read from
 * the decoded audio: onset times and each beep's pitch from its zero crossings.
 */
import { probeMedia } from '../../src/media/probe.ts';
import { decodeAudio } from '../long/media-fixtures.ts';

export interface Beep {
  at: number;
  hz: number;
}

/** decodeAudio's sample rate. */
const rate = 48_000;

export async function beeps(path: string): Promise<Beep[]> {
  const pcm = await decodeAudio(path);
  const threshold = 0.1 * 32767;
  const quiet = 0.05 * rate;
  const found: Beep[] = [];
  let lastLoud = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < pcm.length; index++) {
    if (Math.abs(pcm[index] ?? 0) <= threshold) continue;
    if (index - lastLoud > quiet) {
      // Pitch from zero crossings over the beep's first 50 ms.
      const end = Math.min(pcm.length, index + 0.05 * rate);
      let crossings = 0;
      for (let i = index + 1; i < end; i++) {
        if ((pcm[i - 1] ?? 0) < 0 !== (pcm[i] ?? 0) < 0) crossings += 1;
      }
      found.push({ at: index / rate, hz: crossings / 2 / ((end - index) / rate) });
    }
    lastLoud = index;
  }
  return found;
}

export async function durationOf(path: string): Promise<number> {
  return (await probeMedia(path)).durationSeconds;
}
