/**
 * Provider webhook receiver (POST /webhooks/providers/:provider) under attack, on the real
 * engine with the real OpenAI-compatible binding (Standard Webhooks signatures, verified by the
 * official `openai` package). A generation is submitted to a local emulator and left running;
 * every forged, replayed, stale, oversized or malformed delivery must leave EVERY generation
 * row exactly as it was. A valid delivery (control) does change the row.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createOpenAICompatible } from '../../src/providers/openai-compatible/index.ts';
import { openaiCompatibleBinding } from '../../src/providers/openai-compatible/openai-compatible-binding.ts';
import { seriesValue } from '../../src/worker/metrics.ts';
import { type Gateway, jsonBody, startGateway } from './helpers/gateway.ts';

const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
const apiKey = `emu_${randomBytes(8).toString('hex')}`;
let emulator: RunningEmulator;
let gateway: Gateway;
let generationId = '';
let jobId = '';
let attacks = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    speed: 1,
    seed: 3,
    apiKey,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
  });
  const provider = createOpenAICompatible({ apiKey, baseURL: `${emulator.url}/v1`, webhookSecret });
  gateway = await startGateway({
    overrides: {
      providers: [openaiCompatibleBinding(provider, { emulated: true, timeScale: 1, apiKey })],
      startWorker: false,
      policy: {},
    },
  });
  const created = await gateway.app.request(
    '/v1/generations',
    jsonBody({ prompt: 'a slow sunrise over hills', duration: 4 }, gateway.auth()),
  );
  generationId = ((await created.json()) as { id: string }).id;
  await gateway.reelgate.worker.drain(3);
  const row = await gateway.reelgate.db.query<{ provider_job_id: string; state: string }>(
    'SELECT provider_job_id, state FROM generations WHERE id = $1',
    [generationId],
  );
  jobId = row.rows[0]?.provider_job_id ?? '';
  expect(jobId).not.toBe('');
  expect(['submitted', 'running']).toContain(row.rows[0]?.state);
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await emulator?.close();
});

async function snapshot(): Promise<string> {
  const { rows } = await gateway.reelgate.db.query('SELECT * FROM generations ORDER BY id');
  return JSON.stringify(rows, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
}

function event(type = 'video.completed', videoId = jobId, id = `evt_${randomBytes(8).toString('hex')}`) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    created_at: Math.floor(Date.now() / 1000),
    data: { id: videoId },
  });
}

function signed(
  body: string,
  options: { secret?: string; at?: Date; msgId?: string } = {},
): Record<string, string> {
  const msgId = options.msgId ?? `msg_${randomBytes(8).toString('hex')}`;
  const at = options.at ?? new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(options.secret ?? webhookSecret).sign(msgId, at, body),
  };
}

async function deliver(
  body: BodyInit,
  headers: Record<string, string>,
  provider = 'openai',
): Promise<Response> {
  return gateway.app.request(`/webhooks/providers/${provider}`, { method: 'POST', headers, body });
}

/** Each attack: the delivery is refused or ignored, and no generation row changes at all. */
async function expectNoEffect(
  name: string,
  send: () => Promise<Response>,
  statuses: number[],
): Promise<void> {
  attacks += 1;
  const before = await snapshot();
  const response = await send();
  expect(statuses, `${name}: status ${response.status}`).toContain(response.status);
  if (response.status >= 400) {
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code, name).toBeTypeOf('string');
    // Refusals do not explain the signature check (no oracle for forgers).
    expect(body.error.message).not.toMatch(/whsec|expected|computed/i);
  }
  expect(await snapshot(), `${name} changed a generation`).toBe(before);
}

