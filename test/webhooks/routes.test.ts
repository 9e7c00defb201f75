/**
 * `/v1/webhooks` routes through `app.request()` on PGlite: create (secret shown once), list,
 * get, delete, rotate, deliveries, replay; account isolation (404); bad input and refused
 * targets as 400 envelopes; and one round trip from registration to a verified delivery.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/auth/account.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReelgateError } from '../../src/core/errors.ts';
import type { AppEnv } from '../../src/http/env.ts';
import { createErrorHandler } from '../../src/http/error-handler.ts';
import { createOpenApiApp } from '../../src/http/openapi/openapi-app.ts';
import { silentLogger } from '../../src/http/logger.ts';
import { createGuardedFetch, type HostResolver } from '../../src/net/outbound-guard.ts';
import { loadWebhookConfig, webhookGuardOptions } from '../../src/webhooks/config.ts';
import { WebhookDeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import { WebhookEnqueuer } from '../../src/webhooks/enqueue.ts';
import { createWebhookRoutes } from '../../src/http/routes/webhooks.ts';
import { createSecretBox } from '../../src/webhooks/secrets.ts';
import {
  fakeGeneration,
  insertAccount,
  openTestDatabase,
  type Receiver,
  startReceiver,
  type TestDatabase,
} from './support.ts';

const resolver: HostResolver = async (host) => {
  const zone: Record<string, string[]> = {
    'hooks.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.1.1.1'],
    'rebind.example.com': ['93.184.216.34', '127.0.0.1'],
  };
  const found = zone[host];
  if (!found) throw new Error('NXDOMAIN');
  return found;
};

/** Stands in for the gateway's bearer auth: `Bearer <account id>` puts that account on the context. */
const fakeAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (!id) throw new ReelgateError({ code: 'unauthorized', message: 'No key.' });
  c.set('account', { id, name: id, isAdmin: false } as unknown as Account);
  await next();
};

let database: TestDatabase;
let receiver: Receiver;
const clock = new FakeClock(Date.now());
const box = createSecretBox('route test key');

function gateway(options: { allowPrivate?: boolean; maxEndpoints?: number } = {}) {
  const config = loadWebhookConfig({
    REELGATE_WEBHOOKS_ALLOW_PRIVATE: options.allowPrivate ? 'true' : 'false',
  });
  const guard = createGuardedFetch({ ...webhookGuardOptions(config), resolve: resolver });
  const app = new Hono<AppEnv>();
  app.route(
    '/v1/webhooks',
    createWebhookRoutes({
      db: database.db,
      checkUrl: guard.check,
      auth: fakeAuth,
      clock,
      secrets: box,
      maxEndpointsPerAccount: options.maxEndpoints,
    }),
  );
  app.onError(createErrorHandler(silentLogger));
  return app;
}

