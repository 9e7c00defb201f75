/**
 * The xAI face's video extension as xAI documents it, driven by the official `@ai-sdk/xai`
 * (`mode: 'extend-video'`): the result is the source followed by the continuation; a source
 * outside 2-15 s, an extension outside 2-10 s, aspect_ratio/resolution, or a model that does
 * not extend are refused, as the real API does (never kinder).
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createXai } from '@ai-sdk/xai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { probeMedia } from '../../src/media/probe.ts';

let emulator: RunningEmulator;
const key = 'xai-extension-test-key';

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    speed: 4000,
    seed: 3,
    apiKey: key,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
  });
});

afterAll(async () => {
  await emulator?.close();
});

type VideoModel = {
  doStart(options: unknown): Promise<{ operation: { requestId: string } }>;
  doStatus(options: unknown): Promise<{ status: string; videos?: Array<{ url: string }> }>;
};

function model(id: string): VideoModel {
  return createXai({ apiKey: key, baseURL: `${emulator.url}/xai/v1` }).video(id) as unknown as VideoModel;
}

const callOptions = (prompt: string, duration: number, xai: Record<string, unknown> = {}) => ({
  prompt,
  n: 1,
  aspectRatio: undefined,
  resolution: undefined,
  duration,
  fps: undefined,
  seed: undefined,
  image: undefined,
  frameImages: undefined,
  inputReferences: undefined,
  generateAudio: undefined,
  providerOptions: { xai },
});

async function finished(video: VideoModel, requestId: string): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const status = await video.doStatus({ operation: { requestId } });
    if (status.status === 'completed') return status.videos![0]!.url;
    if (status.status === 'error') throw new Error('generation failed');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('never finished');
}

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; body: { code?: string; error?: string } }> {
  const response = await fetch(`${emulator.url}/xai/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { code?: string; error?: string } };
}

describe('xAI face: POST /v1/videos/extensions', () => {
  let sourceUrl = '';

  it('returns the source followed by the continuation, through @ai-sdk/xai', async () => {
    const video = model('grok-imagine-video');
    const first = await video.doStart(callOptions('A kite over a beach, wide shot', 4));
    sourceUrl = await finished(video, first.operation.requestId);
    const extended = await video.doStart(
      callOptions('The kite dives toward the sea', 3, { mode: 'extend-video', videoUrl: sourceUrl }),
    );
    const url = await finished(video, extended.operation.requestId);
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const path = join(tmpdir(), `xai-extension-${Date.now()}.mp4`);
    await writeFile(path, bytes);
    const info = await probeMedia(path);
    expect(Math.abs(info.durationSeconds - 7)).toBeLessThan(0.1);
    const job = emulator.core.jobs.get('xai', extended.operation.requestId)!;
    expect(job.attributes.extension).toMatchObject({
      sourceSeconds: 4,
      extensionSeconds: 3,
      sourceKind: 'url',
    });
    // The source job's own content comes first, then the new prompt.
    expect(job.segments.map((segment) => segment.text)).toEqual([
      'A kite over a beach, wide shot',
      'The kite dives toward the sea',
    ]);
  });

  it('refuses what xAI refuses', async () => {
    const base = { model: 'grok-imagine-video', prompt: 'Continue', video: { url: sourceUrl } };
    expect((await post('/videos/extensions', { ...base, duration: 11 })).status).toBe(400);
    expect((await post('/videos/extensions', { ...base, duration: 1 })).status).toBe(400);
    expect((await post('/videos/extensions', { ...base, aspect_ratio: '16:9' })).status).toBe(400);
    expect((await post('/videos/extensions', { ...base, resolution: '480p' })).status).toBe(400);
    const other = await post('/videos/extensions', { ...base, model: 'grok-imagine-video-1.5' });
    expect(other.status).toBe(400);
    expect(other.body.error).toContain('does not support video extension');
    expect((await post('/videos/extensions', { ...base, video: {} })).status).toBe(400);
    const notVideo = await post('/videos/extensions', {
      ...base,
      video: { url: 'data:video/mp4;base64,AAAA' },
    });
    expect(notVideo.status).toBe(400);
  });

  it('refuses a source longer than 15 s', async () => {
    const video = model('grok-imagine-video');
    const long = await video.doStart(callOptions('A train crosses a bridge', 15));
    const longUrl = await finished(video, long.operation.requestId);
    const extended = await video.doStart(
      callOptions('The train enters a tunnel', 5, { mode: 'extend-video', videoUrl: longUrl }),
    );
    const twentyUrl = await finished(video, extended.operation.requestId);
    const refused = await post('/videos/extensions', {
      model: 'grok-imagine-video',
      prompt: 'Continue',
      video: { url: twentyUrl },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('between 2 and 15 seconds');
  }, 60_000);
});
