/** Deterministic fault triggers and content policy, through the official SDK (idempotency: idempotency.test.ts). */
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HUMAN_FACE_MARKER, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { imageFixture, type RecordingFetch, validatingFetch, waitForVideo } from './helpers.ts';

let emulator: RunningEmulator;
let client: OpenAI;
let recorder: RecordingFetch;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, speed: 4000, seed: 11, slowResponseMs: 30 });
  recorder = validatingFetch();
  client = new OpenAI({ apiKey: 'k', baseURL: `${emulator.url}/v1`, maxRetries: 0, fetch: recorder.fetch });
});

afterAll(async () => {
  await emulator?.close();
  // every JSON reply in this file matched the spec's schemas (or the error envelope)
  expect(recorder.checked.length).toBeGreaterThan(20);
  expect(recorder.checked.filter((entry) => entry.problem !== null)).toEqual([]);
});

beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
});

const stats = async () =>
  (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as ReturnType<RunningEmulator['stats']>;

describe('request faults', () => {
  it('[[fault:http500]] fails the first create only; the SDK retry succeeds', async () => {
    const noRetry = await client.videos.create({ prompt: 'Owl [[fault:http500]]' }).catch((e) => e);
    expect(noRetry).toBeInstanceOf(OpenAI.InternalServerError);
    expect(noRetry.error).toMatchObject({ type: 'server_error' });
    const retrying = new OpenAI({
      apiKey: 'k',
      baseURL: `${emulator.url}/v1`,
      maxRetries: 2,
      fetch: recorder.fetch,
    });
    const video = await retrying.videos.create({ prompt: 'Heron [[fault:http500]]' });
    expect(video.id).toMatch(/^video_/);
    const snapshot = await stats();
    expect(snapshot.createCalls.total).toBe(3);
    expect(snapshot.jobsCreated.total).toBe(1);
  });

  it('[[fault:http429:2]] answers 429 twice with Retry-After; the SDK honours it and succeeds', async () => {
    const retrying = new OpenAI({
      apiKey: 'k',
      baseURL: `${emulator.url}/v1`,
      maxRetries: 2,
      fetch: recorder.fetch,
    });
    const video = await retrying.videos.create({ prompt: 'Otter [[fault:http429:2]]' });
    expect(video.status).toBe('queued');
    expect((await stats()).createCalls.total).toBe(3);
    const error = await client.videos.create({ prompt: 'Mink [[fault:http429]]' }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('1');
  });

  it('[[fault:slow]] holds the first create back by slowResponseMs', async () => {
    const video = await client.videos.create({ prompt: 'Sloth [[fault:slow]]' });
    expect(video.id).toMatch(/^video_/);
    await client.videos.create({ prompt: 'Sloth [[fault:slow]]' });
    expect((await stats()).faults.slow).toBe(1);
  });

  it('the X-Emulator-Fault header forces a fault on one request of any kind', async () => {
    const error = await client.videos
      .list({}, { headers: { 'X-Emulator-Fault': 'http500' } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    await expect(client.videos.list()).resolves.toBeDefined();
  });
});

describe('job faults', () => {
  it('[[fault:fail]] ends the first job failed with internal_error; the next one with that prompt completes', async () => {
    const prompt = 'Glacier [[fault:fail]]';
    const failed = await waitForVideo(client, (await client.videos.create({ prompt })).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'internal_error' });
    expect(failed.expires_at).toBeNull();
    const retried = await waitForVideo(client, (await client.videos.create({ prompt })).id);
    expect(retried.status).toBe('completed');
  });

  it('[[fault:hang]] keeps a job in progress forever', async () => {
    const video = await client.videos.create({ prompt: 'Stuck [[fault:hang]]' });
    await new Promise((resolve) => setTimeout(resolve, 200)); // ~20x its normal generation time
    const later = await client.videos.retrieve(video.id);
    expect(later.status).toBe('in_progress');
    expect(later.progress).toBeLessThan(100);
  });

  it('[[fault:expire]] makes the content expire right after completion', async () => {
    const video = await waitForVideo(
      client,
      (await client.videos.create({ prompt: 'Ephemeral [[fault:expire]]' })).id,
    );
    expect(video.status).toBe('completed');
    expect(video.expires_at).toBe(video.completed_at);
    const error = await client.videos.downloadContent(video.id).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(410);
    expect(error.error).toMatchObject({ code: 'video_expired' });
  });
});

describe('download faults', () => {
  it('[[fault:reset]] and [[fault:truncate]] break the first download only', async () => {
    for (const fault of ['reset', 'truncate']) {
      const video = await waitForVideo(
        client,
        (await client.videos.create({ prompt: `Tide [[fault:${fault}]]` })).id,
      );
      const broken = await client.videos
        .downloadContent(video.id)
        .then((response) => response.arrayBuffer())
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(broken, fault).toBeInstanceOf(Error);
      const response = await client.videos.downloadContent(video.id);
      const bytes = await response.arrayBuffer();
      expect(bytes.byteLength).toBe(Number(response.headers.get('content-length')));
    }
    expect((await stats()).faults).toMatchObject({ reset: 1, truncate: 1 });
  });

  it('[[fault:slow-download]] delays the first download', async () => {
    const video = await waitForVideo(
      client,
      (await client.videos.create({ prompt: 'Snail [[fault:slow-download]]' })).id,
    );
    await client.videos.downloadContent(video.id, { variant: 'thumbnail' }).then((r) => r.arrayBuffer());
    expect((await stats()).faults['slow-download']).toBe(1);
  });
});

describe('content policy', () => {
  it.each([
    ['a public figure', 'Taylor Swift singing on a rooftop'],
    ['graphic violence', 'A gory battlefield with dismembered soldiers'],
    ['a copyrighted character', 'Pikachu surfing a wave'],
  ])('refuses %s: the job ends failed with moderation_blocked', async (_label, prompt) => {
    const video = await waitForVideo(client, (await client.videos.create({ prompt })).id);
    expect(video.status).toBe('failed');
    expect(video.error).toEqual({
      code: 'moderation_blocked',
      message: expect.stringContaining('moderation'),
    });
  });

  it('refuses a reference image carrying the human-face marker, accepts the same image without it', async () => {
    const image = imageFixture(720, 1280, 'png');
    const marked = Buffer.concat([image, Buffer.from(HUMAN_FACE_MARKER)]);
    const refused = await client.videos.create({
      prompt: 'A portrait comes alive',
      input_reference: await toFile(marked, 'face.png', { type: 'image/png' }),
    });
    expect((await waitForVideo(client, refused.id)).error?.code).toBe('moderation_blocked');
    const accepted = await client.videos.create({
      prompt: 'A portrait comes alive',
      input_reference: await toFile(image, 'plain.png', { type: 'image/png' }),
    });
    expect((await waitForVideo(client, accepted.id)).status).toBe('completed');
  });

  it('lets harmless prompts through', async () => {
    const video = await waitForVideo(
      client,
      (await client.videos.create({ prompt: 'A swift bird over a battlefield of flowers' })).id,
    );
    expect(video.status).toBe('completed');
  });
});
