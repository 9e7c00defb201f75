/**
 * The gateway over the real engine (embedded PGlite, local disk, in-process emulator at high
 * speed): the seed contract and the OpenAI SDK end to end, cross-account refusal, SSE.
 */
import { databaseIdempotencyStore } from '../../src/app/idempotency-store.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpAuth } from '../../src/auth/setup.ts';
import { ReelgateClient } from '../../src/client/index.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { systemClock } from '../../src/shared/system-clock.ts';
import { listen } from './fakes/harness.ts';

const keyA = 'sk-real-engine-account-a';
const keyB = 'sk-real-engine-account-b';
let dir: string;
let reelgate: Reelgate;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelgate-http-engine-'));
  const config = loadConfig({ REELGATE_DATA_DIR: dir, REELGATE_EMULATOR_SPEED: '200' });
  reelgate = await createReelgate(config, { logger: pino({ level: 'silent' }) });
  const { accounts } = await setUpAuth({
    db: reelgate.db,
    clock: systemClock,
    env: { REELGATE_API_KEYS: `${keyA},${keyB}` },
  });
  const app = createHttpApp({
    service: reelgate.service,
    planning: reelgate.service.planning,
    idempotency: databaseIdempotencyStore(reelgate.db),
    accounts,
    config: { signingSecret: 'real-engine-test-secret-0123456789', emulated: reelgate.emulated },
    providerWebhooks: reelgate.providerWebhooks,
  });
  server = await listen(app);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await reelgate?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Waits for a generation to finish by following its event stream (no polling, no sleeps). */
async function finished(id: string): Promise<string[]> {
  const client = new ReelgateClient({ baseUrl: server.url, apiKey: keyA });
  const types: string[] = [];
  for await (const event of client.events({ generationId: id })) types.push(event.type);
  return types;
}

describe('gateway over the real engine', () => {
  it('serves the seed contract end to end with a permanent signed url', async () => {
    const headers = { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' };
    const created = (await (
      await fetch(`${server.url}/v1/videos/generations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          model: 'sora-1.0',
          prompt: 'a red fox in snow',
          resolution: '720p',
          duration: 6,
        }),
      })
    ).json()) as { id: string; status: string; warnings: string[]; emulated: boolean };
    expect(created.status).toBe('queued');
    expect(created.emulated).toBe(true);
    expect(created.warnings.length).toBeGreaterThan(0);
    await finished(created.id);
    const done = (await (
      await fetch(`${server.url}/v1/videos/generations/${created.id}`, { headers })
    ).json()) as {
      status: string;
      data?: { url: string; duration: number; resolution: string };
    };
    expect(done.status).toBe('completed');
    expect(done.data).toMatchObject({ duration: 8, resolution: '720p' });
    const video = await fetch(done.data!.url);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await video.arrayBuffer());
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const ranged = await fetch(done.data!.url, { headers: { range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 0-9/${bytes.length}`);
    expect(
      (
        await fetch(`${server.url}/v1/videos/generations/${created.id}`, {
          headers: { authorization: `Bearer ${keyB}` },
        })
      ).status,
    ).toBe(404);
  });

  it('works with the official openai SDK: create, retrieve, download, list, remix, delete', async () => {
    const client = new OpenAI({ apiKey: keyA, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const other = new OpenAI({ apiKey: keyB, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const video = await client.videos.create({ prompt: 'a paper boat', seconds: '4', size: '1280x720' });
    await finished(video.id);
    const done = await client.videos.retrieve(video.id);
    expect(done).toMatchObject({
      status: 'completed',
      progress: 100,
      seconds: '4',
      size: '1280x720',
      expires_at: null,
    });
    const content = await client.videos.downloadContent(video.id);
    expect(content.headers.get('content-type')).toBe('video/mp4');
    expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    await expect(other.videos.downloadContent(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const page = await client.videos.list({ limit: 10 });
    expect(page.data.map((item) => item.id)).toContain(video.id);
    expect((await other.videos.list()).data.map((item) => item.id)).not.toContain(video.id);
    const remix = await client.videos.remix(video.id, { prompt: 'the same boat, at night' });
    expect(remix.remixed_from_video_id).toBe(video.id);
    expect(await client.videos.delete(video.id)).toEqual({
      id: video.id,
      object: 'video.deleted',
      deleted: true,
    });
    await expect(client.videos.retrieve(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('streams events to the typed client until completion', async () => {
    const client = new ReelgateClient({ baseUrl: server.url, apiKey: keyA });
    const created = await client.create({ prompt: 'a lighthouse at dusk', duration: 4 });
    const types = await finished(created.id);
    expect(types[0]).toBe('snapshot');
    expect(types.at(-1)).toBe('generation:completed');
    const file = await client.download(created.id);
    expect(file.contentType).toBe('video/mp4');
    await file.body.cancel();
  });
});
