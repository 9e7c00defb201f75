/** Shared fixtures for the provider tests: an emulator with every face, polling, downloads, probes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { experimental_getVideoStatus, experimental_startVideo } from 'ai';
import { HUMAN_FACE_MARKER, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { type MediaInfo, probeMedia } from '../../src/media/index.ts';
import { afterAll, beforeAll } from 'vitest';
import { emulatorProviders, type ProviderRegistry } from '../../src/providers/registry.ts';
import { imageFixture } from '../emulator/helpers.ts';

export const EMULATOR_KEY = 'test-provider-key-5b1e';
export const SPEED = 3000;

/**
 * An emulator with every face for the calling test file (started before its tests, closed after)
 * and the bindings of all its providers.
 */
export function emulatorProvidersForFile(): { emulator: RunningEmulator; registry: ProviderRegistry } {
  const world = {} as { emulator: RunningEmulator; registry: ProviderRegistry };
  beforeAll(async () => {
    world.emulator = await startProviderEmulator();
    world.registry = emulatorProviders({ url: world.emulator.url, speed: SPEED, apiKey: EMULATOR_KEY });
  });
  afterAll(async () => {
    await world.emulator?.close();
  });
  return world;
}

export function startProviderEmulator(
  options: { resultLifetimeSeconds?: number } = {},
): Promise<RunningEmulator> {
  return startEmulator({
    port: 0,
    speed: SPEED,
    seed: 11,
    apiKey: EMULATOR_KEY,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    webhookRetryBaseMs: 100,
    slowResponseMs: 50,
    ...options,
  });
}

/** A small PNG (orange frame) and one that carries the emulator's "human face" marker. */
export function referenceImages(): { plain: Uint8Array; face: Uint8Array } {
  const plain = new Uint8Array(imageFixture(320, 180, 'png'));
  const face = new Uint8Array(Buffer.concat([Buffer.from(plain), Buffer.from(HUMAN_FACE_MARKER)]));
  return { plain, face };
}

export type PackageOutcome =
  | { kind: 'completed'; url: string; result: unknown }
  | { kind: 'error'; message: string; result: unknown }
  | { kind: 'threw'; error: unknown };

type Prompt = string | { text: string; image: Uint8Array };

/** Starts a generation with the unmodified package and polls it (1 ms apart) to the end. */
export async function runPackage(
  model: VideoModelV4,
  prompt: Prompt,
  options: {
    duration?: number;
    aspectRatio?: `${number}:${number}`;
    resolution?: `${number}x${number}`;
    providerOptions?: Record<string, Record<string, never | string | number | boolean>>;
  } = {},
): Promise<PackageOutcome> {
  const { operation } = await experimental_startVideo({
    model,
    prompt,
    ...(options.duration !== undefined ? { duration: options.duration } : {}),
    ...(options.aspectRatio ? { aspectRatio: options.aspectRatio } : {}),
    ...(options.resolution ? { resolution: options.resolution } : {}),
    ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
  } as never);
  for (let attempt = 0; attempt < 5000; attempt++) {
    let result: Awaited<ReturnType<typeof experimental_getVideoStatus>>;
    try {
      result = await experimental_getVideoStatus(model, { operation });
    } catch (error) {
      return { kind: 'threw', error };
    }
    if (result.status === 'completed') {
      const video = result.videos[0]!;
      // Inline results (Vertex AI without Cloud Storage) are read as data: URLs.
      if (video.type === 'base64')
        return { kind: 'completed', url: `data:${video.mediaType};base64,${video.data}`, result };
      if (video.type !== 'url') throw new Error('expected a URL result');
      return { kind: 'completed', url: video.url, result };
    }
    if (result.status === 'error') return { kind: 'error', message: result.error, result };
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error('generation did not finish');
}

const downloads = mkdtempSync(join(tmpdir(), 'rg-provider-dl-'));

/** Downloads a result URL, checks the byte count, and probes the MP4. */
export async function downloadAndProbe(
  url: string,
  headers: Record<string, string> = {},
): Promise<MediaInfo & { bytes: number; status: number }> {
  const response = await fetch(url, { headers });
  if (!response.ok)
    return {
      status: response.status,
      bytes: 0,
      durationSeconds: 0,
      width: null,
      height: null,
      videoCodec: null,
      audioCodec: null,
      hasAudio: false,
    };
  const bytes = new Uint8Array(await response.arrayBuffer());
  const expected = Number(response.headers.get('content-length') ?? bytes.byteLength);
  if (expected !== bytes.byteLength)
    throw new Error(`truncated download: ${bytes.byteLength} of ${expected}`);
  const path = join(downloads, `${Math.random().toString(36).slice(2)}.mp4`);
  writeFileSync(path, bytes);
  return { ...(await probeMedia(path)), bytes: bytes.byteLength, status: response.status };
}
