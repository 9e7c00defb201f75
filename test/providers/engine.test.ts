/**
 * Every provider through reelgate's engine (PGlite, real worker) against its emulator face,
 * using the real @ai-sdk packages behind the provider registry: the stored MP4's duration and
 * size, cost from the catalog, option mapping warnings, refusals and failures with their
 * error codes, a transient fault survived — and the credential never showing up in logs,
 * generation records or errors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { createRoutedCatalog } from '../../src/core/catalog/routing.ts';
import type { CreateGenerationInput, Generation } from '../../src/core/generation.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { probeMedia } from '../../src/media/index.ts';
import { REPLICATE_EMULATOR_WEBHOOK_SECRET } from '../../src/emulator/faces/replicate/predictions.ts';
import { emulatorProviders } from '../../src/providers/registry.ts';
import { replicateBinding } from '../../src/providers/replicate/replicate-provider.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { openTestDatabase, type TestDatabase } from '../engine/helpers/databases.ts';
import { MemoryAccountStore } from '../http/fakes/memory-account-store.ts';
import { referenceImages, SPEED } from './helpers.ts';

const SECRET_KEY = 'rg-secret-provider-key-9f3c2a';
const ACCOUNT = 'acct_providers';

let emulator: RunningEmulator;
let database: TestDatabase;
let reelgate: Reelgate;
let dataDir: string;
let receiver: ReturnType<typeof serve>;
const logLines: string[] = [];
const webhookOutcomes: number[] = [];
/** Every HTTP response body the gateway API gave in these tests (grepped for the key). */
const apiResponses: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-providers-e2e-'));
  emulator = await startEmulator({
    port: 0,
    speed: SPEED,
    seed: 5,
    apiKey: SECRET_KEY,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    slowResponseMs: 50,
  });
  database = await openTestDatabase('pglite');
  const registry = emulatorProviders({ url: emulator.url, speed: SPEED, apiKey: SECRET_KEY });
  // Replicate with webhooks: the prediction calls reelgate's provider webhook when it ends.
  const hooks = new Hono();
  hooks.post('/webhooks/providers/:provider', async (c) => {
    const result = await reelgate.providerWebhooks.handle(
      c.req.param('provider'),
      c.req.raw.headers,
      await c.req.text(),
    );
    webhookOutcomes.push(result.status);
    return c.body(null, result.status as 200);
  });
  receiver = await new Promise((resolve) => {
    const server = serve({ fetch: hooks.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  registry.register(
    replicateBinding({
      apiToken: SECRET_KEY,
      baseURL: `${emulator.url}/replicate/v1`,
      emulated: true,
      timeScale: SPEED,
      webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/providers/replicate`,
      webhookSecret: REPLICATE_EMULATOR_WEBHOOK_SECRET,
    }),
    { kind: 'replicate', baseURL: `${emulator.url}/replicate/v1`, emulated: true },
  );
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
    db: database.db,
    logger: pino({ level: 'debug' }, sink),
    providers: [...registry.bindings().values()],
    catalog: createRoutedCatalog({ enabledProviders: registry.names() }),
    policy: { deadline: { factor: 4, minMs: 0, floorRealMs: 5_000 } },
  });
}, 60_000);

afterAll(async () => {
  await reelgate?.close();
  await emulator?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const finalTypes = [
  'generation:completed',
  'generation:failed',
  'generation:canceled',
  'generation:expired',
] as const;

async function generate(input: Omit<CreateGenerationInput, 'surface'>): Promise<Generation> {
  const created = await reelgate.service.create(ACCOUNT, { ...input, surface: 'generations' });
  const waiting = reelgate.events.next(
    { generationId: created.id, types: finalTypes },
    AbortSignal.timeout(30_000),
  );
  const current = await reelgate.service.get(ACCOUNT, created.id);
  if (current && ['completed', 'failed', 'canceled', 'expired'].includes(current.status)) {
    waiting.catch(() => {});
    return current;
  }
  await waiting;
  return (await reelgate.service.get(ACCOUNT, created.id))!;
}

/** Waits (polling the service every few ms) until the generation is final. */
async function settled(id: string): Promise<void> {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const generation = await reelgate.service.get(ACCOUNT_OF.get(id) ?? ACCOUNT, id);
    if (generation && ['completed', 'failed', 'canceled', 'expired'].includes(generation.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const ACCOUNT_OF = new Map<string, string>();

async function probeStored(generation: Generation) {
  expect(generation.video).not.toBeNull();
  const stream = await reelgate.storage.get(generation.video!.key);
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  expect(bytes.byteLength).toBe(generation.video!.bytes);
  const path = join(dataDir, `${generation.id}.mp4`);
  await writeFile(path, bytes);
  return probeMedia(path);
}

interface Case {
  provider: string;
  model: string;
  resolution: '480p' | '720p';
  durationSeconds: number;
  size: [number, number];
  refusalCode: 'input_refused' | 'output_refused';
}

const cases: Case[] = [
  {
    provider: 'fal',
    model: 'fal:fal-ai/bytedance/seedance/v1/pro/text-to-video',
    resolution: '480p',
    durationSeconds: 3,
    size: [854, 480],
    refusalCode: 'input_refused',
  },
  {
    provider: 'google',
    model: 'google:veo-3.0-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
    size: [1280, 720],
    refusalCode: 'input_refused',
  },
  {
    provider: 'replicate',
    model: 'replicate:bytedance/seedance-1-pro',
    resolution: '480p',
    durationSeconds: 2,
    size: [854, 480],
    refusalCode: 'input_refused',
  },
  {
    provider: 'xai',
    model: 'xai:grok-imagine-video',
    resolution: '480p',
    durationSeconds: 2,
    size: [854, 480],
    refusalCode: 'input_refused',
  },
  {
    provider: 'alibaba',
    model: 'alibaba:wan2.6-t2v',
    resolution: '720p',
    durationSeconds: 5,
    size: [1280, 720],
    refusalCode: 'input_refused',
  },
  {
    provider: 'minimax',
    model: 'minimax:MiniMax-H3',
    resolution: '720p',
    durationSeconds: 4,
    size: [1366, 768],
    refusalCode: 'input_refused',
  },
  {
    provider: 'bytedance',
    model: 'bytedance:seedance-1-0-pro-250528',
    resolution: '480p',
    durationSeconds: 3,
    size: [864, 480],
    refusalCode: 'input_refused',
  },
  {
    provider: 'google-vertex',
    model: 'google-vertex:veo-3.1-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
    size: [1280, 720],
    refusalCode: 'input_refused',
  },
  {
    provider: 'gateway',
    model: 'gateway:google/veo-3.1-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
    size: [1280, 720],
    refusalCode: 'input_refused',
  },
  {
    provider: 'openrouter',
    model: 'openrouter:google/veo-3.1-fast',
    resolution: '720p',
    durationSeconds: 4,
    size: [1280, 720],
    refusalCode: 'input_refused',
  },
];

describe.each(cases)('$provider through the engine', (item) => {
  it('stores the text-to-video result with the requested size and duration, priced from the catalog', async () => {
    const generation = await generate({
      prompt: `a red kite over hills (${item.provider})`,
      model: item.model,
      resolution: item.resolution,
      durationSeconds: item.durationSeconds,
    });
    expect(generation.status).toBe('completed');
    expect(generation.provider).toBe(item.provider);
    expect(generation.model).toBe(item.model);
    const media = await probeStored(generation);
    expect([media.width, media.height]).toEqual(item.size);
    expect(media.durationSeconds).toBeCloseTo(item.durationSeconds, 0);
    const entry = reelgate.catalog.find(item.model)!;
    const size = entry.sizes.find((candidate) => candidate.size === `${item.size[0]}x${item.size[1]}`)!;
    expect(generation.costUsd).toBeCloseTo(
      (size.pricePerSecondUsd ?? entry.pricing.perSecondUsd) * item.durationSeconds,
      4,
    );
  });

  it('stores an image-to-video result', async () => {
    const generation = await generate({
      prompt: `a paper boat drifts (${item.provider})`,
      model: item.model,
      resolution: item.resolution,
      durationSeconds: item.durationSeconds,
      image: { data: referenceImages().plain, mediaType: 'image/png' },
    });
    expect(generation.status).toBe('completed');
    const media = await probeStored(generation);
    expect(media.width).toBe(item.size[0]);
  });

  it('fails a refused prompt with a distinct, non-retryable refusal code and a hint', async () => {
    const generation = await generate({
      prompt: `Barack Obama gives a speech (${item.provider})`,
      model: item.model,
      resolution: item.resolution,
      durationSeconds: item.durationSeconds,
    });
    expect(generation.status).toBe('failed');
    expect(generation.error?.code, JSON.stringify(generation.error)).toBe(item.refusalCode);
    expect(generation.error?.retryable).toBe(false);
    expect(generation.error?.hint).toBeTruthy();
    expect(generation.video).toBeNull();
  });

  it('fails a result refused by the output check with output_refused', async () => {
    const generation = await generate({
      prompt: `a city at night [[fault:output-refusal:always]] (${item.provider})`,
      model: item.model,
      resolution: item.resolution,
      durationSeconds: item.durationSeconds,
    });
    expect(generation.status).toBe('failed');
    expect(generation.error?.code).toBe('output_refused');
    expect(generation.error?.retryable).toBe(false);
  });

  it('fails a job the provider keeps failing with provider_outage after one replacement job', async () => {
    const before = emulator.stats().jobsCreated.byFace[item.provider] ?? 0;
    const generation = await generate({
      prompt: `a waterfall [[fault:fail:always]] (${item.provider})`,
      model: item.model,
      resolution: item.resolution,
      durationSeconds: item.durationSeconds,
    });
    expect(generation.status).toBe('failed');
    expect(generation.error?.code).toBe('provider_outage');
    expect((emulator.stats().jobsCreated.byFace[item.provider] ?? 0) - before).toBe(2);
  });

  it('never pays for two jobs after a 500 on the start call', async () => {
    const before = emulator.stats().jobsCreated.byFace[item.provider] ?? 0;
    const generation = await generate({
      prompt: `a quiet street [[fault:http500]] (${item.provider})`,
      model: item.model,
      resolution: item.resolution,
      durationSeconds: item.durationSeconds,
    });
    const made = (emulator.stats().jobsCreated.byFace[item.provider] ?? 0) - before;
    if (reelgate.providers.get(item.provider)?.deduplicatesStarts) {
      // Re-sent with the same key: the provider answers with at most one job.
      expect(generation.status).toBe('completed');
      expect(made).toBe(1);
    } else {
      // A 5xx may have made a job; with nothing found, the default policy re-sends nothing.
      expect(generation.status).toBe('failed');
      expect(generation.error?.code).toBe('start_unconfirmed');
      expect(made).toBe(0);
    }
  });
});

describe('routing and mapping through the engine', () => {
  it('maps an unsupported duration up to the nearest one and says so', async () => {
    const generation = await generate({
      prompt: 'a lantern in fog',
      model: 'xai:grok-imagine-video',
      resolution: '480p',
      durationSeconds: 1.5,
    });
    expect(generation.durationSeconds).toBe(2);
    expect(generation.warnings.join(' ')).toMatch(/1\.5/);
    expect(generation.status).toBe('completed');
  });

  it('routes a short alias to an enabled provider', async () => {
    const generation = await generate({
      prompt: 'a snowy owl',
      model: 'grok-video',
      resolution: '480p',
      durationSeconds: 2,
    });
    expect(generation.model).toBe('xai:grok-imagine-video');
    expect(generation.status).toBe('completed');
  });

  it('accepts Replicate webhooks, verified with the signing secret', () => {
    const replicateHooks = emulator
      .stats()
      .webhooks.deliveries.filter((delivery) => delivery.type === 'prediction.completed');
    expect(replicateHooks.length).toBeGreaterThan(0);
    expect(replicateHooks.every((delivery) => delivery.status === 200)).toBe(true);
    expect(webhookOutcomes.length).toBe(replicateHooks.length);
  });

  it('serves provider generations through the gateway API (seed contract, OpenAI surface)', async () => {
    const accounts = new MemoryAccountStore();
    const { key, account } = await accounts.createKey({ name: 'api' });
    const app = createHttpApp({
      service: reelgate.service,
      planning: reelgate.service.planning,
      accounts,
      config: { signingSecret: 'providers-test-signing-secret-0123456789' },
    });
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await app.request(path, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
      const text = await response.text();
      apiResponses.push(text);
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };
    const created = await call('/v1/videos/generations', {
      method: 'POST',
      body: JSON.stringify({
        prompt: 'a tram in the rain',
        model: 'replicate:bytedance/seedance-1-pro',
        resolution: '480p',
        duration: 2,
      }),
    });
    expect(created.status).toBe(200);
    const id = String((created.body.data as { id?: string } | undefined)?.id ?? created.body.id);
    ACCOUNT_OF.set(id, account.id);
    await settled(id);
    const polled = await call(`/v1/videos/generations/${id}`);
    expect(JSON.stringify(polled.body)).toContain('completed');
    const refused = await call('/v1/videos/generations', {
      method: 'POST',
      body: JSON.stringify({
        prompt: 'Elon Musk on a stage',
        model: 'google:veo-3.0-fast-generate-001',
        resolution: '720p',
        duration: 4,
      }),
    });
    const refusedId = String((refused.body.data as { id?: string } | undefined)?.id ?? refused.body.id);
    ACCOUNT_OF.set(refusedId, account.id);
    await settled(refusedId);
    expect(JSON.stringify((await call(`/v1/videos/generations/${refusedId}`)).body)).toContain(
      'input_refused',
    );
    expect((await call('/v1/videos?limit=50')).status).toBe(200);
    expect(
      (
        await call('/v1/videos/generations', {
          method: 'POST',
          body: JSON.stringify({ prompt: 'x', model: 'nope:nothing' }),
        })
      ).status,
    ).toBe(400);
    expect(account.id).toBeTruthy();
  });

  it('never shows the provider credential in logs, generation records or errors', async () => {
    const all = await reelgate.service.list(ACCOUNT, { limit: 100 });
    expect(all.data.length).toBeGreaterThan(10);
    const rows = await reelgate.db.query('SELECT * FROM generations');
    const unknownModel = await reelgate.service
      .create(ACCOUNT, { prompt: 'x', model: 'nope:nothing', surface: 'generations' })
      .catch((error: unknown) => error);
    const haystacks = [
      logLines.join(''),
      JSON.stringify(all.data),
      JSON.stringify(rows.rows),
      JSON.stringify(unknownModel),
    ];
    expect(logLines.length).toBeGreaterThan(20);
    for (const text of haystacks) expect(text).not.toContain(SECRET_KEY);
  });
});
