/** Webhook deliveries verified with the official SDK's `webhooks.unwrap()`; retries on non-2xx. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { type RecordingFetch, validatingFetch, waitForVideo } from './helpers.ts';

const SECRET = `whsec_${Buffer.from('reelgate-emulator-webhook-test-secret').toString('base64')}`;

interface Delivery {
  body: string;
  headers: IncomingHttpHeaders;
}

let receiver: Server;
let deliveries: Delivery[] = [];
let failNext = 0;
let emulator: RunningEmulator;
let client: OpenAI;
let recorder: RecordingFetch;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      deliveries.push({ body, headers: request.headers });
      if (failNext > 0) {
        failNext -= 1;
        response.writeHead(500).end('try later');
      } else response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  emulator = await startEmulator({
    port: 0,
    speed: 4000,
    seed: 3,
    webhookUrl: `http://127.0.0.1:${port}/hooks`,
    webhookSecret: SECRET,
    webhookRetryBaseMs: 2000, // 0.5 ms at speed 4000
  });
  recorder = validatingFetch();
  client = new OpenAI({
    apiKey: 'k',
    baseURL: `${emulator.url}/v1`,
    webhookSecret: SECRET,
    fetch: recorder.fetch,
  });
});

afterAll(async () => {
  expect(recorder.checked.filter((entry) => entry.problem !== null)).toEqual([]);
  await emulator?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const headersOf = (delivery: Delivery) => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers))
    if (typeof value === 'string') headers[name] = value;
  return headers;
};

describe('webhooks', () => {
  it('sends video.completed signed so that openai webhooks.unwrap() accepts it; a tampered body fails', async () => {
    deliveries = [];
    const video = await client.videos.create({ prompt: 'A hummingbird in slow motion' });
    await until(() => deliveries.length >= 1);
    const delivery = deliveries[0]!;
    const event = (await client.webhooks.unwrap(delivery.body, headersOf(delivery))) as unknown as {
      id: string;
      object: string;
      type: string;
      created_at: number;
      data: { id: string };
    };
    expect(event).toMatchObject({ object: 'event', type: 'video.completed', data: { id: video.id } });
    expect(event.id).toMatch(/^evt_/);
    expect(delivery.headers['webhook-id']).toBe(event.id);
    expect((await client.videos.retrieve(video.id)).status).toBe('completed');

    const tampered = delivery.body.replace(video.id, 'video_someone_else');
    await expect(client.webhooks.unwrap(tampered, headersOf(delivery))).rejects.toBeInstanceOf(
      OpenAI.InvalidWebhookSignatureError,
    );
    const otherSecret = new OpenAI({
      apiKey: 'k',
      webhookSecret: `whsec_${Buffer.from('other').toString('base64')}`,
    });
    await expect(otherSecret.webhooks.unwrap(delivery.body, headersOf(delivery))).rejects.toThrow();
  });

  it('sends video.failed for a refused prompt', async () => {
    deliveries = [];
    const video = await client.videos.create({ prompt: 'Darth Vader dancing in a kitchen' });
    await until(() => deliveries.length >= 1);
    const event = (await client.webhooks.unwrap(
      deliveries[0]!.body,
      headersOf(deliveries[0]!),
    )) as unknown as {
      type: string;
      data: { id: string };
    };
    expect(event).toMatchObject({ type: 'video.failed', data: { id: video.id } });
    const failed = await waitForVideo(client, video.id);
    expect(failed.error).toEqual({ code: 'moderation_blocked', message: expect.any(String) });
  });

  it('retries a delivery answered with non-2xx, with the same event id, and counts attempts', async () => {
    deliveries = [];
    failNext = 2;
    const before = emulator.stats().webhooks;
    const video = await client.videos.create({ prompt: 'Rain on a tin roof' });
    await until(() => deliveries.length >= 3);
    const ids = deliveries.map((delivery) => delivery.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const delivery of deliveries) {
      await expect(client.webhooks.unwrap(delivery.body, headersOf(delivery))).resolves.toMatchObject({
        data: { id: video.id },
      });
    }
    const after = emulator.stats().webhooks;
    expect(after.attempts - before.attempts).toBe(3);
    expect(after.failed - before.failed).toBe(2);
    expect(after.delivered - before.delivered).toBe(1);
    expect(
      after.deliveries.filter((record) => record.jobId === video.id).map((record) => record.attempt),
    ).toEqual([1, 2, 3]);
  });
});
