/**
 * Drives every endpoint of the OpenAI face with the official `openai` SDK (v7) pointed at a
 * running emulator, and validates every JSON reply against the OpenAPI spec's schemas.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { probeImage } from '../../src/media/image-probe.ts';
import { probeMedia } from '../../src/media/probe.ts';
import {
  averageColour,
  ffprobeStream,
  imageFixture,
  type RecordingFetch,
  tempFile,
  validatingFetch,
  waitForVideo,
} from './helpers.ts';

let emulator: RunningEmulator;
let client: OpenAI;
let recorder: RecordingFetch;
let imageServer: Server;
let imageServerUrl: string;
let firstVideo: OpenAI.Videos.Video;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, speed: 4000, seed: 7 });
  recorder = validatingFetch();
  client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: `${emulator.url}/v1`,
    fetch: recorder.fetch,
    maxRetries: 0,
  });
  imageServer = createServer((request, response) => {
    const image = imageFixture(720, 1280, 'jpeg');
    if (request.url === '/ref.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(image);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  imageServerUrl = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}`;
  firstVideo = await waitForVideo(
    client,
    (await client.videos.create({ prompt: 'A calico cat playing a piano' })).id,
  );
});

afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => imageServer?.close(resolve));
});

async function download(id: string, variant: 'video' | 'thumbnail' | 'spritesheet') {
  const response = await client.videos.downloadContent(id, { variant });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('create and poll', () => {
  it('creates with defaults (sora-2, 4 s, 720x1280) and goes queued -> completed', async () => {
    const created = await client.videos.create({ prompt: 'A lighthouse at dusk' });
    expect(created).toMatchObject({ object: 'video', model: 'sora-2', seconds: '4', size: '720x1280' });
    expect(['queued', 'in_progress']).toContain(created.status);
    expect(created.completed_at).toBeNull();
    expect(created.id).toMatch(/^video_/);
    const done = await waitForVideo(client, created.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    expect(done.completed_at).toBeGreaterThanOrEqual(done.created_at);
    expect(done.expires_at).toBe(done.completed_at! + 3600);
    expect(done.error).toBeNull();
  });

  it('accepts the newer durations and 1080p sizes on sora-2-pro', async () => {
    const created = await client.videos.create({
      prompt: 'Waves on rocks',
      model: 'sora-2-pro',
      seconds: '16' as OpenAI.Videos.VideoSeconds,
      size: '1920x1080' as OpenAI.Videos.VideoSize,
    });
    expect(created).toMatchObject({ model: 'sora-2-pro', seconds: '16', size: '1920x1080' });
  });

  it('accepts an uploaded reference image of the requested size and starts the video with it', async () => {
    const video = await client.videos.create({
      prompt: 'The orange card comes alive',
      input_reference: await toFile(imageFixture(720, 1280, 'png'), 'ref.png', { type: 'image/png' }),
    });
    expect((await waitForVideo(client, video.id)).status).toBe('completed');
    const { bytes } = await download(video.id, 'video');
    const path = tempFile('with-reference.mp4', bytes);
    const [red, green, blue] = averageColour(path, 0);
    expect(red).toBeGreaterThan(200); // orange reference image
    expect(green).toBeGreaterThan(120);
    expect(blue).toBeLessThan(60);
    expect(averageColour(path, 2)[0]).toBeLessThan(150); // later frames show the plain background
  });

  it('accepts input_reference {image_url} as a data URL (bracketed multipart) and a loopback URL', async () => {
    const dataUrl = `data:image/webp;base64,${imageFixture(1280, 720, 'webp').toString('base64')}`;
    const fromData = await client.videos.create({
      prompt: 'Landscape from a data URL',
      size: '1280x720',
      input_reference: { image_url: dataUrl },
    });
    expect(fromData.size).toBe('1280x720');
    const fromUrl = await client.videos.create({
      prompt: 'Portrait from a loopback URL',
      input_reference: { image_url: `${imageServerUrl}/ref.jpg` },
    });
    expect(fromUrl.status).not.toBe('failed');
    const fromFileId = await client.videos.create({
      prompt: 'From a file id',
      input_reference: { file_id: 'file-123' },
    });
    expect(fromFileId.id).toMatch(/^video_/);
  });

  it('accepts a JSON body with input_reference as an object', async () => {
    const response = await recorder.fetch(`${emulator.url}/v1/videos`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: 'JSON create',
        seconds: '8',
        input_reference: { image_url: `data:image/png;base64,${imageFixture(720, 1280).toString('base64')}` },
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ seconds: '8', size: '720x1280', status: 'queued' });
  });
});

describe('content', () => {
  it('serves the video as H.264/AAC MP4 of the exact size and duration', async () => {
    const { response, bytes } = await download(firstVideo.id, 'video');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const info = await probeMedia(tempFile('video.mp4', bytes));
    expect(info).toMatchObject({
      width: 720,
      height: 1280,
      videoCodec: 'avc',
      audioCodec: 'aac',
      hasAudio: true,
    });
    expect(info.durationSeconds).toBeCloseTo(4, 1);
  });

  it('serves a WebP thumbnail and a JPEG spritesheet', async () => {
    const thumbnail = await download(firstVideo.id, 'thumbnail');
    expect(thumbnail.response.headers.get('content-type')).toBe('image/webp');
    const thumbPath = tempFile('thumb.webp', thumbnail.bytes);
    expect(ffprobeStream(thumbPath)).toMatchObject({ codec_name: 'webp', width: 720, height: 1280 });
    expect(probeImage(thumbnail.bytes)).toMatchObject({ format: 'webp', width: 720, height: 1280 });

    const sprites = await download(firstVideo.id, 'spritesheet');
    expect(sprites.response.headers.get('content-type')).toBe('image/jpeg');
    const spritePath = tempFile('sprites.jpg', sprites.bytes);
    // 4 frames of 160x284 in a 2x2 grid
    expect(ffprobeStream(spritePath)).toMatchObject({ codec_name: 'mjpeg', width: 320, height: 568 });
  });

  it('refuses content before completion and for unknown variants', async () => {
    const pending = await client.videos.create({ prompt: 'Not yet [[fault:hang]]' });
    await expect(client.videos.downloadContent(pending.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(
      client.videos.downloadContent(firstVideo.id, { variant: 'poster' as 'video' }),
    ).rejects.toMatchObject({ status: 400, param: 'variant' });
  });

  it('honours a byte range', async () => {
    const response = await fetch(`${emulator.url}/v1/videos/${firstVideo.id}/content`, {
      headers: { authorization: 'Bearer k', range: 'bytes=0-99' },
    });
    expect(response.status).toBe(206);
    expect((await response.arrayBuffer()).byteLength).toBe(100);
  });
});

describe('list', () => {
  it('paginates with after/limit/order across pages', async () => {
    const all: string[] = [];
    for await (const video of client.videos.list({ limit: 2, order: 'asc' })) all.push(video.id);
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(new Set(all).size).toBe(all.length);
    expect(all[0]).toBe(firstVideo.id);

    const page1 = await client.videos.list({ limit: 2, order: 'desc' });
    expect(page1.data).toHaveLength(2);
    expect(page1.has_more).toBe(true);
    expect(page1.last_id).toBe(page1.data[1]!.id);
    const page2 = await page1.getNextPage();
    expect(page2.data[0]!.id).not.toBe(page1.data[1]!.id);
    expect([...page1.data, ...page2.data].map((video) => video.id)).toEqual(
      all.slice().reverse().slice(0, 4),
    );

    const last = await client.videos.list({ limit: 100, order: 'asc', after: all[all.length - 2]! });
    expect(last.data.map((video) => video.id)).toEqual([all[all.length - 1]]);
    expect(last.has_more).toBe(false);
    await expect(client.videos.list({ limit: 101 })).rejects.toMatchObject({ status: 400, param: 'limit' });
  });
});

describe('remix, edit, extend, delete', () => {
  it('remixes a completed video into a new one with the same duration', async () => {
    const remix = await client.videos.remix(firstVideo.id, { prompt: 'Same cat, now in the rain' });
    expect(remix).toMatchObject({ remixed_from_video_id: firstVideo.id, seconds: '4', size: '720x1280' });
    expect(remix.id).not.toBe(firstVideo.id);
    expect((await waitForVideo(client, remix.id)).status).toBe('completed');
  });

  it('edits by reference and by uploaded file', async () => {
    const byId = await client.videos.edit({ prompt: 'Make it night', video: { id: firstVideo.id } });
    expect(byId.seconds).toBe('4');
    const { bytes } = await download(firstVideo.id, 'video');
    const byFile = await client.videos.edit({ prompt: 'Make it snow', video: await toFile(bytes, 'in.mp4') });
    expect(byFile).toMatchObject({ seconds: '4', size: '720x1280' });
  });

  it('extends to the stitched total and renders that duration', async () => {
    const extended = await client.videos.extend({
      prompt: 'The cat bows',
      video: { id: firstVideo.id },
      seconds: '4',
    });
    expect(extended.seconds).toBe('8');
    const done = await waitForVideo(client, extended.id);
    expect(done.status).toBe('completed');
    const { bytes } = await download(done.id, 'video');
    const info = await probeMedia(tempFile('extended.mp4', bytes));
    expect(info.durationSeconds).toBeCloseTo(8, 1);
    await expect(
      client.videos.extend({ prompt: 'x', video: { id: firstVideo.id }, seconds: 4 as unknown as '4' }),
    ).resolves.toMatchObject({ seconds: '8' }); // multipart sends every value as a string
  });

  it('deletes completed videos; unknown ids are 404', async () => {
    const video = await waitForVideo(client, (await client.videos.create({ prompt: 'To be deleted' })).id);
    const deleted = await client.videos.delete(video.id);
    expect(deleted).toEqual({ object: 'video.deleted', deleted: true, id: video.id });
    await expect(client.videos.retrieve(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.videos.delete(video.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.videos.downloadContent('video_nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.videos.remix('video_nope', { prompt: 'x' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  });
});

describe('characters', () => {
  it('creates and fetches a character, then uses it in a prompt', async () => {
    const { bytes } = await download(firstVideo.id, 'video');
    const character = await client.videos.createCharacter({
      name: 'Mossy',
      video: await toFile(bytes, 'mossy.mp4'),
    });
    expect(character.id).toMatch(/^char_/);
    expect(character.name).toBe('Mossy');
    expect(await client.videos.getCharacter(character.id!)).toEqual(character);
    await expect(client.videos.getCharacter('char_nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const params = { prompt: 'Mossy waves hello', characters: [{ id: character.id }] };
    const video = await client.videos.create(params as OpenAI.Videos.VideoCreateParams);
    expect(video.status).not.toBe('failed');
    const missingName = { prompt: 'Someone waves', characters: [{ id: character.id }] };
    await expect(client.videos.create(missingName as OpenAI.Videos.VideoCreateParams)).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      client.videos.createCharacter({
        name: 'Bad',
        video: await toFile(Buffer.from('not a video'), 'x.mp4'),
      }),
    ).rejects.toMatchObject({ status: 400, param: 'video' });
  });
});

describe('errors', () => {
  const bad = async (params: Record<string, unknown>, param: string) => {
    const error = await client.videos
      .create(params as unknown as OpenAI.Videos.VideoCreateParams)
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe(param);
  };

  it('rejects bad fields with BadRequestError and the field as param', async () => {
    await bad({ prompt: 'x', seconds: '7' }, 'seconds');
    await bad({ prompt: 'x', size: '640x480' }, 'size');
    await bad({ prompt: 'x', size: '1920x1080' }, 'size'); // sora-2 has no 1080p
    await bad({ prompt: 'x', model: 'sora-3' }, 'model');
    await bad({ prompt: '' }, 'prompt');
    await bad({ prompt: 'x'.repeat(32_001) }, 'prompt');
    await bad({ prompt: 'x', colour: 'red' }, 'colour');
    await bad(
      {
        prompt: 'x',
        input_reference: await toFile(imageFixture(1280, 720), 'wide.png', { type: 'image/png' }),
      },
      'input_reference',
    );
    await bad(
      { prompt: 'x', input_reference: { image_url: 'http://example.com/a.png' } },
      'input_reference.image_url',
    );
  });

  it('rejects seconds sent as a JSON number', async () => {
    const response = await recorder.fetch(`${emulator.url}/v1/videos`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x', seconds: 8 }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string; message: string; code: string } };
    expect(body.error).toMatchObject({ param: 'seconds', code: 'invalid_type' });
    expect(body.error.message).toContain('got an integer');
  });

  it('answers 401 without a bearer key, and AuthenticationError for a wrong configured key', async () => {
    const response = await recorder.fetch(`${emulator.url}/v1/videos`);
    expect(response.status).toBe(401);
    const locked = await startEmulator({ port: 0, apiKey: 'right-key', speed: 1000 });
    try {
      const wrong = new OpenAI({ apiKey: 'wrong-key', baseURL: `${locked.url}/v1`, fetch: recorder.fetch });
      await expect(wrong.videos.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const right = new OpenAI({ apiKey: 'right-key', baseURL: `${locked.url}/v1`, fetch: recorder.fetch });
      await expect(right.videos.list()).resolves.toBeDefined();
    } finally {
      await locked.close();
    }
  });

  it('answers 429 with Retry-After over the rate limit; the SDK waits and retries', async () => {
    const limited = await startEmulator({ port: 0, speed: 1000, rateLimit: { requests: 1, windowMs: 300 } });
    try {
      const noRetry = new OpenAI({
        apiKey: 'k',
        baseURL: `${limited.url}/v1`,
        fetch: recorder.fetch,
        maxRetries: 0,
      });
      await noRetry.videos.create({ prompt: 'first' });
      const error = await noRetry.videos.create({ prompt: 'second' }).catch((e) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(Number(error.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(error.headers.get('retry-after-ms'))).toBeGreaterThan(0);

      const retrying = new OpenAI({
        apiKey: 'k',
        baseURL: `${limited.url}/v1`,
        fetch: recorder.fetch,
        maxRetries: 3,
      });
      const started = Date.now();
      const video = await retrying.videos.create({ prompt: 'third' });
      expect(video.id).toMatch(/^video_/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(50); // it waited for the window
      const stats = limited.stats();
      expect(stats.createCalls.total).toBeGreaterThanOrEqual(4);
      expect(stats.jobsCreated.total).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

describe('schema', () => {
  it('every JSON reply above matched the OpenAPI schemas', () => {
    const schemas = new Set(recorder.checked.map((entry) => entry.schema));
    for (const name of [
      'VideoResource',
      'VideoListResource',
      'DeletedVideoResource',
      'VideoCharacterResource',
      'error',
    ]) {
      expect(schemas).toContain(name);
    }
    expect(recorder.checked.filter((entry) => entry.problem !== null)).toEqual([]);
  });
});
