/**
 * Outgoing webhook targets pass the same outbound guard: registering an endpoint on a private,
 * loopback, link-local or metadata address (or a non-https URL) is refused, and a delivery to a
 * host whose DNS has since moved to a private address (rebinding) is refused before any
 * connection. DNS is the injected table; the transport is a spy.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/env.ts';
import { createErrorHandler } from '../../src/http/error-handler.ts';
import { silentLogger } from '../../src/http/logger.ts';
import { bearerAuth } from '../../src/http/middleware/auth.ts';
import { webhookRoutesFor } from '../../src/http/routes/webhooks.ts';
import { loadWebhookConfig, setupWebhooks, type Webhooks } from '../../src/webhooks/index.ts';
import { dnsTable, type Gateway, jsonBody, startGateway, tableResolver } from './helpers/gateway.ts';

let gateway: Gateway;
let webhooks: Webhooks;
let app: Hono<AppEnv>;
const transportCalls: string[] = [];

beforeAll(async () => {
  gateway = await startGateway();
  dnsTable['hooks.example'] = ['93.184.216.40'];
  webhooks = setupWebhooks({
    db: gateway.reelgate.db,
    events: gateway.reelgate.events,
    config: loadWebhookConfig({}),
    runWorker: false,
    resolve: tableResolver,
    fetch: async (input) => {
      transportCalls.push(input instanceof Request ? input.url : String(input));
      return new Response('ok', { status: 200 });
    },
  });
  app = new Hono<AppEnv>();
  app.route('/v1/webhooks', webhookRoutesFor(webhooks, { auth: bearerAuth({ accounts: gateway.accounts }) }));
  app.onError(createErrorHandler(silentLogger));
});
afterAll(async () => {
  await webhooks?.close();
  await gateway?.close();
});

/**
 * The delivery attempts of the next due deliveries. The row can read final a moment before its
 * event reaches the enqueuer (the event follows the commit), so this looks again until some are due.
 */
async function attempts(): Promise<Awaited<ReturnType<Webhooks['worker']['runOnce']>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await webhooks.enqueuer.drain();
    const made = await webhooks.worker.runOnce();
    if (made.length > 0 || Date.now() > deadline) return made;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function endpointCount(): Promise<number> {
  const { rows } = await gateway.reelgate.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM webhook_endpoints',
  );
  return Number(rows[0]?.n);
}

describe('outgoing webhook targets', () => {
  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00:ec2::254]/hook',
    'https://10.0.0.1/hook',
    'https://192.168.0.10/hook',
    'https://127.0.0.1:8787/v1/admin/keys',
    'https://[::1]/hook',
    'https://0x7f.1/hook',
    'https://metadata.example/hook',
    'https://intranet.example/hook',
    'https://rebind.example/hook',
    'http://hooks.example/plain-http',
    'https://user:pass@hooks.example/hook',
    'file:///etc/passwd',
    'gopher://hooks.example/',
  ])('refuses to register %s', async (url) => {
    const before = await endpointCount();
    const response = await app.request('/v1/webhooks', jsonBody({ url }, gateway.auth()));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await endpointCount()).toBe(before);
    expect(transportCalls).toEqual([]);
  });

  it('delivers to a public target (control), and refuses it once its DNS points inside', async () => {
    const registered = await app.request(
      '/v1/webhooks',
      jsonBody({ url: 'https://hooks.example/reelgate' }, gateway.auth()),
    );
    expect(registered.status).toBe(201);

    const first = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'hook me' }, gateway.auth()),
    );
    await gateway.finished(((await first.json()) as { id: string }).id);
    const delivered = await attempts();
    expect(delivered.length).toBeGreaterThan(0);
    expect(transportCalls.length).toBeGreaterThan(0);
    expect(transportCalls.every((url) => url.startsWith('https://hooks.example/'))).toBe(true);

    // DNS rebinding: the same name now resolves to the metadata service.
    dnsTable['hooks.example'] = ['169.254.169.254'];
    const calls = transportCalls.length;
    const second = await gateway.app.request(
      '/v1/generations',
      jsonBody({ prompt: 'hook me again' }, gateway.auth()),
    );
    await gateway.finished(((await second.json()) as { id: string }).id);
    const refused = await attempts();
    expect(refused.length).toBeGreaterThan(0);
    for (const attempt of refused) {
      expect(attempt.statusCode).toBeNull();
      expect(attempt.outcome).not.toBe('delivered');
    }
    expect(transportCalls.length).toBe(calls);
  });
});
