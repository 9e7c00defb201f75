/**
 * `/v1/webhooks`: apps register endpoints for their account and inspect what was sent.
 *   POST   /                                   create (the secret is shown once, here)
 *   GET    /                                   list
 *   GET    /{id}                               one endpoint
 *   DELETE /{id}                               delete (its deliveries go with it)
 *   POST   /{id}/rotate-secret                 new secret; the old one keeps signing for a grace period
 *   GET    /{id}/deliveries                    deliveries, newest first (cursor: `after`)
 *   GET    /{id}/deliveries/{delivery_id}      one delivery with its attempts
 *   POST   /{id}/deliveries/{delivery_id}/replay   send the event again (same webhook-id)
 * Another account's endpoints answer 404. Targets pass the outbound guard when registered.
 *
 * @example
 * // in the gateway, after authentication has put the account on the context:
 * app.route('/v1/webhooks', createWebhookRoutes({ db, checkUrl: guard.check, auth }));
 */
import { randomBytes } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import {
  createWebhookEndpointSchema,
  deletedWebhookEndpointSchema,
  rotateWebhookSecretSchema,
  type WebhookDelivery,
  type WebhookEndpoint,
  webhookDeliveryListQuerySchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from '../../contract/webhooks.ts';
import type { Clock } from '../../core/clock.ts';
import { invalidRequest, notFound, ReelgateError } from '../../core/errors.ts';
import type { Queryable } from '../../db/db.ts';
import { isOutboundRequestError } from '../../net/outbound-errors.ts';
import { systemClock } from '../../shared/system-clock.ts';
import { webhookEventTypes } from '../../webhooks/events.ts';
import {
  getDelivery,
  listAttempts,
  listDeliveries,
  replayDelivery,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
} from '../../webhooks/queries/deliveries.ts';
import {
  countEndpoints,
  deleteEndpoint,
  getEndpoint,
  insertEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  type WebhookEndpointRow,
} from '../../webhooks/queries/endpoints.ts';
import { generateWebhookSecret, plainSecretBox, type SecretBox } from '../../webhooks/secrets.ts';
import type { Webhooks } from '../../webhooks/setup.ts';
import type { AppEnv } from '../env.ts';
import { createOpenApiApp, parsedByHandler } from '../openapi/openapi-app.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';
import { parseOrThrow } from '../validation.ts';

export interface WebhookRoutesDeps {
  db: Queryable;
  /** Validates a target URL (the outbound guard's `check`); throws OutboundRequestError when refused. */
  checkUrl: (url: string) => Promise<unknown>;
  /** Authentication middleware to run first (optional when the parent app already applied it). */
  auth?: MiddlewareHandler<AppEnv> | undefined;
  /** The authenticated account. Default: `c.get('account').id`, as the gateway's auth middleware sets it. */
  getAccountId?: ((c: Context<AppEnv>) => string) | undefined;
  clock?: Clock | undefined;
  secrets?: SecretBox | undefined;
  maxEndpointsPerAccount?: number | undefined;
  /** How long a rotated-out secret keeps signing by default. Default 24 h. */
  rotationGraceMs?: number | undefined;
  newId?: ((prefix: 'whep' | 'whd') => string) | undefined;
}

const idPattern = /^[A-Za-z0-9_-]{1,100}$/;

function seconds(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 1000);
}

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

function presentEndpoint(row: WebhookEndpointRow, secret?: string): WebhookEndpoint {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    // Stored from a validated list of event types.
    event_types: row.event_types as WebhookEndpoint['event_types'],
    status: row.disabled_at === null ? ('enabled' as const) : ('disabled' as const),
    disabled_reason: row.disabled_reason,
    created_at: unixSeconds(row.created_at),
    ...(secret === undefined ? {} : { secret }),
  };
}

function presentDelivery(row: WebhookDeliveryRow, attempts?: WebhookAttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    object: 'webhook_delivery',
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type,
    generation_id: row.generation_id,
    status: row.status,
    attempts: row.attempt_count,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.status === 'pending' ? seconds(row.next_attempt_at) : null,
    delivered_at: seconds(row.delivered_at),
    failed_at: seconds(row.failed_at),
    replay_of: row.replay_of,
    created_at: unixSeconds(row.created_at),
    ...(attempts
      ? {
          payload: JSON.parse(row.payload) as unknown,
          attempt_history: attempts.map((attempt) => ({
            attempt: attempt.attempt,
            started_at: unixSeconds(attempt.started_at),
            duration_ms: attempt.duration_ms,
            status_code: attempt.status_code,
            error: attempt.error,
          })),
        }
      : {}),
  };
}

