/**
 * One trace per generation across processes: an `--role api` process accepts the generation and
 * a separate `--role worker` process runs it (on one PostgreSQL), both exporting OTLP/HTTP JSON to
 * an in-test receiver. The trace opened by the API process is continued by the worker through the
 * context stored on the row: provider start, each status check, the download and storage write,
 * the completion, and the outgoing webhook delivery all share its trace id. Prompts and secrets
 * never appear in what was exported.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ReelgateClient } from '../../src/client/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { type ServeProcess, startServe } from '../scale/support/processes.ts';
import { tempDir } from '../scale/support/temp.ts';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.ts';

const apiKey = `sk-trace-account-${randomBytes(12).toString('hex')}`;
const providerKey = `sk-provider-SECRET-${randomBytes(12).toString('hex')}`;
const signingSecret = `trace-signing-secret-${randomBytes(16).toString('hex')}`;
const prompt = `a glass lighthouse ${randomBytes(6).toString('hex')} at dusk, slow pan`;
let database: { url: string; drop(): Promise<void> };
let emulator: RunningEmulator;
let otlp: OtlpReceiver;
let api: ServeProcess;
let worker: ServeProcess;
let hooks: Server;
let hooksUrl: string;
let deliveries = 0;
let dirs: { path: string; remove(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await createPostgresDatabase();
  emulator = await startEmulator({ port: 0, speed: 400, seed: 5, apiKey: providerKey });
  otlp = await startOtlpReceiver();
  hooks = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      deliveries += 1;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks`;
  dirs = [await tempDir('rg-trace-api-'), await tempDir('rg-trace-worker-')];
  const common = {
    DATABASE_URL: database.url,
    OPENAI_API_KEY: providerKey,
    OPENAI_BASE_URL: `${emulator.url}/v1`,
    REELGATE_EMULATOR_SPEED: '400',
    REELGATE_API_KEYS: apiKey,
    REELGATE_SIGNING_SECRET: signingSecret,
    REELGATE_WEBHOOKS_ALLOW_PRIVATE: 'true',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
  };
  api = await startServe('api', { ...common, REELGATE_DATA_DIR: dirs[0]!.path, OTEL_SERVICE_NAME: 'rg-api' });
  worker = await startServe('worker', {
    ...common,
    REELGATE_DATA_DIR: dirs[1]!.path,
    REELGATE_PUBLIC_URL: api.url,
    OTEL_SERVICE_NAME: 'rg-worker',
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await emulator?.close();
  await otlp?.close();
  await new Promise<void>((resolve) => (hooks ? hooks.close(() => resolve()) : resolve()));
  await database?.drop();
  for (const dir of dirs) await dir.remove();
});

test('a generation accepted by the API process and run by a worker process is one trace', async () => {
  const client = new ReelgateClient({ baseUrl: api.url, apiKey });
  const endpoint = (await (
    await fetch(`${api.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: hooksUrl, event_types: ['video.completed'] }),
    })
  ).json()) as { secret: string };
  const created = await client.create({ prompt, duration: 4 });
  const deadline = Date.now() + 60_000;
  let status = created.status;
  while (status !== 'completed' && status !== 'failed' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await client.get(created.id)).status;
  }
  expect(status).toBe('completed');
  while (deliveries === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(deliveries).toBe(1);
  // A stopping process flushes its spans.
  await Promise.all([api.stop(), worker.stop()]);

  expect(otlp.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
  const mine = otlp.spans.filter((span) => span.attributes['reelgate.generation_id'] === created.id);
  const create = mine.find((span) => span.name === 'reelgate.generation.create');
  expect(create?.service).toBe('rg-api');
  const traceId = create!.traceId;
  const inTrace = otlp.spans.filter((span) => span.traceId === traceId);
  const names = inTrace.map((span) => span.name);
  const count = (name: string) => names.filter((item) => item === name).length;
  expect(count('reelgate.generation.create')).toBe(1);
  expect(count('reelgate.provider.start')).toBe(1);
  expect(count('reelgate.provider.status')).toBeGreaterThanOrEqual(1);
  expect(count('reelgate.provider.download')).toBe(1);
  expect(count('reelgate.storage.write')).toBeGreaterThanOrEqual(1);
  expect(count('reelgate.generation.complete')).toBe(1);
  expect(count('reelgate.webhook.deliver')).toBe(1);
  // Every span of the generation is in its one trace; all but the first came from the worker.
  expect(mine.every((span) => span.traceId === traceId)).toBe(true);
  expect(
    inTrace
      .filter((span) => span.name !== 'reelgate.generation.create')
      .every((span) => span.service === 'rg-worker'),
  ).toBe(true);
  // Worker spans hang under the API's span; the storage write under the download.
  const byId = new Map(inTrace.map((span) => [span.spanId, span]));
  const start = inTrace.find((span) => span.name === 'reelgate.provider.start')!;
  expect(start.parentSpanId).toBe(create!.spanId);
  const write = inTrace.find((span) => span.name === 'reelgate.storage.write')!;
  expect(byId.get(write.parentSpanId!)?.name).toBe('reelgate.provider.download');

  // Attributes: provider, model, size, duration, cost, status code of the webhook.
  expect(start.attributes).toMatchObject({
    'reelgate.provider': 'openai',
    'reelgate.size': expect.any(String),
    'reelgate.duration_seconds': 4,
  });
  expect(String(start.attributes['reelgate.model'])).toMatch(/sora/);
  const complete = inTrace.find((span) => span.name === 'reelgate.generation.complete')!;
  expect(complete.attributes['reelgate.cost_usd']).toBeGreaterThan(0);
  expect(complete.attributes['reelgate.end_to_end_ms']).toBeGreaterThan(0);
  const webhook = inTrace.find((span) => span.name === 'reelgate.webhook.deliver')!;
  expect(webhook.attributes['http.response.status_code']).toBe(204);

  // No prompt text (not enabled) and no secret anywhere in what was exported.
  const exported = otlp.bodies.join('\n');
  for (const [name, secret] of Object.entries({
    prompt,
    'prompt words': prompt.split(' ')[2]!,
    'API key': apiKey,
    'provider key': providerKey,
    'signing secret': signingSecret,
    'webhook endpoint secret': endpoint.secret,
    'webhook secret (key part)': endpoint.secret.slice(6),
  })) {
    expect(exported.includes(secret), `${name} exported`).toBe(false);
  }
}, 120_000);
