/**
 * Provider webhooks as reelgate's engine receives them: the fal and Replicate bindings pass
 * their webhook URL on start, and verify the emulator's signed deliveries (ED25519 with JWKS
 * for fal, Standard Webhooks for Replicate); tampered bodies, stale timestamps and wrong
 * secrets are refused with `unauthorized`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReelgateError } from '../../src/core/errors.ts';
import { REPLICATE_EMULATOR_WEBHOOK_SECRET } from '../../src/emulator/faces/replicate/predictions.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { falBinding } from '../../src/providers/fal/fal-provider.ts';
import { replicateBinding } from '../../src/providers/replicate/replicate-provider.ts';
import type { ProviderBinding } from '../../src/providers/provider-port.ts';
import { EMULATOR_KEY, startProviderEmulator } from './helpers.ts';

let emulator: RunningEmulator;
let receiver: ReturnType<typeof serve>;
let hookBase: string;
const deliveries: Array<{ provider: string; body: string; headers: Headers }> = [];
const waiters: Array<() => void> = [];

beforeAll(async () => {
  emulator = await startProviderEmulator();
  const app = new Hono();
  app.post('/webhooks/providers/:provider', async (c) => {
    deliveries.push({
      provider: c.req.param('provider'),
      body: await c.req.text(),
      headers: c.req.raw.headers,
    });
    for (const wake of waiters.splice(0)) wake();
    return c.body(null, 200);
  });
  receiver = await new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/providers`;
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function deliveryFor(provider: string) {
  for (;;) {
    const found = deliveries.find((item) => item.provider === provider);
    if (found) return found;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

async function start(
  binding: ProviderBinding,
  modelId: string,
  prompt: string,
  resolution: string,
  duration: number,
) {
  const { operation } = await binding.videoModel(modelId).doStart!({
    prompt,
    n: 1,
    resolution,
    duration,
    providerOptions: {},
    headers: {},
  } as never);
  return binding.jobIdOf(operation);
}

async function rejection(promise: Promise<unknown>): Promise<ReelgateError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ReelgateError);
  return error as ReelgateError;
}

describe('fal webhooks', () => {
  it('are requested on start and verified against the JWKS', async () => {
    const binding = falBinding({
      apiKey: EMULATOR_KEY,
      origin: `${emulator.url}/fal`,
      webhookUrl: `${hookBase}/fal`,
    });
    expect(binding.webhooksConfigured).toBe(true);
    const jobId = await start(
      binding,
      'fal-ai/bytedance/seedance/v1/pro/text-to-video',
      'a kite festival',
      '854x480',
      2,
    );
    const hook = await deliveryFor('fal');
    const verified = await binding.verifyWebhook!(hook.body, hook.headers);
    expect(verified.jobId).toBe(jobId);
    expect(verified.type).toBe('fal.ok');
    expect(
      (await rejection(binding.verifyWebhook!(hook.body.replace('"OK"', '"ERROR"'), hook.headers))).code,
    ).toBe('unauthorized');
    const late = falBinding({
      apiKey: EMULATOR_KEY,
      origin: `${emulator.url}/fal`,
      webhookUrl: `${hookBase}/fal`,
      now: () => Date.now() + 3_600_000,
    });
    expect((await rejection(late.verifyWebhook!(hook.body, hook.headers))).code).toBe('unauthorized');
  });
});

describe('Replicate webhooks', () => {
  it('are requested on start and verified with the signing secret', async () => {
    const settings = {
      apiToken: EMULATOR_KEY,
      baseURL: `${emulator.url}/replicate/v1`,
      webhookUrl: `${hookBase}/replicate`,
    };
    const binding = replicateBinding({ ...settings, webhookSecret: REPLICATE_EMULATOR_WEBHOOK_SECRET });
    const jobId = await start(binding, 'bytedance/seedance-1-pro', 'a lighthouse beam', '854x480', 2);
    const hook = await deliveryFor('replicate');
    const verified = await binding.verifyWebhook!(hook.body, hook.headers);
    expect(verified).toMatchObject({ jobId, type: 'prediction.succeeded' });
    expect(verified.eventId).toBe(hook.headers.get('webhook-id'));
    const wrongSecret = replicateBinding({
      ...settings,
      webhookSecret: `whsec_${Buffer.from('another-secret-of-enough-length!').toString('base64')}`,
    });
    expect((await rejection(wrongSecret.verifyWebhook!(hook.body, hook.headers))).code).toBe('unauthorized');
  });
});
