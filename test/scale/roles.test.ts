/**
 * Scale-out roles as real processes on one PostgreSQL and one S3-compatible bucket: an
 * `--role api` process (no worker) and an `--role worker` process. The API's event stream shows
 * what the worker does (LISTEN/NOTIFY relay), the app's webhook endpoint registered through the
 * API receives a signed `video.completed` exactly once (enqueued and sent by the worker), the
 * stored video lives in the bucket and is served by presigned redirect, and both processes expose
 * health, readiness and queue metrics.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ReelgateClient } from '../../src/client/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { type RunningS3rver, spawnS3rver } from '../support/s3rver.ts';
import { type ServeProcess, startServe } from './support/processes.ts';
import { tempDir } from './support/temp.ts';

const apiKey = 'sk-scale-roles-account';
let database: { url: string; drop(): Promise<void> };
let s3: RunningS3rver;
let emulator: RunningEmulator;
let api: ServeProcess;
let worker: ServeProcess;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
let dirs: { path: string; remove(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await createPostgresDatabase();
  s3 = await spawnS3rver({ bucket: 'reelgate-roles' });
  emulator = await startEmulator({ port: 0, speed: 400, seed: 7 });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  dirs = [await tempDir('rg-roles-api-'), await tempDir('rg-roles-worker-')];
  const common = {
    DATABASE_URL: database.url,
    ...s3.env,
    REELGATE_VIDEO_DELIVERY: 'presigned',
    OPENAI_API_KEY: 'emulator-key',
    OPENAI_BASE_URL: `${emulator.url}/v1`,
    REELGATE_EMULATOR_SPEED: '400',
    REELGATE_API_KEYS: apiKey,
    REELGATE_SIGNING_SECRET: 'scale-roles-signing-secret-0123456789abcdef',
    REELGATE_WEBHOOKS_ALLOW_PRIVATE: 'true',
  };
  api = await startServe('api', { ...common, REELGATE_DATA_DIR: dirs[0]!.path });
  worker = await startServe('worker', {
    ...common,
    REELGATE_DATA_DIR: dirs[1]!.path,
    REELGATE_PUBLIC_URL: api.url,
    REELGATE_WORKER_ID: 'roles-worker',
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await emulator?.close();
  await s3?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await database?.drop();
  for (const dir of dirs) await dir.remove();
});

test('the API process streams, stores and notifies what the separate worker process does', async () => {
  const client = new ReelgateClient({ baseUrl: api.url, apiKey });
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const endpoint = (await (
    await fetch(`${api.url}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiverUrl, event_types: ['video.completed', 'video.failed'] }),
    })
  ).json()) as { id: string; secret: string };
  expect(endpoint.secret).toMatch(/^whsec_/);

  // Listen before creating, so no event can slip past.
  const controller = new AbortController();
  const stream = client.events({ signal: controller.signal });
  const first = await stream.next();
  expect(first.value?.type).toBe('snapshot');
  const created = await client.create({ prompt: 'a lighthouse at dusk, slow pan', duration: 4 });
  const seen: string[] = [];
  for await (const event of stream) {
    if (event.type === 'snapshot' || event.generation.id !== created.id) continue;
    seen.push(event.type);
    if (event.type === 'generation:completed' || event.type === 'generation:failed') break;
  }
  controller.abort();
  // Only `accepted` happened in the API process; the rest came from the worker over the relay.
  expect(seen).toContain('generation:submitted');
  expect(seen.at(-1)).toBe('generation:completed');

  const done = await client.get(created.id);
  expect(done.status).toBe('completed');
  const video = done.video!;
  // Presigned delivery: the gateway redirects to the bucket; the bytes match the recorded sha256.
  const redirect = await fetch(video.url, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const location = redirect.headers.get('location')!;
  expect(location.startsWith(s3.endpoint)).toBe(true);
  const bytes = Buffer.from(await (await fetch(location)).arrayBuffer());
  expect(bytes.byteLength).toBe(video.bytes);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(video.sha256);

  // The worker enqueued and delivered the webhook; the API's relayed copy of the event did not
  // enqueue a second one.
  const deadline = Date.now() + 30_000;
  while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(received).toHaveLength(1);
  const delivery = received[0]!;
  const verified = new Webhook(endpoint.secret).verify(delivery.body, {
    'webhook-id': String(delivery.headers['webhook-id']),
    'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
    'webhook-signature': String(delivery.headers['webhook-signature']),
  }) as { type: string; data: { id: string; url?: string } };
  expect(verified.type).toBe('video.completed');
  expect(verified.data.id).toBe(created.id);
  expect(verified.data.url?.startsWith(`${api.url}/files/${created.id}/video`)).toBe(true);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    // The receiver has the body; the worker records "delivered" once it has read the 2xx.
    const deliveries = () =>
      db.query(
        "SELECT status FROM webhook_deliveries WHERE event_type = 'video.completed' AND payload::text LIKE $1",
        [`%${created.id}%`],
      );
    let rows = await deliveries();
    const recordedBy = Date.now() + 30_000;
    while (rows.rows.some((row) => row.status === 'pending') && Date.now() < recordedBy) {
      await new Promise((r) => setTimeout(r, 20));
      rows = await deliveries();
    }
    expect(rows.rows).toEqual([{ status: 'delivered' }]);
  } finally {
    await db.end();
  }

  // Health, readiness and metrics on both processes.
  expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
  expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
  expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
  const apiMetrics = await (await fetch(`${api.url}/metrics`)).text();
  expect(apiMetrics).toMatch(/^reelgate_queue_depth \d+$/m);
  expect(apiMetrics).toMatch(/^reelgate_generations_created_total\{model="[^"]+"\} 1$/m);
  const workerMetrics = await (await fetch(`${worker.url}/metrics`)).text();
  expect(workerMetrics).toMatch(/^reelgate_downloaded_bytes_total\{provider="openai"\} \d+$/m);
  expect(workerMetrics).toMatch(
    /^reelgate_download_throughput_bytes_per_second_count\{provider="openai"\} 1$/m,
  );
  expect(workerMetrics).toMatch(
    /^reelgate_provider_calls_total\{call="status",outcome="ok",provider="openai"\} \d+$/m,
  );
  expect(workerMetrics).toMatch(/^# TYPE reelgate_generations_in_flight gauge$/m);
  expect(workerMetrics).not.toMatch(/^reelgate_generations_in_flight\{[^}]*\} [1-9]/m);

  // The webhook routes are documented in the gateway's OpenAPI document.
  const openapi = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  expect(Object.keys(openapi.paths)).toEqual(
    expect.arrayContaining(['/v1/webhooks', '/v1/webhooks/{id}/rotate-secret']),
  );
});
