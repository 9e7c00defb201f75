/**
 * Create deduplication per face: by default each face does what its real API documents (none of
 * them deduplicates, so a re-sent create is a second, billable job); `idempotency: 'on'` /
 * `'off'` (REELGATE_EMULATOR_IDEMPOTENCY) forces every face.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { emulatorOptionsFromEnv } from '../../src/emulator/config.ts';
import { createEmulatorApp, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import type { EmulatorOptions } from '../../src/emulator/options.ts';

interface FaceCreate {
  face: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** The job id in the face's create answer. */
  idOf(body: Record<string, unknown>): string;
}

const creates: FaceCreate[] = [
  {
    face: 'openai',
    path: '/v1/videos',
    headers: { authorization: 'Bearer k' },
    body: { prompt: 'a fox', seconds: '4' },
    idOf: (b) => String(b.id),
  },
  {
    face: 'fal',
    path: '/fal/fal-ai/kling-video/v2.1/master/text-to-video',
    headers: { authorization: 'Key k' },
    body: { prompt: 'a fox', duration: '5' },
    idOf: (b) => String(b.request_id),
  },
  {
    face: 'google',
    path: '/google/v1beta/models/veo-3.0-generate-001:predictLongRunning',
    headers: { 'x-goog-api-key': 'k' },
    body: { instances: [{ prompt: 'a fox' }], parameters: { durationSeconds: 8 } },
    idOf: (b) => String(b.name),
  },
  {
    face: 'replicate',
    path: '/replicate/v1/models/minimax/hailuo-02/predictions',
    headers: { authorization: 'Bearer k' },
    body: { input: { prompt: 'a fox' } },
    idOf: (b) => String(b.id),
  },
  {
    face: 'xai',
    path: '/xai/v1/videos/generations',
    headers: { authorization: 'Bearer k' },
    body: { model: 'grok-imagine-video', prompt: 'a fox', duration: 4 },
    idOf: (b) => String(b.request_id),
  },
];

async function createTwice(options: EmulatorOptions, create: FaceCreate) {
  const app = createEmulatorApp({ speed: 1000, seed: 1, ...options });
  try {
    const ids: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await app.request(create.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'rg-same', ...create.headers },
        body: JSON.stringify(create.body),
      });
      expect([200, 201], await response.clone().text()).toContain(response.status);
      ids.push(create.idOf((await response.json()) as Record<string, unknown>));
    }
    return { ids, stats: app.core.stats.snapshot() };
  } finally {
    await app.core.close();
  }
}

describe.each(creates)('$face face', (create) => {
  it('makes a second job for a re-sent create by default, as the real API documents no deduplication', async () => {
    const { ids, stats } = await createTwice({}, create);
    expect(ids[0]).not.toBe(ids[1]);
    expect(stats.jobsCreated.byFace[create.face]).toBe(2);
    expect(stats.createCalls.byIdempotencyKey['rg-same']).toMatchObject({ calls: 2, jobs: 2 });
  });

  it("returns the first job with idempotency 'on'", async () => {
    const { ids, stats } = await createTwice({ idempotency: 'on' }, create);
    expect(ids[1]).toBe(ids[0]);
    expect(stats.jobsCreated.byFace[create.face]).toBe(1);
    expect(stats.createCalls.byIdempotencyKey['rg-same']).toMatchObject({ calls: 2, jobs: 1 });
  });

  it("makes two jobs with idempotency 'off'", async () => {
    const { ids } = await createTwice({ idempotency: 'off' }, create);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

it('a face that documents deduplication keeps it unless forced off', async () => {
  const dedupFace = {
    name: 'dedup',
    prefix: '/dedup',
    deduplicatesStarts: true,
    mount(app: import('hono').Hono, core: import('../../src/emulator/index.ts').EmulatorCore) {
      app.post('/jobs', (c) => {
        const key = c.req.header('idempotency-key') ?? null;
        core.recordCreateCall('dedup', key);
        const job =
          core.replayIdempotent('dedup', key) ??
          core.createJob({
            face: 'dedup',
            model: 'm',
            prompt: 'p',
            width: 64,
            height: 64,
            seconds: 1,
            idempotencyKey: key,
          });
        return c.json({ id: job.id });
      });
    },
  };
  for (const [mode, distinct] of [
    ['provider', 1],
    ['on', 1],
    ['off', 2],
  ] as const) {
    const app = createEmulatorApp({ speed: 1000, faces: [dedupFace], idempotency: mode });
    const ids = new Set<string>();
    for (let i = 0; i < 2; i += 1) {
      const response = await app.request('/dedup/jobs', {
        method: 'POST',
        headers: { 'idempotency-key': 'k' },
      });
      ids.add(((await response.json()) as { id: string }).id);
    }
    expect(ids.size, mode).toBe(distinct);
    await app.core.close();
  }
});

it('REELGATE_EMULATOR_IDEMPOTENCY and --idempotency are read and checked', () => {
  expect(emulatorOptionsFromEnv({ REELGATE_EMULATOR_IDEMPOTENCY: 'on' }).idempotency).toBe('on');
  expect(
    emulatorOptionsFromEnv({ REELGATE_EMULATOR_IDEMPOTENCY: 'on' }, { idempotency: 'off' }).idempotency,
  ).toBe('off');
  expect(emulatorOptionsFromEnv({}).idempotency).toBeUndefined();
  expect(() => emulatorOptionsFromEnv({ REELGATE_EMULATOR_IDEMPOTENCY: 'yes' })).toThrow(
    /on, off or provider/,
  );
});

describe('through the official openai SDK', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
  });

  it('a 500 after the job was created, retried by the SDK with the same key: two jobs by default', async () => {
    emulator = await startEmulator({ port: 0, speed: 4000, seed: 11 });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${emulator.url}/v1`, maxRetries: 2 });
    const video = await client.videos.create(
      { prompt: 'Lost reply [[fault:http500-after-create]]' },
      { headers: { 'Idempotency-Key': 'key-after' } },
    );
    const stats = emulator.stats();
    expect(stats.createCalls.byIdempotencyKey['key-after']).toMatchObject({ calls: 2, jobs: 2 });
    expect(stats.createCalls.byIdempotencyKey['key-after']!.jobIds[1]).toBe(video.id);
    expect(stats.jobsCreated.total).toBe(2);
  });

  it("with idempotency 'on' the SDK's retry gets the job the failed call made", async () => {
    emulator = await startEmulator({ port: 0, speed: 4000, seed: 11, idempotency: 'on' });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${emulator.url}/v1`, maxRetries: 2 });
    const video = await client.videos.create(
      { prompt: 'Lost reply [[fault:http500-after-create]]' },
      { headers: { 'Idempotency-Key': 'key-after' } },
    );
    const stats = emulator.stats();
    expect(stats.createCalls.byIdempotencyKey['key-after']).toMatchObject({
      calls: 2,
      jobs: 1,
      jobIds: [video.id],
    });
    expect(stats.faults['http500-after-create']).toBe(1);
  });
});
