/**
 * The providers added beside the first five, each through its own package (or reelgate's
 * adapter where the package cannot start and poll separately), unmodified, against its
 * emulator face: text- and image-to-video with the MP4 probed, refusals of a prompt and of a
 * reference image, a provider-side failure, a transient 429, an expired result and a wrong key.
 */
import { createAlibaba } from '@ai-sdk/alibaba';
import { createByteDance } from '@ai-sdk/bytedance';
import { createGateway } from '@ai-sdk/gateway';
import { createVertex } from '@ai-sdk/google-vertex';
import { createMiniMax } from '@ai-sdk/minimax';
import { originRewriteFetch } from '../../src/providers/ai-sdk-common/origin-rewrite.ts';
import { EMULATOR_SERVICE_ACCOUNT } from '../../src/shared/emulator-service-account.ts';
import {
  createOpenRouterAsync,
  verifyOpenRouterSignature,
} from '../../src/providers/openrouter/openrouter-provider.ts';
import { OPENROUTER_EMULATOR_WEBHOOK_SECRET } from '../../src/emulator/faces/openrouter/face.ts';
import { vertexBinding } from '../../src/providers/google-vertex/vertex-provider.ts';
import { createByteDanceAsync } from '../../src/providers/bytedance/bytedance-provider.ts';
import { APICallError, type Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { experimental_startVideo } from 'ai';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import {
  downloadAndProbe,
  EMULATOR_KEY,
  type PackageOutcome,
  referenceImages,
  runPackage,
  startProviderEmulator,
} from './helpers.ts';

interface Call {
  duration: number;
  aspectRatio?: `${number}:${number}`;
  resolution?: `${number}x${number}`;
  providerOptions?: Record<string, Record<string, string | number | boolean>>;
}

interface Case {
  name: string;
  model(url: string, key?: string): VideoModelV4;
  imageModel(url: string): VideoModelV4;
  textCall: Call;
  textExpect: { width: number; height: number; seconds: number };
  imageCall: Call;
  imageExpect: { width: number; height: number; seconds: number };
  /** How a refused prompt shows: answered at submission (the start throws), a status error, or a throw from the status call. */
  promptRefusal: 'start' | 'error' | 'threw';
  imageRefusal: 'start' | 'error' | 'threw';
  expiry: 'dead-link' | 'error' | 'threw';
  /** A wrong credential fails before any API call (Google's token exchange): the error it throws. */
  wrongCredentialError?: RegExp;
  /** Headers a result download needs (OpenRouter's content proxy wants the key). */
  downloadHeaders?: Record<string, string>;
}

const alibaba = (url: string, id: string, key = EMULATOR_KEY) =>
  createAlibaba({ apiKey: key, videoBaseURL: `${url}/alibaba` }).video(id) as unknown as VideoModelV4;

const minimax = (url: string, id: string, key = EMULATOR_KEY) =>
  createMiniMax({ apiKey: key, videoBaseURL: `${url}/minimax` }).video(id) as unknown as VideoModelV4;

const seedance = (url: string, id: string, key = EMULATOR_KEY) =>
  createByteDanceAsync({ apiKey: key, baseURL: `${url}/bytedance/api/v3` }).video(
    id,
  ) as unknown as VideoModelV4;

/** A key the emulator's service account does not have (test only). */
const WRONG_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC/8qP2QyHwAkED\nT51JyC48Kw00zoV76CELXuKXyOAOx+ii2IGERYBzouwJuoAAROXBoNW+JhthiRih\n3eAlIt/wSyCr3igmkwRPIfa25taBUNN7C3tOMNYpNUc1npDwc60PHJ5eb/vZ/k+K\nUkBURSALo0AYglz8glihcNYI7GhutUfQyjuD7V8wX4DIlv0Go7T1vof0zHPpCrr4\nuUqEnT+xMk5oSqj4UbGh13R06LEUWxpvVEtp7U1N9k1YNcmA59zw3GiITjj+ncGx\nLKEII9fiaZWYGKIsd1ZRkSsnDvHMj+R923zln13PhqELfH8GsnqCuh5A5ATUG5aJ\nyrbIfeCnAgMBAAECggEAEyDYDBuGj0d6OR0+/HJRgTd9Gm0WSlHIsTxkcmHXSkHL\nwia3SXovodZzlUibpus2xkQD6O4dPmwOI1tcEfdWv7iM6fO6ppVyEXy9/F4mtD5c\nxN9RC2q8fODNVt+VbBDrBx1//sNEIuZAAPXPaVZ2KhK7uXWMVLGcqYH4Im2Evrtv\n3Pod/XTa5eoBmPwIQgCByk701w4NoEsU/53A0iDCJ0ugeE4jo9lh4aO9i148UfoQ\npOdv4E6w/PvMeh4cxcWq+wtPoa27KcsYzo6GH2cmQWJHP26z72gQ0t4S4y5F4o8+\nvV3g4DDhigRf/ZpJeVwOcOeegxRAaWw4odTxqHZD+QKBgQDfHfPHY0k4jmLfSfsY\niTS2dviI9TpUt8fj/1n5yUODIDyNgBjpMATWxT4K3t5+BeaGCbZ4Qlqa3IXdfoUZ\nKubi5HBHKaOIiSjCGRJZCYz5r37Wl/B4U9PRJDqLf1FnY9ka0wIh+Xvy4W8zQ8mm\nJniKCK1CtJ4KNf26So2ofDrl2wKBgQDcPLJallufDpt6nF/fFFCLsUUbutJ/NpBw\nj/rBlisemPcEXm4JjYrCNJzk0b8b4d9edk/AbZjW6OIDguIpG8crfPKNSAkVX0zW\nIveQjWAzWsKVOivfcdzHbH1mVphM4BDaL1AdVxRCPzHjD3Vr4YnK91LZKzCi3efY\nAvgWg3R4JQKBgQCDGEtDbT/5fhf0ELj7mqqhR1gSyNvkKTPG8COC09HaOte5YHnC\nkddWBgDFTFw4eekP+qb/FCW+djIliZBU0FNnH0glV/7hW43aNfcE38q4bng9SHsf\niEmdygaoLj+7WvyWeUL4iWldtT2sRnk2KcaLfDupRQzS/RQ/IE0JoSzOHwKBgQCO\nuic73cVyxxyr0TuwbpHkdfW7is9v8gSZbjWrz44SPj+XbTsSpdAPG9mx0NxxTWhc\n53+3zU8Ht9UBQYkf6wigflESjmSUnTZGcFLQM07s+RyxaQmVvUy/UOfTsrrw1yUU\nwSTCXvSaGipSZGpMh9Ws26utYfgbFIRz0TjGHlsUoQKBgFJxFFN5xltSGEoxoslz\nd/dHdfFfzRM2W6crOEwEMaQH/AaYqPdcLb+9Y8TeKqOwDY0me8pDIeAfvYUsenVe\nME5aLslATbUjd0Qb1GDtcJFqlaXprPVZ+Wfc8jBQ4sUQ9eU9kCdi6/yoTqx47fpI\nsc18njupfcSqx4hkExr71b/6\n-----END PRIVATE KEY-----\n';

/** The package's own service-account flow: the token exchange goes to the emulator. */
const vertex = (url: string, id: string, key?: string) =>
  createVertex({
    project: 'reelgate-emulator',
    location: 'us-central1',
    baseURL: `${url}/vertex/v1beta1/projects/reelgate-emulator/locations/us-central1/publishers/google`,
    googleAuthOptions: {
      credentials: {
        client_email: EMULATOR_SERVICE_ACCOUNT.client_email,
        // A wrong key signs an assertion the token endpoint refuses.
        private_key: key ? WRONG_KEY : EMULATOR_SERVICE_ACCOUNT.private_key,
      },
      clientOptions: {
        transporterOptions: {
          fetchImplementation: originRewriteFetch({
            'https://oauth2.googleapis.com': `${url}/vertex`,
          }) as never,
        },
      },
    },
  }).video(id) as unknown as VideoModelV4;

const gateway = (url: string, id: string, key = EMULATOR_KEY) =>
  createGateway({ apiKey: key, baseURL: `${url}/gateway/v4/ai` }).videoModel(id) as unknown as VideoModelV4;

const openrouter = (url: string, id: string, key = EMULATOR_KEY, callbackUrl?: string) =>
  createOpenRouterAsync({ apiKey: key, baseURL: `${url}/openrouter/api/v1`, callbackUrl }).video(
    id,
  ) as unknown as VideoModelV4;

const cases: Case[] = [
  {
    name: 'openrouter',
    model: (url, key) => openrouter(url, 'google/veo-3.1-fast', key),
    imageModel: (url) => openrouter(url, 'bytedance/seedance-1-pro'),
    textCall: { duration: 4, resolution: '1280x720', aspectRatio: '16:9' },
    textExpect: { width: 1280, height: 720, seconds: 4 },
    imageCall: { duration: 3, resolution: '720x1280', aspectRatio: '9:16' },
    imageExpect: { width: 720, height: 1280, seconds: 3 },
    promptRefusal: 'start',
    imageRefusal: 'start',
    expiry: 'error',
    downloadHeaders: { authorization: `Bearer ${EMULATOR_KEY}` },
  },
  {
    name: 'gateway',
    model: (url, key) => gateway(url, 'google/veo-3.1-fast-generate-001', key),
    imageModel: (url) => gateway(url, 'bytedance/seedance-v1.0-pro'),
    textCall: { duration: 4, resolution: '1280x720', aspectRatio: '16:9' },
    textExpect: { width: 1280, height: 720, seconds: 4 },
    imageCall: { duration: 3, resolution: '480x854', aspectRatio: '9:16' },
    imageExpect: { width: 480, height: 854, seconds: 3 },
    promptRefusal: 'error',
    imageRefusal: 'error',
    expiry: 'dead-link',
    wrongCredentialError: /authentication|invalid api key/i,
  },
  {
    name: 'google-vertex',
    model: (url, key) => vertex(url, 'veo-3.1-fast-generate-001', key),
    imageModel: (url) => vertex(url, 'veo-3.0-fast-generate-001'),
    textCall: { duration: 4, resolution: '1280x720', aspectRatio: '16:9' },
    textExpect: { width: 1280, height: 720, seconds: 4 },
    imageCall: { duration: 6, resolution: '1280x720', aspectRatio: '9:16' },
    imageExpect: { width: 720, height: 1280, seconds: 6 },
    promptRefusal: 'threw',
    imageRefusal: 'threw',
    expiry: 'threw',
    wrongCredentialError: /invalid_grant/,
  },
  {
    name: 'bytedance',
    model: (url, key) => seedance(url, 'seedance-1-0-pro-250528', key),
    imageModel: (url) => seedance(url, 'seedance-1-0-lite-i2v-250428'),
    textCall: { duration: 3, resolution: '864x480', aspectRatio: '16:9' },
    textExpect: { width: 864, height: 480, seconds: 3 },
    imageCall: { duration: 2, resolution: '1248x704', aspectRatio: '16:9' },
    imageExpect: { width: 1248, height: 704, seconds: 2 },
    promptRefusal: 'start',
    imageRefusal: 'start',
    expiry: 'dead-link',
  },
  {
    name: 'minimax',
    model: (url, key) => minimax(url, 'MiniMax-H3', key),
    imageModel: (url) => minimax(url, 'MiniMax-H3'),
    textCall: { duration: 4, resolution: '768x1366', aspectRatio: '9:16' },
    textExpect: { width: 768, height: 1366, seconds: 4 },
    imageCall: { duration: 5, resolution: '1366x768' },
    imageExpect: { width: 1366, height: 768, seconds: 5 },
    promptRefusal: 'error',
    imageRefusal: 'error',
    expiry: 'dead-link',
  },
  {
    name: 'alibaba',
    model: (url, key) => alibaba(url, 'wan2.6-t2v', key),
    imageModel: (url) => alibaba(url, 'wan2.6-i2v'),
    textCall: { duration: 5, resolution: '1280x720' },
    textExpect: { width: 1280, height: 720, seconds: 5 },
    imageCall: { duration: 5, resolution: '1280x720' },
    imageExpect: { width: 1280, height: 720, seconds: 5 },
    promptRefusal: 'start',
    imageRefusal: 'start',
    expiry: 'dead-link',
  },
];

let emulator: RunningEmulator;
const images = referenceImages();

beforeAll(async () => {
  emulator = await startProviderEmulator();
});
afterAll(async () => {
  await emulator.close();
});

async function run(model: VideoModelV4, prompt: Parameters<typeof runPackage>[1], call: Call) {
  try {
    return await runPackage(model, prompt, call as never);
  } catch (error) {
    return { kind: 'start-threw', error } as const;
  }
}

function expectFailure(outcome: PackageOutcome | { kind: 'start-threw'; error: unknown }, how: string) {
  expect(outcome.kind).toBe(how === 'start' ? 'start-threw' : how);
  if (outcome.kind === 'error') return outcome.message;
  if (outcome.kind === 'threw' || outcome.kind === 'start-threw') return String(outcome.error);
  return '';
}

describe.each(cases)('$name package against its emulator face', (item) => {
  it('completes text-to-video and downloads an MP4 of the requested size and duration', async () => {
    const outcome = await runPackage(
      item.model(emulator.url),
      `a lighthouse at dusk (${item.name})`,
      item.textCall as never,
    );
    expect(outcome.kind, JSON.stringify(outcome)).toBe('completed');
    if (outcome.kind !== 'completed') return;
    const media = await downloadAndProbe(outcome.url, item.downloadHeaders);
    expect(media.status).toBe(200);
    expect([media.width, media.height]).toEqual([item.textExpect.width, item.textExpect.height]);
    expect(media.durationSeconds).toBeCloseTo(item.textExpect.seconds, 0);
    expect(media.videoCodec).toBe('avc');
  });

  it('completes image-to-video from a reference image', async () => {
    const outcome = await runPackage(
      item.imageModel(emulator.url),
      { text: `a boat sails away (${item.name})`, image: images.plain },
      item.imageCall as never,
    );
    expect(outcome.kind, JSON.stringify(outcome)).toBe('completed');
    if (outcome.kind !== 'completed') return;
    const media = await downloadAndProbe(outcome.url, item.downloadHeaders);
    expect([media.width, media.height]).toEqual([item.imageExpect.width, item.imageExpect.height]);
    expect(media.durationSeconds).toBeCloseTo(item.imageExpect.seconds, 0);
  });

  it('reports a content refusal for a prompt naming a public figure', async () => {
    expectFailure(
      await run(item.model(emulator.url), `Taylor Swift waves (${item.name})`, item.textCall),
      item.promptRefusal,
    );
  });

  it('reports a content refusal for a reference image showing a face', async () => {
    const outcome = await run(
      item.imageModel(emulator.url),
      { text: `a calm portrait (${item.name})`, image: images.face },
      item.imageCall,
    );
    expectFailure(outcome, item.imageRefusal);
  });

  it('reports a provider-side failure', async () => {
    const outcome = await run(
      item.model(emulator.url),
      `a forest [[fault:fail]] (${item.name})`,
      item.textCall,
    );
    expect(expectFailure(outcome, 'error').length).toBeGreaterThan(0);
  });

  it('survives a transient 429 (the package retries with the Retry-After hint)', async () => {
    const before = emulator.stats().faults.http429 ?? 0;
    const outcome = await runPackage(
      item.model(emulator.url),
      `a desert road [[fault:http429]] (${item.name})`,
      item.textCall as never,
    );
    expect(outcome.kind).toBe('completed');
    expect(emulator.stats().faults.http429 ?? 0).toBe(before + 1);
  });

  it('reports a result that expired before it was fetched', async () => {
    const outcome = await run(
      item.model(emulator.url),
      `a glacier [[fault:expire]] (${item.name})`,
      item.textCall,
    );
    if (item.expiry === 'dead-link') {
      expect(outcome.kind).toBe('completed');
      if (outcome.kind === 'completed')
        expect([403, 404, 410]).toContain((await downloadAndProbe(outcome.url)).status);
    } else {
      expectFailure(outcome, item.expiry);
    }
  });

  it('rejects a wrong API key with an HTTP 4xx the package surfaces', async () => {
    const error = await experimental_startVideo({
      model: item.model(emulator.url, 'wrong-key'),
      prompt: 'a cat',
      maxRetries: 0,
      ...item.textCall,
    } as never).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (item.wrongCredentialError) {
      expect(String(error)).toMatch(item.wrongCredentialError);
      return;
    }
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBeGreaterThanOrEqual(400);
    expect((error as APICallError).statusCode).toBeLessThan(500);
  });
});

describe('@ai-sdk/bytedance unadapted (its V3 doGenerate polls by itself)', () => {
  it('completes against the face and returns the last frame when asked (returnLastFrame)', async () => {
    const model = createByteDance({
      apiKey: EMULATOR_KEY,
      baseURL: `${emulator.url}/bytedance/api/v3`,
    }).video('seedance-1-0-pro-250528');
    const result = await model.doGenerate({
      prompt: 'a kite over dunes',
      n: 1,
      duration: 2,
      resolution: '864x480',
      aspectRatio: '16:9',
      providerOptions: { bytedance: { returnLastFrame: true, pollIntervalMs: 5 } },
    } as never);
    const video = result.videos[0] as { type: string; url: string };
    expect(video.type).toBe('url');
    const media = await downloadAndProbe(video.url);
    expect([media.width, media.height]).toEqual([864, 480]);
    const taskId = (result.providerMetadata as { bytedance: { taskId: string } }).bytedance.taskId;
    const task = (await (
      await fetch(`${emulator.url}/bytedance/api/v3/contents/generations/tasks/${taskId}`, {
        headers: { authorization: `Bearer ${EMULATOR_KEY}` },
      })
    ).json()) as { content: { last_frame_url: string } };
    const frame = await fetch(task.content.last_frame_url);
    expect(frame.headers.get('content-type')).toBe('image/png');
    expect((await frame.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });
});

describe('AI Gateway webhooks', () => {
  it('posts terminal facts to callbackUrl, signed with the per-job secret the start returned', async () => {
    const received: Array<{ headers: Headers; body: string }> = [];
    const app = new Hono();
    app.post('/hook', async (c) => {
      received.push({ headers: c.req.raw.headers, body: await c.req.text() });
      return c.body(null, 204);
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const started = await experimental_startVideo({
        model: gateway(emulator.url, 'spacexai/grok-imagine-video'),
        prompt: 'a heron in reeds',
        duration: 2,
        webhookUrl: url,
      } as never);
      const secret = (started.providerMetadata as { gateway: { asyncJob: { webhookSigningSecret: string } } })
        .gateway.asyncJob.webhookSigningSecret;
      for (let i = 0; i < 2000 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 2));
      const hook = received[0]!;
      const [t, v1] = (hook.headers.get('x-ai-gateway-signature') ?? '')
        .split(',')
        .map((part) => part.split('=')[1]);
      expect(createHmac('sha256', secret).update(`${t}.${hook.body}`).digest('hex')).toBe(v1);
      expect(JSON.parse(hook.body)).toMatchObject({
        type: 'video.generation.completed',
        data: { status: 'completed' },
      });
      expect(hook.body).not.toContain('http');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('OpenRouter webhooks', () => {
  it('posts the finished job to callback_url, signed with the workspace secret', async () => {
    const received: Array<{ headers: Headers; body: string }> = [];
    const app = new Hono();
    app.post('/hook', async (c) => {
      received.push({ headers: c.req.raw.headers, body: await c.req.text() });
      return c.body(null, 204);
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
    });
    // At the suite's emulator speed a result link lives about a second; on a busy machine the
    // completion event could then report it expired. This one keeps its results.
    const keeping = await startProviderEmulator({ resultLifetimeSeconds: 10_000_000 });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      await experimental_startVideo({
        model: openrouter(keeping.url, 'alibaba/wan-2.6', EMULATOR_KEY, url),
        prompt: 'a harbour crane',
        duration: 5,
      } as never);
      const waitUntil = Date.now() + 20_000;
      while (received.length === 0 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 2));
      const hook = received[0]!;
      const header = hook.headers.get('x-openrouter-signature');
      const now = Math.floor(Date.now() / 1000);
      expect(verifyOpenRouterSignature(hook.body, header, OPENROUTER_EMULATOR_WEBHOOK_SECRET, now)).toBe(
        true,
      );
      expect(
        verifyOpenRouterSignature(`${hook.body} `, header, OPENROUTER_EMULATOR_WEBHOOK_SECRET, now),
      ).toBe(false);
      expect(
        verifyOpenRouterSignature(hook.body, header, OPENROUTER_EMULATOR_WEBHOOK_SECRET, now + 301),
      ).toBe(false);
      expect(JSON.parse(hook.body)).toMatchObject({
        type: 'video.generation.completed',
        data: { status: 'completed' },
      });
    } finally {
      await keeping.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('Vertex AI with Cloud Storage output', () => {
  it('writes the video to gs:// and reelgate copies it from Cloud Storage with the service-account token', async () => {
    const binding = vertexBinding({
      project: 'reelgate-emulator',
      location: 'us-central1',
      credentials: EMULATOR_SERVICE_ACCOUNT,
      baseURL: `${emulator.url}/vertex/v1beta1/projects/reelgate-emulator/locations/us-central1/publishers/google`,
      authOrigin: `${emulator.url}/vertex`,
      storageOrigin: `${emulator.url}/vertex`,
      storageUri: 'gs://reelgate-test-bucket/out',
    });
    const model = binding.videoModel('veo-3.1-fast-generate-001');
    const started = await model.doStart!({
      prompt: 'a tide pool',
      n: 1,
      duration: 4,
      resolution: '1280x720',
      providerOptions: {},
    } as never);
    let result: Awaited<ReturnType<NonNullable<typeof model.doStatus>>> | undefined;
    for (let i = 0; i < 5000; i++) {
      result = await model.doStatus!({ operation: started.operation });
      if (result.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(result?.status).toBe('completed');
    if (result?.status !== 'completed') return;
    expect((result.videos[0] as { url: string }).url).toMatch(/^gs:\/\/reelgate-test-bucket\/out\//);
    const content = await binding.openContent!(started.operation, 'video', AbortSignal.timeout(10_000));
    const bytes = new Uint8Array(await new Response(content.body).arrayBuffer());
    expect(bytes.byteLength).toBe(content.bytes);
    expect(Buffer.from(bytes.subarray(4, 8)).toString('latin1')).toBe('ftyp');
  });
});
