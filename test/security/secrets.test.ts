/**
 * Secrets never leave: a full scenario on the real engine against a local emulator (create on
 * every surface, complete, fail, provider faults, refused and malformed requests, forged and
 * valid provider webhooks, SSE, metrics, the OpenAPI document, key management), with known
 * secret values, then every captured output is searched for them: each pino log line, every
 * HTTP response body and header, the /metrics text, and every exported trace span (whose
 * attributes must not carry the prompts' text either, prompt capture being off by default).
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createOpenAICompatible } from '../../src/providers/openai-compatible/index.ts';
import { openaiCompatibleBinding } from '../../src/providers/openai-compatible/openai-compatible-binding.ts';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { createTracing, tracingConfigFromEnv } from '../../src/telemetry/tracing.ts';
import { adminKey, type Gateway, keyA, keyB, signingSecret, startGateway } from './helpers/gateway.ts';

const providerKey = `sk-provider-SECRET-${randomBytes(12).toString('hex')}`;
const webhookSecretBytes = randomBytes(24);
const webhookSecret = `whsec_${webhookSecretBytes.toString('base64')}`;
let emulator: RunningEmulator;
let gateway: Gateway;
const spans = new InMemorySpanExporter();
const tracing = createTracing(tracingConfigFromEnv({}), { exporter: spans, scheduledDelayMs: 10 });
const outputs: Array<{ where: string; text: string }> = [];
/** A key created mid-scenario: its create response is the one place it may appear (control). */
let createdKey = '';

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    speed: 400,
    seed: 11,
    apiKey: providerKey,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
  });
  const provider = createOpenAICompatible({
    apiKey: providerKey,
    baseURL: `${emulator.url}/v1`,
    webhookSecret,
  });
  gateway = await startGateway({
    logLevel: 'trace',
    overrides: {
      providers: [openaiCompatibleBinding(provider, { emulated: true, timeScale: 400, apiKey: providerKey })],
      tracing,
    },
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await emulator?.close();
});

/** Sends a request through the app and records everything that came back. */
async function call(
  path: string,
  init: RequestInit = {},
  options: { firstChunkOnly?: boolean } = {},
): Promise<{ status: number; text: string }> {
  const response = await gateway.app.request(path, init);
  let text: string;
  if (options.firstChunkOnly && response.body) {
    // An endless stream (the account's SSE): the first event is enough, then hang up.
    const reader = response.body.getReader();
    const first = await reader.read();
    await reader.cancel();
    text = new TextDecoder().decode(first.value ?? new Uint8Array());
  } else {
    text = await response.text();
  }
  const headers = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
  outputs.push({
    where: `${init.method ?? 'GET'} ${path} -> ${response.status}`,
    text: `${headers}\n\n${text}`,
  });
  return { status: response.status, text };
}

