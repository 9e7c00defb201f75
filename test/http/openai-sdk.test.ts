/** The OpenAI-Videos-compatible surface through the official `openai` SDK, unchanged. */
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { videoResourceSchema } from '../../src/contract/videos.ts';
import { createHarness, fakeMp4, type Harness, listen, pngOfSize } from './fakes/harness.ts';

const portraitFrame = pngOfSize(720, 1280);

let h: Harness;
let server: { url: string; close: () => Promise<void> };
let client: OpenAI;
let otherClient: OpenAI;

beforeAll(async () => {
  h = await createHarness();
  server = await listen(h.app);
  client = new OpenAI({ apiKey: h.keyA, baseURL: `${server.url}/v1`, maxRetries: 0 });
  otherClient = new OpenAI({ apiKey: h.keyB, baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('openai SDK against reelgate', () => {
  it('creates with multipart (the SDK always sends multipart) and retrieves', async () => {
    const video = await client.videos.create({
      prompt: 'a paper boat on a river',
      model: 'sora-2',
      seconds: '8',
      size: '1280x720',
    });
    expect(videoResourceSchema.safeParse(video).success).toBe(true);
    expect(video).toMatchObject({
      object: 'video',
      status: 'queued',
      model: 'sora-2',
      seconds: '8',
      size: '1280x720',
      prompt: 'a paper boat on a river',
      remixed_from_video_id: null,
      expires_at: null,
      error: null,
    });
    const input = h.service.calls.filter((call) => call.method === 'create').at(-1)!.args[1];
    expect(input).toMatchObject({ durationSeconds: 8, size: '1280x720', model: 'sora-2', surface: 'videos' });

    h.service.advance(video.id, 30);
    const running = await client.videos.retrieve(video.id);
    expect(running).toMatchObject({ status: 'in_progress', progress: 30 });
  });

  it('applies OpenAI defaults (4 s, 720x1280) and accepts an uploaded input_reference', async () => {
    const video = await client.videos.create({
      prompt: 'the first frame comes to life',
      input_reference: await toFile(portraitFrame, 'frame.png'),
    });
    expect(video).toMatchObject({ seconds: '4', size: '720x1280' });
    const input = h.service.calls.filter((call) => call.method === 'create').at(-1)!.args[1] as {
      image: { data: Uint8Array; mediaType: string };
    };
    expect(input.image.mediaType).toBe('image/png');
    expect(Buffer.from(input.image.data).equals(Buffer.from(portraitFrame))).toBe(true);
  });

  it('accepts input_reference as {image_url} through multipart brackets', async () => {
    await client.videos.create({
      prompt: 'from a url',
      input_reference: { image_url: 'https://images.example/frame.png' },
    });
    const input = h.service.calls.filter((call) => call.method === 'create').at(-1)!.args[1] as {
      image: unknown;
    };
    expect(input.image).toEqual({ url: 'https://images.example/frame.png' });
  });

  it('creates with a JSON body too (raw POST, as the spec allows)', async () => {
    const video = await client.post<{ id: string; seconds: string; status: string }>('/videos', {
      body: {
        prompt: 'json body',
        seconds: '12',
        size: '1792x1024',
        input_reference: {
          image_url: `data:image/png;base64,${Buffer.from(pngOfSize(1792, 1024)).toString('base64')}`,
        },
      },
    });
    expect(video).toMatchObject({ seconds: '12', status: 'queued' });
    const input = h.service.calls.filter((call) => call.method === 'create').at(-1)!.args[1] as {
      image: { mediaType: string };
    };
    expect(input.image.mediaType).toBe('image/png');
  });

  it("refuses bad input with the SDK's BadRequestError", async () => {
    const before = h.service.count('create');
    await expect(client.videos.create({ prompt: 'x', seconds: '7' as '4' })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    await expect(client.videos.create({ prompt: 'x', size: '640x480' as '720x1280' })).rejects.toMatchObject({
      status: 400,
      param: 'size',
      type: 'invalid_request_error',
    });
    await expect(client.post('/videos', { body: { prompt: 'x', seconds: 8 } })).rejects.toMatchObject({
      status: 400,
      param: 'seconds',
    });
    expect(h.service.count('create')).toBe(before);
  });

  it('lists with cursor pagination (after/limit/order, has_more) and auto-pagination', async () => {
    const fresh = await createHarness();
    const s = await listen(fresh.app);
    try {
      const c = new OpenAI({ apiKey: fresh.keyA, baseURL: `${s.url}/v1`, maxRetries: 0 });
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) {
        ids.push((await c.videos.create({ prompt: `clip ${index}` })).id);
        await fresh.clock.advance(1000);
      }
      const first = await c.videos.list({ limit: 2 });
      expect(first.data.map((video) => video.id)).toEqual([ids[4], ids[3]]);
      expect(first.has_more).toBe(true);
      expect(first.hasNextPage()).toBe(true);
      const second = await first.getNextPage();
      expect(second.data.map((video) => video.id)).toEqual([ids[2], ids[1]]);
      const all: string[] = [];
      for await (const video of c.videos.list({ limit: 2, order: 'asc' })) all.push(video.id);
      expect(all).toEqual(ids);
      const raw = (await c.get('/videos', { query: { limit: 3, order: 'asc' } })) as Record<string, unknown>;
      expect(raw).toMatchObject({ object: 'list', first_id: ids[0], last_id: ids[2], has_more: true });
    } finally {
      await s.close();
    }
  });

  it('downloads content (whole and ranged), never expiring, and 404s for other accounts', async () => {
    const video = await client.videos.create({ prompt: 'download me' });
    const bytes = fakeMp4(50_000);
    const thumbnail = Uint8Array.from(Buffer.from('RIFF\0\0\0\0WEBPVP8 fake', 'latin1'));
    h.service.complete(video.id, { video: bytes, thumbnail });
    const done = await client.videos.retrieve(video.id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, expires_at: null });
    expect(typeof done.completed_at).toBe('number');

    const whole = await client.videos.downloadContent(video.id);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await whole.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const ranged = await client.videos.downloadContent(
      video.id,
      { variant: 'video' },
      { headers: { Range: 'bytes=100-199' } },
    );
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(bytes.slice(100, 200)))).toBe(true);

    const thumb = await client.videos.downloadContent(video.id, { variant: 'thumbnail' });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await thumb.arrayBuffer()).equals(Buffer.from(thumbnail))).toBe(true);

    await expect(otherClient.videos.downloadContent(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(otherClient.videos.retrieve(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('remixes a video (JSON body) and records the source', async () => {
    const source = await client.videos.create({ prompt: 'a cat', seconds: '8', size: '1280x720' });
    const remix = await client.videos.remix(source.id, { prompt: 'the same cat, in watercolor' });
    expect(remix).toMatchObject({
      remixed_from_video_id: source.id,
      seconds: '8',
      size: '1280x720',
      status: 'queued',
    });
    await expect(otherClient.videos.remix(source.id, { prompt: 'nope' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    await expect(client.videos.remix('video_unknown', { prompt: 'x' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  });

  it('deletes: video.deleted, then 404', async () => {
    const video = await client.videos.create({ prompt: 'short-lived' });
    await expect(otherClient.videos.delete(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(await client.videos.delete(video.id)).toEqual({
      id: video.id,
      object: 'video.deleted',
      deleted: true,
    });
    await expect(client.videos.retrieve(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('reports a failed job in-band with error {code, message}; refusals as moderation_blocked with the hint', async () => {
    const video = await client.videos.create({ prompt: 'a famous actor' });
    h.service.fail(video.id, {
      code: 'input_refused',
      message: 'Real people cannot be generated.',
      retryable: false,
    });
    const failed = await client.videos.retrieve(video.id);
    expect(failed.status).toBe('failed');
    // OpenAI's code for moderation refusals, which Sora clients check; the gateway's own code
    // and what to change ride along.
    expect(failed.error).toMatchObject({
      code: 'moderation_blocked',
      message: 'Real people cannot be generated.',
      reelgate_code: 'input_refused',
    });
    await expect(client.videos.downloadContent(video.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});
