/** setupWebhooks: bus -> enqueue -> running delivery worker -> receiver, and routes from the same setup. */
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/auth/account.ts';
import type { AppEnv } from '../../src/http/env.ts';
import { createErrorHandler } from '../../src/http/error-handler.ts';
import { silentLogger } from '../../src/http/logger.ts';
import { loadWebhookConfig } from '../../src/webhooks/config.ts';
import { webhookRoutesFor } from '../../src/http/routes/webhooks.ts';
import { setupWebhooks } from '../../src/webhooks/setup.ts';
import { GenerationEventBus } from '../../src/worker/event-bus.ts';
import {
  fakeGeneration,
  insertAccount,
  openTestDatabase,
  type Receiver,
  startReceiver,
  type TestDatabase,
} from './support.ts';

let database: TestDatabase;
let receiver: Receiver;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  receiver = await startReceiver();
  await insertAccount(database.db, 'acct_setup');
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

describe('setupWebhooks', () => {
  it('registers through the routes, enqueues from bus events and delivers in the background', async () => {
    const events = new GenerationEventBus();
    const webhooks = setupWebhooks({
      db: database.db,
      events,
      config: loadWebhookConfig({
        REELGATE_WEBHOOKS_ALLOW_PRIVATE: 'true',
        REELGATE_WEBHOOK_SECRET_KEY: 'k',
      }),
      runWorker: true,
    });
    try {
      const app = new Hono<AppEnv>();
      app.use('*', async (c, next) => {
        c.set('account', { id: 'acct_setup' } as Account);
        await next();
      });
      app.route('/v1/webhooks', webhookRoutesFor(webhooks));
      app.onError(createErrorHandler(silentLogger));
      const created = (await (
        await app.request('/v1/webhooks', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: `${receiver.url}/setup`, event_types: ['video.completed'] }),
        })
      ).json()) as { secret: string };
      expect(created.secret).toMatch(/^whsec_/);

      // The emit returns at once; the delivery arrives from the worker loop.
      events.emit({
        type: 'generation:completed',
        generation: fakeGeneration({ accountId: 'acct_setup' }),
        at: Date.now(),
      });
      events.emit({
        type: 'generation:failed',
        generation: fakeGeneration({ accountId: 'acct_setup' }),
        at: Date.now(),
      });
      for (let i = 0; i < 500 && receiver.requests.length === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(receiver.requests).toHaveLength(1);
      const request = receiver.requests[0]!;
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      expect(new Webhook(created.secret).verify(request.body, headers)).toMatchObject({
        type: 'video.completed',
      });
      expect(webhookRoutesFor(webhooks).openAPIRegistry.definitions).toHaveLength(8);
    } finally {
      await webhooks.close();
    }
    expect(events.listenerCount).toBe(0);
  });
});