function json(body: unknown, key = keyA): RequestInit {
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

const auth = (key = keyA) => ({ headers: { authorization: `Bearer ${key}` } });

describe('secrets never reach logs, errors, metrics or API responses', () => {
  it('runs the full scenario', async () => {
    // Create on every surface; one completes, one fails at the provider, one hits provider faults.
    const seed = JSON.parse(
      (
        await call(
          '/v1/videos/generations',
          json({ prompt: 'a red fox in snow', resolution: '720p', duration: 4 }),
        )
      ).text,
    ) as { id: string };
    const failing = JSON.parse(
      (await call('/v1/generations', json({ prompt: 'this one fails [[fault:fail:always]]', duration: 4 })))
        .text,
    ) as { id: string };
    const flaky = JSON.parse(
      (await call('/v1/generations', json({ prompt: 'provider hiccups [[fault:http500:2]]', duration: 4 })))
        .text,
    ) as { id: string };
    const form = new FormData();
    form.set('prompt', 'a paper boat');
    form.set('seconds', '4');
    const video = JSON.parse(
      (await call('/v1/videos', { method: 'POST', headers: { authorization: `Bearer ${keyB}` }, body: form }))
        .text,
    ) as { id: string };

    // SSE until each finishes (the stream closes on the final event).
    for (const [id, key] of [
      [seed.id, keyA],
      [failing.id, keyA],
      [flaky.id, keyA],
      [video.id, keyB],
    ] as const) {
      await call(`/v1/generations/${id}/events`, auth(key));
      await gateway.finished(id, 30_000);
    }
    const done = JSON.parse((await call(`/v1/videos/generations/${seed.id}`, auth())).text) as {
      status: string;
      data?: { url: string };
    };
    expect(done.status).toBe('completed');
    const failed = JSON.parse((await call(`/v1/generations/${failing.id}`, auth())).text) as {
      status: string;
    };
    expect(failed.status).toBe('failed');

    // Content through the API and the signed link; a tampered link.
    await call(`/v1/generations/${seed.id}/content`, auth());
    const link = new URL(done.data!.url);
    await call(`${link.pathname}${link.search}`);
    await call(`${link.pathname}?sig=${link.searchParams.get('sig')!.slice(0, -3)}abc`);

    // Errors: no key, wrong keys (near misses of real ones), bad bodies, other accounts, admin.
    await call('/v1/generations');
    await call('/v1/generations', auth(`${keyA.slice(0, -2)}zz`));
    await call('/v1/generations', {
      headers: { authorization: `Basic ${Buffer.from(`user:${keyA}`).toString('base64')}` },
    });
    await call('/v1/generations', json({ prompt: 'x', api_key: providerKey, secret: webhookSecret }));
    await call(
      '/v1/generations',
      json({ prompt: 'x', image_url: `https://user:${signingSecret}@images.example/a.png` }),
    );
    await call(
      '/v1/generations',
      json({ prompt: 'x', image_url: `https://images.example/a.png?key=${providerKey}` }),
    );
    await call('/v1/videos', json({ prompt: 'x', seconds: 4 }));
    await call(`/v1/generations/${video.id}`, auth(keyA));
    await call('/v1/admin/keys', auth(keyA));
    await call('/v1/admin/keys', auth(adminKey));
    createdKey = (
      JSON.parse((await call('/v1/admin/keys', json({ name: 'shown once' }, adminKey))).text) as {
        key: string;
      }
    ).key;
    await call('/v1/account', auth(keyB));

    // Provider webhooks: forged (signed with a guessable secret), then a valid one.
    const event = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'video.completed',
      created_at: 1,
      data: { id: 'video_x' },
    });
    const forged = new Webhook(`whsec_${Buffer.from('guess').toString('base64')}`).sign(
      'msg_1',
      new Date(),
      event,
    );
    await call('/webhooks/providers/openai', {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': forged,
      },
      body: event,
    });
    const valid = new Webhook(webhookSecret).sign('msg_2', new Date(), event);
    await call('/webhooks/providers/openai', {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_2',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': valid,
      },
      body: event,
    });

    // Operations surfaces.
    await call('/metrics');
    await call('/openapi.json');
    await call('/docs');
    await call('/healthz');
    await call('/readyz');
    await call('/v1/events', auth(), { firstChunkOnly: true });
    // Cancel and delete.
    await call(`/v1/generations/${seed.id}/cancel`, { method: 'POST', ...auth() });
    await call(`/v1/videos/${video.id}`, { method: 'DELETE', ...auth(keyB) });
    expect(outputs.length).toBeGreaterThan(30);
  }, 90_000);

  it('finds no secret in any log line, response body, response header or metric', async () => {
    const metrics = await gateway.reelgate.metrics.registry.render();
    const secrets: Record<string, string> = {
      'provider API key': providerKey,
      'provider API key (random part)': providerKey.slice(-24),
      'provider webhook secret': webhookSecret,
      'provider webhook secret (key bytes, base64)': webhookSecretBytes.toString('base64'),
      'API key A': keyA,
      'API key A (random part)': keyA.slice(3, 40),
      'API key B': keyB,
      'admin key': adminKey,
      'signing secret': signingSecret,
    };
    await tracing.forceFlush();
    const exported = spans.getFinishedSpans().map((span, index) => ({
      where: `span ${index} ${span.name}`,
      text: JSON.stringify({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events,
        resource: span.resource.attributes,
      }),
    }));
    expect(exported.map((span) => span.where).join('\n')).toMatch(/reelgate\.provider\.status/);
    const haystacks = [
      ...gateway.logs.map((line, index) => ({ where: `log line ${index}`, text: line })),
      ...outputs,
      { where: '/metrics', text: metrics },
      ...exported,
    ];
    expect(gateway.logs.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      for (const { where, text } of haystacks) {
        // The requests above that *sent* a secret as input must not get it echoed back either.
        if (text.includes(secret))
          leaks.push(
            `${name} in ${where}: …${text.slice(Math.max(0, text.indexOf(secret) - 80), text.indexOf(secret) + 40)}…`,
          );
      }
    }
    console.log(
      `[security secrets] searched ${haystacks.length} outputs (${gateway.logs.length} log lines, ${outputs.length} responses, metrics) for ${Object.keys(secrets).length} secrets`,
    );
    expect(leaks).toEqual([]);
    // Prompts are the user's content: no span carries them unless REELGATE_TRACE_PROMPTS is set.
    for (const prompt of ['a red fox in snow', 'this one fails', 'provider hiccups', 'a paper boat']) {
      expect(exported.filter(({ text }) => text.includes(prompt)).map(({ where }) => where)).toEqual([]);
    }
    // Control: the search does find a secret where it legitimately is (the create response),
    // and nowhere else.
    const found = haystacks.filter(({ text }) => text.includes(createdKey)).map(({ where }) => where);
    expect(found).toEqual(['POST /v1/admin/keys -> 200']);
  });
});