function defaultNewId(prefix: 'whep' | 'whd'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

const tags = ['Webhooks'];
const endpointParams = z.object({ id: z.string().describe('The webhook endpoint id (whep_...).') });
const deliveryParams = endpointParams.extend({
  delivery_id: z.string().describe('The delivery id (whd_...).'),
});
const notFoundAnswer = { description: 'No such endpoint or delivery in this account.' };

// Paths are relative to where the routes are mounted (`/v1/webhooks` in the gateway).
export const createWebhookEndpointRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createWebhookEndpoint',
  summary: 'Register a webhook endpoint (the signing secret is returned once)',
  tags,
  request: { body: jsonBody(createWebhookEndpointSchema) },
  responses: {
    201: jsonResponse(webhookEndpointSchema, 'Created.'),
    400: { description: 'Bad URL or body.' },
  },
});

export const listWebhookEndpointsRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listWebhookEndpoints',
  summary: "List the account's webhook endpoints",
  tags,
  responses: { 200: jsonResponse(webhookEndpointListSchema, 'The endpoints (without secrets).') },
});

export const getWebhookEndpointRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getWebhookEndpoint',
  summary: 'Get a webhook endpoint',
  tags,
  request: { params: endpointParams },
  responses: { 200: jsonResponse(webhookEndpointSchema, 'The endpoint.'), 404: notFoundAnswer },
});

export const deleteWebhookEndpointRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteWebhookEndpoint',
  summary: 'Delete a webhook endpoint and its deliveries',
  tags,
  request: { params: endpointParams },
  responses: { 200: jsonResponse(deletedWebhookEndpointSchema, 'Deleted.'), 404: notFoundAnswer },
});

export const rotateWebhookSecretRoute = createRoute({
  method: 'post',
  path: '/{id}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  summary: 'Replace the signing secret (the previous one keeps signing for a grace period)',
  tags,
  request: {
    params: endpointParams,
    // Optional: none (or an empty one) keeps the default grace period; parsed by the handler.
    body: {
      required: false,
      content: { 'application/json': { schema: parsedByHandler(rotateWebhookSecretSchema) } },
    },
  },
  responses: {
    200: jsonResponse(webhookEndpointSchema, 'The endpoint with its new secret.'),
    404: notFoundAnswer,
  },
});

export const listWebhookDeliveriesRoute = createRoute({
  method: 'get',
  path: '/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'List deliveries of an endpoint, newest first',
  tags,
  request: { params: endpointParams, query: webhookDeliveryListQuerySchema },
  responses: { 200: jsonResponse(webhookDeliveryListSchema, 'A page of deliveries.'), 404: notFoundAnswer },
});

export const getWebhookDeliveryRoute = createRoute({
  method: 'get',
  path: '/{id}/deliveries/{delivery_id}',
  operationId: 'getWebhookDelivery',
  summary: 'Get a delivery with its payload and attempts',
  tags,
  request: { params: deliveryParams },
  responses: { 200: jsonResponse(webhookDeliverySchema, 'The delivery.'), 404: notFoundAnswer },
});

export const replayWebhookDeliveryRoute = createRoute({
  method: 'post',
  path: '/{id}/deliveries/{delivery_id}/replay',
  operationId: 'replayWebhookDelivery',
  summary: 'Send a delivered or failed event again (same webhook-id)',
  tags,
  request: { params: deliveryParams },
  responses: { 202: jsonResponse(webhookDeliverySchema, 'The new delivery, due now.'), 404: notFoundAnswer },
});