function call(app: Hono<AppEnv>, account: string, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${account}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  receiver = await startReceiver();
  for (const id of ['acct_1', 'acct_2', 'acct_full']) await insertAccount(database.db, id);
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

describe('/v1/webhooks', () => {
  it('creates an endpoint, shows the secret once, lists and gets it without the secret', async () => {
    const app = gateway();
    const created = await call(app, 'acct_1', 'POST', '/v1/webhooks', {
      url: 'https://hooks.example.com/reelgate',
      event_types: ['video.completed', 'video.failed'],
      description: 'production',
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as Record<string, unknown>;
    expect(endpoint).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://hooks.example.com/reelgate',
      event_types: ['video.completed', 'video.failed'],
      description: 'production',
      status: 'enabled',
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.id).toMatch(/^whep_/);

    const listed = (await (await call(app, 'acct_1', 'GET', '/v1/webhooks')).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(String(endpoint.secret));
    const fetched = await call(app, 'acct_1', 'GET', `/v1/webhooks/${endpoint.id}`);
    expect(await fetched.json()).not.toHaveProperty('secret');
    // At rest the secret is sealed.
    const stored = await database.db.query<{ secret: string }>(
      'SELECT secret FROM webhook_endpoints WHERE id = $1',
      [endpoint.id],
    );
    expect(stored.rows[0]!.secret.startsWith('enc:v1:')).toBe(true);
    expect(stored.rows[0]!.secret).not.toContain(String(endpoint.secret).slice(6));
  });

  it('defaults to every event type', async () => {
    const response = await call(gateway(), 'acct_1', 'POST', '/v1/webhooks', {
      url: 'https://hooks.example.com/all',
    });
    expect(((await response.json()) as { event_types: string[] }).event_types).toEqual([
      'video.completed',
      'video.failed',
      'video.canceled',
      'video.progress',
    ]);
  });

  it.each([
    [{ url: 'http://hooks.example.com/x' }, 'url', 'scheme_not_allowed'],
    [{ url: 'https://internal.example.com/x' }, 'url', 'address_not_allowed'],
    [{ url: 'https://rebind.example.com/x' }, 'url', 'address_not_allowed'],
    [{ url: 'https://127.0.0.1/x' }, 'url', 'address_not_allowed'],
    [{ url: 'https://169.254.169.254/latest/' }, 'url', 'address_not_allowed'],
    [{ url: 'https://[::1]/x' }, 'url', 'address_not_allowed'],
    [{ url: 'https://2130706433/x' }, 'url', 'address_not_allowed'],
    [{ url: 'https://user:pw@hooks.example.com/x' }, 'url', 'credentials_in_url'],
    [{ url: 'ftp://hooks.example.com/x' }, 'url', 'scheme_not_allowed'],
    [{ url: 'not a url' }, 'url', 'bad_url'],
    [{ url: 'https://nowhere.example.com/x' }, 'url', 'dns_failed'],
  ])('refuses %j (400, param %s, %s)', async (body, param, reason) => {
    const response = await call(gateway(), 'acct_2', 'POST', '/v1/webhooks', body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param });
    expect(error.details).toEqual({ reason });
  });

  it.each([
    [{}, 'url'],
    [{ url: 42 }, 'url'],
    [{ url: 'https://hooks.example.com/x', event_types: ['video.exploded'] }, 'event_types.0'],
    [{ url: 'https://hooks.example.com/x', event_types: [] }, 'event_types'],
    [{ url: 'https://hooks.example.com/x', secret: 'mine' }, 'secret'],
    [{ url: `https://hooks.example.com/${'x'.repeat(3000)}` }, 'url'],
  ])('validates the body %j (param %s)', async (body, param) => {
    const response = await call(gateway(), 'acct_2', 'POST', '/v1/webhooks', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe(param);
  });

  it('answers malformed JSON and missing auth with envelopes', async () => {
    const bad = await call(gateway(), 'acct_2', 'POST', '/v1/webhooks', '{"url":');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    const anonymous = await gateway().request('/v1/webhooks');
    expect(anonymous.status).toBe(401);
  });

  it('accepts loopback and http only with REELGATE_WEBHOOKS_ALLOW_PRIVATE=true, never metadata', async () => {
    const open = gateway({ allowPrivate: true });
    expect(
      (await call(open, 'acct_2', 'POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' })).status,
    ).toBe(201);
    expect(
      (await call(open, 'acct_2', 'POST', '/v1/webhooks', { url: 'http://169.254.169.254/' })).status,
    ).toBe(400);
    await database.db.query("DELETE FROM webhook_endpoints WHERE account_id = 'acct_2'");
  });

  it('limits endpoints per account', async () => {
    const app = gateway({ maxEndpoints: 2 });
    for (let i = 0; i < 2; i++) {
      expect(
        (await call(app, 'acct_full', 'POST', '/v1/webhooks', { url: `https://hooks.example.com/${i}` }))
          .status,
      ).toBe(201);
    }
    const third = await call(app, 'acct_full', 'POST', '/v1/webhooks', {
      url: 'https://hooks.example.com/3',
    });
    expect(third.status).toBe(409);
  });

  it("keeps accounts apart: another account's endpoint is 404 everywhere", async () => {
    const app = gateway();
    const created = (await (
      await call(app, 'acct_1', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/private' })
    ).json()) as { id: string };
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${created.id}`],
      ['DELETE', `/v1/webhooks/${created.id}`],
      ['POST', `/v1/webhooks/${created.id}/rotate-secret`],
      ['GET', `/v1/webhooks/${created.id}/deliveries`],
      ['GET', `/v1/webhooks/${created.id}/deliveries/whd_x`],
      ['POST', `/v1/webhooks/${created.id}/deliveries/whd_x/replay`],
      ['GET', '/v1/webhooks/..%2F..%2Fetc'],
    ] as const) {
      const response = await call(app, 'acct_2', method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    const list = (await (await call(app, 'acct_2', 'GET', '/v1/webhooks')).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(0);
    expect((await call(app, 'acct_1', 'GET', `/v1/webhooks/${created.id}`)).status).toBe(200);
  });

  it('deletes idempotently from the caller’s view (then 404)', async () => {
    const app = gateway();
    const created = (await (
      await call(app, 'acct_1', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/gone' })
    ).json()) as { id: string };
    const deleted = await call(app, 'acct_1', 'DELETE', `/v1/webhooks/${created.id}`);
    expect(await deleted.json()).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect((await call(app, 'acct_1', 'DELETE', `/v1/webhooks/${created.id}`)).status).toBe(404);
  });

  it('registers, delivers, rotates, lists deliveries and replays, end to end', async () => {
    const app = gateway({ allowPrivate: true });
    const created = (await (
      await call(app, 'acct_2', 'POST', '/v1/webhooks', {
        url: `${receiver.url}/e2e`,
        event_types: ['video.completed'],
      })
    ).json()) as { id: string; secret: string };
    const enqueuer = new WebhookEnqueuer({ db: database.db, clock });
    await enqueuer.enqueue({
      type: 'generation:completed',
      generation: fakeGeneration({ accountId: 'acct_2' }),
      at: clock.now(),
    });
    const guard = createGuardedFetch({
      ...webhookGuardOptions(loadWebhookConfig({ REELGATE_WEBHOOKS_ALLOW_PRIVATE: 'true' })),
      clock,
    });
    const worker = new WebhookDeliveryWorker({ db: database.db, fetch: guard, clock, secrets: box });
    await worker.runOnce();
    const first = receiver.requests.at(-1)!;
    const headersOf = (request: typeof first) => ({
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(new Webhook(created.secret).verify(first.body, headersOf(first))).toMatchObject({
      type: 'video.completed',
    });

    // Deliveries are recorded and listed.
    const list = (await (
      await call(app, 'acct_2', 'GET', `/v1/webhooks/${created.id}/deliveries`)
    ).json()) as {
      data: Array<Record<string, unknown>>;
      has_more: boolean;
    };
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
      event_type: 'video.completed',
    });
    const detail = (await (
      await call(app, 'acct_2', 'GET', `/v1/webhooks/${created.id}/deliveries/${list.data[0]!.id}`)
    ).json()) as Record<string, unknown>;
    expect(detail.attempt_history).toMatchObject([{ attempt: 1, status_code: 200, error: null }]);
    expect(detail.payload).toMatchObject({ type: 'video.completed', data: { id: 'video_abc123' } });

    // Rotation: the new secret signs; the old one too until its grace period ends.
    const rotated = (await (
      await call(app, 'acct_2', 'POST', `/v1/webhooks/${created.id}/rotate-secret`, {
        expire_previous_in_seconds: 60,
      })
    ).json()) as { secret: string; previous_secret_expires_at: number };
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previous_secret_expires_at).toBe(Math.floor((clock.now() + 60_000) / 1000));

    const replay = await call(
      app,
      'acct_2',
      'POST',
      `/v1/webhooks/${created.id}/deliveries/${list.data[0]!.id}/replay`,
    );
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ status: 'pending', replay_of: list.data[0]!.id });
    await worker.runOnce();
    const second = receiver.requests.at(-1)!;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(() => new Webhook(rotated.secret).verify(second.body, headersOf(second))).not.toThrow();
    expect(() => new Webhook(created.secret).verify(second.body, headersOf(second))).not.toThrow();

    // Rotating with no grace: only the newest secret signs.
    const again = (await (
      await call(app, 'acct_2', 'POST', `/v1/webhooks/${created.id}/rotate-secret`, {
        expire_previous_in_seconds: 0,
      })
    ).json()) as { secret: string };
    await call(app, 'acct_2', 'POST', `/v1/webhooks/${created.id}/deliveries/${list.data[0]!.id}/replay`);
    await worker.runOnce();
    const third = receiver.requests.at(-1)!;
    expect(String(third.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(again.secret).verify(third.body, headersOf(third))).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(third.body, headersOf(third))).toThrow();

    const paged = (await (
      await call(app, 'acct_2', 'GET', `/v1/webhooks/${created.id}/deliveries?limit=2`)
    ).json()) as {
      data: unknown[];
      has_more: boolean;
      last_id: string;
    };
    expect(paged.data).toHaveLength(2);
    expect(paged.has_more).toBe(true);
    const rest = (await (
      await call(app, 'acct_2', 'GET', `/v1/webhooks/${created.id}/deliveries?limit=2&after=${paged.last_id}`)
    ).json()) as { data: unknown[]; has_more: boolean };
    expect(rest.data).toHaveLength(1);
    expect(rest.has_more).toBe(false);
    expect((await call(app, 'acct_2', 'GET', `/v1/webhooks/${created.id}/deliveries?limit=0`)).status).toBe(
      400,
    );
  });

  it('rotates with a 24 h grace by default and validates the rotation body', async () => {
    const app = gateway();
    const created = (await (
      await call(app, 'acct_1', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/rotate' })
    ).json()) as { id: string; secret: string };
    const rotated = await call(app, 'acct_1', 'POST', `/v1/webhooks/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const body = (await rotated.json()) as { secret: string; previous_secret_expires_at: number };
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.previous_secret_expires_at).toBe(Math.floor((clock.now() + 24 * 3600_000) / 1000));
    for (const bad of [
      { expire_previous_in_seconds: -1 },
      { expire_previous_in_seconds: 'soon' },
      { other: 1 },
      '{nope',
    ]) {
      const response = await call(app, 'acct_1', 'POST', `/v1/webhooks/${created.id}/rotate-secret`, bad);
      expect(response.status).toBe(400);
    }
  });

  it('declares every route in the OpenAPI document, under the prefix it is mounted at', () => {
    const app = createOpenApiApp();
    app.route('/v1/webhooks', createWebhookRoutes({ db: database.db, checkUrl: async () => undefined }));
    const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '0' } });
    const declared = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(declared.sort()).toEqual(
      [
        'post /v1/webhooks',
        'get /v1/webhooks',
        'get /v1/webhooks/{id}',
        'delete /v1/webhooks/{id}',
        'post /v1/webhooks/{id}/rotate-secret',
        'get /v1/webhooks/{id}/deliveries',
        'get /v1/webhooks/{id}/deliveries/{delivery_id}',
        'post /v1/webhooks/{id}/deliveries/{delivery_id}/replay',
      ].sort(),
    );
  });
});