describe('provider webhook receiver', () => {
  it('refuses forged, tampered, unsigned, stale and future deliveries without touching any generation', async () => {
    const body = event();
    await expectNoEffect(
      'signed with another secret',
      () => deliver(body, signed(body, { secret: otherSecret })),
      [401],
    );
    await expectNoEffect(
      'no signature headers',
      () => deliver(body, { 'content-type': 'application/json' }),
      [401],
    );
    await expectNoEffect(
      'signature of another body',
      () => deliver(event('video.completed', jobId), signed(event('video.failed', 'video_other'))),
      [401],
    );
    await expectNoEffect(
      'webhook-id swapped after signing',
      () => deliver(body, { ...signed(body), 'webhook-id': 'msg_swapped' }),
      [401],
    );
    await expectNoEffect(
      'garbage signature list',
      () => deliver(body, { ...signed(body), 'webhook-signature': 'v1,AAAA v1a,BBBB v2,!!! ,,,' }),
      [401],
    );
    await expectNoEffect(
      'stale timestamp (10 minutes old)',
      () => deliver(body, signed(body, { at: new Date(Date.now() - 10 * 60_000) })),
      [401],
    );
    await expectNoEffect(
      'future timestamp (10 minutes ahead)',
      () => deliver(body, signed(body, { at: new Date(Date.now() + 10 * 60_000) })),
      [401],
    );
    await expectNoEffect(
      'non-numeric timestamp',
      () => deliver(body, { ...signed(body), 'webhook-timestamp': 'yesterday' }),
      [401],
    );
  });

  it('refuses oversized and malformed deliveries, and unknown providers', async () => {
    const huge = event().replace('"object":"event"', `"object":"event","pad":"${'x'.repeat(400_000)}"`);
    await expectNoEffect('oversized (400 KB), validly signed', () => deliver(huge, signed(huge)), [413]);
    await expectNoEffect(
      'oversized, chunked without a length',
      async () =>
        gateway.app.request('/webhooks/providers/openai', {
          method: 'POST',
          headers: signed(huge),
          body: new Blob([huge]).stream(),
          duplex: 'half',
        } as RequestInit),
      [413],
    );
    const broken = '{"id":"evt_1","type":"video.completed","data":{"id":';
    await expectNoEffect(
      'malformed JSON, validly signed',
      () => deliver(broken, signed(broken)),
      [200, 400, 401],
    );
    const notObject = '[1,2,3]';
    await expectNoEffect(
      'JSON array, validly signed',
      () => deliver(notObject, signed(notObject)),
      [200, 400, 401],
    );
    const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await expectNoEffect('invalid UTF-8', () => deliver(invalidUtf8, signed('{"\ufffd"}')), [200, 400, 401]);
    await expectNoEffect('empty body', () => deliver('', signed('')), [200, 400, 401]);
    await expectNoEffect('unknown provider', () => deliver(event(), signed(event()), 'acme'), [404]);
    await expectNoEffect(
      'path trick provider',
      () => deliver(event(), signed(event()), '..%2F..%2Fv1'),
      [404],
    );
  });

  it('ignores validly signed events about unknown jobs or of unknown types', async () => {
    const unknownJob = event('video.completed', 'video_not_ours');
    await expectNoEffect('unknown job', () => deliver(unknownJob, signed(unknownJob)), [200]);
    const unknownType = event('video.teleported');
    await expectNoEffect('unknown event type', () => deliver(unknownType, signed(unknownType)), [200]);
  });

  it('applies a valid delivery once (control) and ignores its replay', async () => {
    const body = event();
    const headers = signed(body);
    const before = await snapshot();
    const first = await deliver(body, headers);
    expect(first.status).toBe(200);
    const after = await snapshot();
    expect(after).not.toBe(before); // the row is due now: the worker will check the provider

    await expectNoEffect(
      'exact replay (same webhook-id, body, signature)',
      () => deliver(body, headers),
      [200],
    );
    const sameEventNewMessage = signed(body);
    await expectNoEffect(
      'same event id under a new webhook-id',
      () => deliver(body, sameEventNewMessage),
      [200],
    );
    const webhookMetrics = gateway.reelgate.metrics.webhooks;
    expect(
      await seriesValue(webhookMetrics, { provider: 'openai', outcome: 'duplicate' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await seriesValue(webhookMetrics, { provider: 'openai', outcome: 'rejected' }),
    ).toBeGreaterThanOrEqual(8);
    // Unknown provider names never become metric labels (unbounded series from strangers).
    expect(await seriesValue(webhookMetrics, { provider: 'acme', outcome: 'unknown_provider' })).toBe(0);
    console.log(
      `[security webhooks] ${attacks} hostile deliveries refused or ignored, no generation changed`,
    );
  });
});