export function createWebhookRoutes(deps: WebhookRoutesDeps): OpenAPIHono<AppEnv> {
  const clock = deps.clock ?? systemClock;
  const secrets = deps.secrets ?? plainSecretBox;
  const maxEndpoints = deps.maxEndpointsPerAccount ?? 20;
  const graceMs = deps.rotationGraceMs ?? 24 * 3600_000;
  const newId = deps.newId ?? defaultNewId;
  const accountOf = deps.getAccountId ?? ((c: Context<AppEnv>) => c.get('account').id);
  const { db } = deps;

  const app = createOpenApiApp();
  if (deps.auth) app.use('*', deps.auth);

  const checkedId = (value: string, what: 'webhook endpoint' | 'webhook delivery'): string => {
    if (!idPattern.test(value)) throw notFound(what);
    return value;
  };

  const endpointOr404 = async (c: Context<AppEnv>, id: string): Promise<WebhookEndpointRow> => {
    const endpoint = await getEndpoint(db, accountOf(c), checkedId(id, 'webhook endpoint'));
    if (!endpoint) throw notFound('webhook endpoint');
    return endpoint;
  };

  app.openapi(createWebhookEndpointRoute, async (c) => {
    const accountId = accountOf(c);
    const body = c.req.valid('json');
    try {
      await deps.checkUrl(body.url);
    } catch (error) {
      if (!isOutboundRequestError(error)) throw error;
      throw invalidRequest(`This webhook URL cannot be used: ${error.message}`, 'url', {
        reason: error.reason,
      });
    }
    if ((await countEndpoints(db, accountId)) >= maxEndpoints) {
      throw new ReelgateError({
        code: 'conflict',
        message: `An account can have at most ${maxEndpoints} webhook endpoints; delete one first.`,
      });
    }
    const secret = generateWebhookSecret();
    const row = await insertEndpoint(db, {
      id: newId('whep'),
      accountId,
      url: new URL(body.url).href,
      description: body.description ?? null,
      secret: secrets.seal(secret),
      eventTypes: body.event_types ? [...new Set(body.event_types)] : webhookEventTypes,
      nowMs: clock.now(),
    });
    return c.json(presentEndpoint(row, secret), 201);
  });

  app.openapi(listWebhookEndpointsRoute, async (c) => {
    const rows = await listEndpoints(db, accountOf(c));
    return c.json(
      { object: 'list' as const, data: rows.map((row) => presentEndpoint(row)), has_more: false },
      200,
    );
  });

  app.openapi(getWebhookEndpointRoute, async (c) =>
    c.json(presentEndpoint(await endpointOr404(c, c.req.valid('param').id)), 200),
  );

  app.openapi(deleteWebhookEndpointRoute, async (c) => {
    const id = checkedId(c.req.valid('param').id, 'webhook endpoint');
    if (!(await deleteEndpoint(db, accountOf(c), id))) throw notFound('webhook endpoint');
    return c.json({ id, object: 'webhook_endpoint' as const, deleted: true as const }, 200);
  });

  app.openapi(rotateWebhookSecretRoute, async (c) => {
    const id = checkedId(c.req.valid('param').id, 'webhook endpoint');
    // The body is optional: none (or an empty one) keeps the default grace period.
    const text = c.req.raw.body === null ? '' : await c.req.text();
    let input: unknown = {};
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        throw invalidRequest('We could not parse the JSON body of your request.');
      }
    }
    const body = parseOrThrow(rotateWebhookSecretSchema, input);
    const now = clock.now();
    const secret = generateWebhookSecret();
    const grace =
      body.expire_previous_in_seconds === undefined ? graceMs : body.expire_previous_in_seconds * 1000;
    const row = await rotateEndpointSecret(db, {
      accountId: accountOf(c),
      id,
      secret: secrets.seal(secret),
      previousExpiresAtMs: now + grace,
      nowMs: now,
    });
    if (!row) throw notFound('webhook endpoint');
    return c.json(
      {
        ...presentEndpoint(row, secret),
        previous_secret_expires_at: seconds(row.previous_secret_expires_at),
      },
      200,
    );
  });

  app.openapi(listWebhookDeliveriesRoute, async (c) => {
    const endpoint = await endpointOr404(c, c.req.valid('param').id);
    const query = c.req.valid('query');
    const limit = query.limit ?? 20;
    const rows = await listDeliveries(db, {
      accountId: endpoint.account_id,
      endpointId: endpoint.id,
      limit: limit + 1,
      after: query.after,
    });
    const page = rows.slice(0, limit);
    return c.json(
      {
        object: 'list' as const,
        data: page.map((row) => presentDelivery(row)),
        has_more: rows.length > limit,
        last_id: page.at(-1)?.id ?? null,
      },
      200,
    );
  });

  app.openapi(getWebhookDeliveryRoute, async (c) => {
    const params = c.req.valid('param');
    const endpoint = await endpointOr404(c, params.id);
    const row = await getDelivery(db, {
      accountId: endpoint.account_id,
      endpointId: endpoint.id,
      id: checkedId(params.delivery_id, 'webhook delivery'),
    });
    if (!row) throw notFound('webhook delivery');
    return c.json(presentDelivery(row, await listAttempts(db, row.id)), 200);
  });

  app.openapi(replayWebhookDeliveryRoute, async (c) => {
    const params = c.req.valid('param');
    const endpoint = await endpointOr404(c, params.id);
    if (endpoint.disabled_at !== null) {
      throw new ReelgateError({ code: 'conflict', message: 'This webhook endpoint is disabled.' });
    }
    const row = await replayDelivery(db, {
      accountId: endpoint.account_id,
      endpointId: endpoint.id,
      id: checkedId(params.delivery_id, 'webhook delivery'),
      newId: newId('whd'),
      nowMs: clock.now(),
    });
    if (!row) throw notFound('webhook delivery');
    return c.json(presentDelivery(row), 202);
  });

  return app;
}

/** The routes for a process's `setupWebhooks(...)`: same database, outbound guard, secrets and limits. */
export function webhookRoutesFor(
  webhooks: Webhooks,
  options: { auth?: MiddlewareHandler<AppEnv> | undefined } = {},
): ReturnType<typeof createWebhookRoutes> {
  return createWebhookRoutes({
    db: webhooks.db,
    checkUrl: webhooks.guard.check,
    auth: options.auth,
    clock: webhooks.clock,
    secrets: webhooks.secrets,
    maxEndpointsPerAccount: webhooks.config.maxEndpointsPerAccount,
  });
}
