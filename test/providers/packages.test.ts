/**
 * Each provider's official @ai-sdk package, unmodified, against its emulator face: text- and
 * image-to-video with the downloaded MP4 probed, content refusals (prompt and reference
 * image), a provider-side failure, a transient 429 the package retries, expired results, bad
 * credentials, and (Replicate, fal) signed webhooks.
 */
import { verify } from 'node:crypto';
import { createHash, createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createFal } from '@ai-sdk/fal';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { APICallError, type Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { createReplicate } from '@ai-sdk/replicate';
import { createXai } from '@ai-sdk/xai';
import { serve } from '@hono/node-server';
import { experimental_startVideo } from 'ai';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { originRewriteFetch } from '../../src/providers/ai-sdk-common/origin-rewrite.ts';
import {
  downloadAndProbe,
  EMULATOR_KEY,
  type PackageOutcome,
  referenceImages,
  runPackage,
  startProviderEmulator,
} from './helpers.ts';

type Name = 'fal' | 'google' | 'replicate' | 'xai';

interface Case {
  name: Name;
  model(url: string, key?: string): VideoModelV4;
  imageModel(url: string): VideoModelV4;
  textCall: {
    duration: number;
    aspectRatio: `${number}:${number}`;
    providerOptions?: Record<string, Record<string, string>>;
  };
  textExpect: { width: number; height: number; seconds: number };
  imageCall: {
    duration: number;
    aspectRatio: `${number}:${number}`;
    providerOptions?: Record<string, Record<string, string>>;
  };
  imageExpect: { width: number; height: number; seconds: number };
  /** How the package reports a refusal: a status error, or a throw from the status call. */
  refusal: 'error' | 'threw';
  /** How an expired result shows: a dead download link, a status error, or a throw. */
  expiry: 'dead-link' | 'error' | 'threw';
}

const falModel = (url: string, id: string, key = EMULATOR_KEY) =>
  createFal({ apiKey: key, fetch: originRewriteFetch({ 'https://queue.fal.run': `${url}/fal` }) }).video(
    id,
  ) as unknown as VideoModelV4;

const cases: Case[] = [
  {
    name: 'fal',
    model: (url, key) => falModel(url, 'fal-ai/kling-video/v2.5-turbo/pro/text-to-video', key),
    imageModel: (url) => falModel(url, 'fal-ai/kling-video/v2.5-turbo/pro/image-to-video'),
    textCall: { duration: 5, aspectRatio: '16:9', providerOptions: { fal: { resolution: '720p' } } },
    textExpect: { width: 1280, height: 720, seconds: 5 },
    imageCall: { duration: 5, aspectRatio: '9:16', providerOptions: { fal: { resolution: '720p' } } },
    imageExpect: { width: 720, height: 1280, seconds: 5 },
    refusal: 'error',
    expiry: 'dead-link',
  },
  {
    name: 'google',
    model: (url, key = EMULATOR_KEY) =>
      createGoogleGenerativeAI({ apiKey: key, baseURL: `${url}/google/v1beta` }).video(
        'veo-3.0-fast-generate-001',
      ) as unknown as VideoModelV4,
    imageModel: (url) =>
      createGoogleGenerativeAI({ apiKey: EMULATOR_KEY, baseURL: `${url}/google/v1beta` }).video(
        'veo-3.1-fast-generate-preview',
      ) as unknown as VideoModelV4,
    textCall: { duration: 4, aspectRatio: '16:9' },
    textExpect: { width: 1280, height: 720, seconds: 4 },
    imageCall: { duration: 4, aspectRatio: '9:16' },
    imageExpect: { width: 720, height: 1280, seconds: 4 },
    refusal: 'threw',
    expiry: 'dead-link',
  },
  {
    name: 'replicate',
    model: (url, key = EMULATOR_KEY) =>
      createReplicate({ apiToken: key, baseURL: `${url}/replicate/v1` }).video(
        'minimax/hailuo-02',
      ) as unknown as VideoModelV4,
    imageModel: (url) =>
      createReplicate({ apiToken: EMULATOR_KEY, baseURL: `${url}/replicate/v1` }).video(
        'kwaivgi/kling-v2.1',
      ) as unknown as VideoModelV4,
    textCall: { duration: 6, aspectRatio: '16:9' },
    textExpect: { width: 1366, height: 768, seconds: 6 },
    imageCall: { duration: 5, aspectRatio: '1:1', providerOptions: { replicate: { resolution: '720p' } } },
    imageExpect: { width: 720, height: 720, seconds: 5 },
    refusal: 'error',
    expiry: 'threw',
  },
  {
    name: 'xai',
    model: (url, key = EMULATOR_KEY) =>
      createXai({ apiKey: key, baseURL: `${url}/xai/v1` }).video(
        'grok-imagine-video',
      ) as unknown as VideoModelV4,
    imageModel: (url) =>
      createXai({ apiKey: EMULATOR_KEY, baseURL: `${url}/xai/v1` }).video(
        'grok-imagine-video',
      ) as unknown as VideoModelV4,
    textCall: { duration: 3, aspectRatio: '16:9' },
    textExpect: { width: 854, height: 480, seconds: 3 },
    imageCall: { duration: 2, aspectRatio: '9:16' },
    imageExpect: { width: 480, height: 854, seconds: 2 },
    refusal: 'error',
    expiry: 'error',
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

function expectFailure(outcome: PackageOutcome, how: 'error' | 'threw'): string {
  expect(outcome.kind).toBe(how);
  if (outcome.kind === 'error') return outcome.message;
  if (outcome.kind === 'threw') return String(outcome.error);
  return '';
}

describe.each(cases)('$name package against its emulator face', (item) => {
  it('completes text-to-video and downloads an MP4 of the requested size and duration', async () => {
    const outcome = await runPackage(
      item.model(emulator.url),
      `a lighthouse at dusk (${item.name})`,
      item.textCall,
    );
    expect(outcome.kind).toBe('completed');
    if (outcome.kind !== 'completed') return;
    expect(outcome.url.startsWith(emulator.url)).toBe(true);
    const media = await downloadAndProbe(outcome.url);
    expect(media.status).toBe(200);
    expect(media.width).toBe(item.textExpect.width);
    expect(media.height).toBe(item.textExpect.height);
    expect(media.durationSeconds).toBeCloseTo(item.textExpect.seconds, 0);
    expect(media.videoCodec).toBe('avc');
  });

  it('completes image-to-video from a reference image', async () => {
    const outcome = await runPackage(
      item.imageModel(emulator.url),
      { text: `a boat sails away (${item.name})`, image: images.plain },
      item.imageCall,
    );
    expect(outcome.kind).toBe('completed');
    if (outcome.kind !== 'completed') return;
    const media = await downloadAndProbe(outcome.url);
    expect([media.width, media.height]).toEqual([item.imageExpect.width, item.imageExpect.height]);
    expect(media.durationSeconds).toBeCloseTo(item.imageExpect.seconds, 0);
  });

  it('reports a content refusal for a prompt naming a public figure', async () => {
    const outcome = await runPackage(
      item.model(emulator.url),
      `Taylor Swift waves (${item.name})`,
      item.textCall,
    );
    expectFailure(outcome, item.refusal);
  });

  it('reports a content refusal for a reference image showing a face', async () => {
    const outcome = await runPackage(
      item.imageModel(emulator.url),
      { text: `a calm portrait (${item.name})`, image: images.face },
      item.imageCall,
    );
    expectFailure(outcome, item.refusal);
  });

  it('reports a provider-side failure', async () => {
    const outcome = await runPackage(
      item.model(emulator.url),
      `a forest [[fault:fail]] (${item.name})`,
      item.textCall,
    );
    const message = expectFailure(outcome, 'error');
    expect(message.length).toBeGreaterThan(0);
  });

  it('survives a transient 429 (the package retries with the Retry-After hint)', async () => {
    const before = emulator.stats().faults.http429 ?? 0;
    const outcome = await runPackage(
      item.model(emulator.url),
      `a desert road [[fault:http429]] (${item.name})`,
      item.textCall,
    );
    expect(outcome.kind).toBe('completed');
    expect(emulator.stats().faults.http429 ?? 0).toBe(before + 1);
  });

  it('reports a result that expired before it was fetched', async () => {
    const outcome = await runPackage(
      item.model(emulator.url),
      `a glacier [[fault:expire]] (${item.name})`,
      item.textCall,
    );
    if (item.expiry === 'dead-link') {
      expect(outcome.kind).toBe('completed');
      if (outcome.kind === 'completed') {
        const media = await downloadAndProbe(outcome.url);
        expect([403, 404, 410]).toContain(media.status);
      }
    } else {
      expectFailure(outcome, item.expiry);
    }
  });

  it('rejects a wrong API key with an HTTP 4xx the package surfaces', async () => {
    const started = experimental_startVideo({
      model: item.model(emulator.url, 'wrong-key'),
      prompt: 'a cat',
      maxRetries: 0,
      ...item.textCall,
    } as never);
    const error = await started.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBeGreaterThanOrEqual(400);
    expect((error as APICallError).statusCode).toBeLessThan(500);
  });
});

describe('webhooks', () => {
  let receiver: ReturnType<typeof serve>;
  let receiverUrl: string;
  const received: Array<{ path: string; headers: Headers; body: string }> = [];
  const waiters: Array<() => void> = [];

  beforeAll(async () => {
    const app = new Hono();
    app.post('/hooks/:name', async (c) => {
      received.push({ path: c.req.param('name'), headers: c.req.raw.headers, body: await c.req.text() });
      for (const wake of waiters.splice(0)) wake();
      return c.body(null, 204);
    });
    receiver = await new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
    });
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  async function delivery(name: string) {
    for (;;) {
      const found = received.find((item) => item.path === name);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  it('Replicate posts the finished prediction, signed with the account secret', async () => {
    const secretResponse = await fetch(`${emulator.url}/replicate/v1/webhooks/default/secret`, {
      headers: { authorization: `Bearer ${EMULATOR_KEY}` },
    });
    const { key } = (await secretResponse.json()) as { key: string };
    const model = cases[2]!.model(emulator.url);
    const { operation } = await experimental_startVideo({
      model,
      prompt: 'a harbour at night',
      duration: 6,
      webhookUrl: `${receiverUrl}/replicate`,
    } as never);
    const hook = await delivery('replicate');
    const prediction = new Webhook(key).verify(hook.body, Object.fromEntries(hook.headers.entries())) as {
      id: string;
      status: string;
      output: string;
    };
    expect(prediction.status).toBe('succeeded');
    expect((operation as { getUrl: string }).getUrl.endsWith(prediction.id)).toBe(true);
    expect((await downloadAndProbe(prediction.output)).durationSeconds).toBeCloseTo(6, 0);
    expect(() =>
      new Webhook(key).verify(
        hook.body.replace('succeeded', 'failed'),
        Object.fromEntries(hook.headers.entries()),
      ),
    ).toThrow();
  });

  it('fal calls fal_webhook with an ED25519 signature that verifies against its JWKS', async () => {
    const model = cases[0]!.model(emulator.url);
    const { operation } = await experimental_startVideo({
      model,
      prompt: 'a windmill',
      duration: 5,
      webhookUrl: `${receiverUrl}/fal`,
    } as never);
    const hook = await delivery('fal');
    const body = JSON.parse(hook.body) as {
      request_id: string;
      status: string;
      payload: { video: { url: string } };
    };
    expect(body.status).toBe('OK');
    expect((operation as { responseUrl: string }).responseUrl.endsWith(body.request_id)).toBe(true);
    const jwks = (await (await fetch(`${emulator.url}/fal/.well-known/jwks.json`)).json()) as {
      keys: Array<Record<string, string>>;
    };
    const publicKey = createPublicKey({ key: jwks.keys[0]! as never, format: 'jwk' });
    const message = (text: string) =>
      Buffer.from(
        [
          hook.headers.get('x-fal-webhook-request-id'),
          hook.headers.get('x-fal-webhook-user-id'),
          hook.headers.get('x-fal-webhook-timestamp'),
          createHash('sha256').update(text).digest('hex'),
        ].join('\n'),
      );
    const signature = Buffer.from(hook.headers.get('x-fal-webhook-signature') ?? '', 'hex');
    expect(verify(null, message(hook.body), publicKey, signature)).toBe(true);
    expect(verify(null, message(`${hook.body} `), publicKey, signature)).toBe(false);
    expect((await downloadAndProbe(body.payload.video.url)).width).toBe(1920);
  });
});
