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
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { invalidRequest, notFound, ReelgateError } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import type { AppEnv } from '../http/env.ts';
import type { RouteDoc } from '../http/openapi/registry.ts';
import { readBody } from '../http/request-body.ts';
import { parseOrThrow } from '../http/validation.ts';
import { isOutboundRequestError } from '../net/outbound-errors.ts';
import { systemClock } from '../shared/system-clock.ts';
import { webhookEventTypes } from './events.ts';
import {
  getDelivery,
  listAttempts,
  listDeliveries,
  replayDelivery,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
} from './queries/deliveries.ts';
import {
  countEndpoints,
  deleteEndpoint,
  getEndpoint,
  insertEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  type WebhookEndpointRow,
} from './queries/endpoints.ts';
import { generateWebhookSecret, plainSecretBox, type SecretBox } from './secrets.ts';

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

const eventTypeSchema = z.enum(webhookEventTypes);

const createSchema = z.strictObject({
  url: z.string().min(1).max(2048),
  event_types: z.array(eventTypeSchema).min(1).max(webhookEventTypes.length).optional(),
  description: z.string().max(500).optional(),
});

const rotateSchema = z.strictObject({
  /** Seconds the previous secret keeps signing (0 = stop at once). At most 7 days. */
  expire_previous_in_seconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .optional(),
});

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  after: z.string().max(100).optional(),
});

const idPattern = /^[A-Za-z0-9_-]{1,100}$/;

function seconds(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 1000);
}

function presentEndpoint(row: WebhookEndpointRow, secret?: string): Record<string, unknown> {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    event_types: row.event_types,
    status: row.disabled_at === null ? 'enabled' : 'disabled',
    disabled_reason: row.disabled_reason,
    created_at: seconds(row.created_at),
    ...(secret === undefined ? {} : { secret }),
  };
}

function presentDelivery(row: WebhookDeliveryRow, attempts?: WebhookAttemptRow[]): Record<string, unknown> {
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
    created_at: seconds(row.created_at),
    ...(attempts
      ? {
          payload: JSON.parse(row.payload) as unknown,
          attempt_history: attempts.map((attempt) => ({
            attempt: attempt.attempt,
            started_at: seconds(attempt.started_at),
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

export function createWebhookRoutes(deps: WebhookRoutesDeps): Hono<AppEnv> {
  const clock = deps.clock ?? systemClock;
  const secrets = deps.secrets ?? plainSecretBox;
  const maxEndpoints = deps.maxEndpointsPerAccount ?? 20;
  const graceMs = deps.rotationGraceMs ?? 24 * 3600_000;
  const newId = deps.newId ?? defaultNewId;
  const accountOf = deps.getAccountId ?? ((c: Context<AppEnv>) => c.get('account').id);
  const { db } = deps;

  const app = new Hono<AppEnv>();
  if (deps.auth) app.use('*', deps.auth);

  const pathId = (c: Context<AppEnv>, name: string): string => {
    const value = c.req.param(name) ?? '';
    if (!idPattern.test(value)) throw notFound(name === 'id' ? 'webhook endpoint' : 'webhook delivery');
    return value;
  };

  const endpointOr404 = async (c: Context<AppEnv>): Promise<WebhookEndpointRow> => {
    const endpoint = await getEndpoint(db, accountOf(c), pathId(c, 'id'));
    if (!endpoint) throw notFound('webhook endpoint');
    return endpoint;
  };

  app.post('/', async (c) => {
    const accountId = accountOf(c);
    const body = parseOrThrow(createSchema, (await readBody(c, ['json'])).value);
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

  app.get('/', async (c) => {
    const rows = await listEndpoints(db, accountOf(c));
    return c.json({ object: 'list', data: rows.map((row) => presentEndpoint(row)), has_more: false });
  });

  app.get('/:id', async (c) => c.json(presentEndpoint(await endpointOr404(c))));

  app.delete('/:id', async (c) => {
    const id = pathId(c, 'id');
    if (!(await deleteEndpoint(db, accountOf(c), id))) throw notFound('webhook endpoint');
    return c.json({ id, object: 'webhook_endpoint', deleted: true });
  });

  app.post('/:id/rotate-secret', async (c) => {
    const id = pathId(c, 'id');
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
    const body = parseOrThrow(rotateSchema, input);
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
    return c.json({
      ...presentEndpoint(row, secret),
      previous_secret_expires_at: seconds(row.previous_secret_expires_at),
    });
  });

  app.get('/:id/deliveries', async (c) => {
    const endpoint = await endpointOr404(c);
    const query = parseOrThrow(listQuerySchema, c.req.query());
    const limit = query.limit ?? 20;
    const rows = await listDeliveries(db, {
      accountId: endpoint.account_id,
      endpointId: endpoint.id,
      limit: limit + 1,
      after: query.after,
    });
    const page = rows.slice(0, limit);
    return c.json({
      object: 'list',
      data: page.map((row) => presentDelivery(row)),
      has_more: rows.length > limit,
      last_id: page.at(-1)?.id ?? null,
    });
  });

  app.get('/:id/deliveries/:delivery_id', async (c) => {
    const endpoint = await endpointOr404(c);
    const row = await getDelivery(db, {
      accountId: endpoint.account_id,
      endpointId: endpoint.id,
      id: pathId(c, 'delivery_id'),
    });
    if (!row) throw notFound('webhook delivery');
    return c.json(presentDelivery(row, await listAttempts(db, row.id)));
  });

  app.post('/:id/deliveries/:delivery_id/replay', async (c) => {
    const endpoint = await endpointOr404(c);
    if (endpoint.disabled_at !== null) {
      throw new ReelgateError({ code: 'conflict', message: 'This webhook endpoint is disabled.' });
    }
    const row = await replayDelivery(db, {
      accountId: endpoint.account_id,
      endpointId: endpoint.id,
      id: pathId(c, 'delivery_id'),
      newId: newId('whd'),
      nowMs: clock.now(),
    });
    if (!row) throw notFound('webhook delivery');
    return c.json(presentDelivery(row), 202);
  });

  return app;
}

const endpointSchema = z.object({
  id: z.string(),
  object: z.literal('webhook_endpoint'),
  url: z.string(),
  description: z.string().nullable(),
  event_types: z.array(eventTypeSchema),
  status: z.enum(['enabled', 'disabled']),
  disabled_reason: z.string().nullable(),
  created_at: z.number().int(),
  secret: z.string().optional(),
});
const deliverySchema = z.object({
  id: z.string(),
  object: z.literal('webhook_delivery'),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  generation_id: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.number().int().nullable(),
  delivered_at: z.number().int().nullable(),
  failed_at: z.number().int().nullable(),
  replay_of: z.string().nullable(),
  created_at: z.number().int(),
});

/**
 * OpenAPI descriptions of these routes for the gateway's registry (`registry.add(...)` each), so
 * `/openapi.json` and the schema-driven fuzzing cover them.
 */
export function webhookRouteDocs(prefix = '/v1/webhooks'): RouteDoc[] {
  const tags = ['Webhooks'];
  const endpointParam = { id: 'The webhook endpoint id (whep_...).' };
  const deliveryParams = { ...endpointParam, delivery_id: 'The delivery id (whd_...).' };
  const notFoundDoc = { description: 'No such endpoint or delivery in this account.' };
  return [
    {
      method: 'post',
      path: prefix,
      operationId: 'createWebhookEndpoint',
      summary: 'Register a webhook endpoint (the signing secret is returned once)',
      tags,
      security: 'bearer',
      body: { json: createSchema, required: true },
      responses: {
        '201': { description: 'Created.', schema: endpointSchema },
        '400': { description: 'Bad URL or body.' },
      },
    },
    {
      method: 'get',
      path: prefix,
      operationId: 'listWebhookEndpoints',
      summary: "List the account's webhook endpoints",
      tags,
      security: 'bearer',
      responses: { '200': { description: 'The endpoints (without secrets).' } },
    },
    {
      method: 'get',
      path: `${prefix}/{id}`,
      operationId: 'getWebhookEndpoint',
      summary: 'Get a webhook endpoint',
      tags,
      security: 'bearer',
      pathParams: endpointParam,
      responses: { '200': { description: 'The endpoint.', schema: endpointSchema }, '404': notFoundDoc },
    },
    {
      method: 'delete',
      path: `${prefix}/{id}`,
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete a webhook endpoint and its deliveries',
      tags,
      security: 'bearer',
      pathParams: endpointParam,
      responses: { '200': { description: 'Deleted.' }, '404': notFoundDoc },
    },
    {
      method: 'post',
      path: `${prefix}/{id}/rotate-secret`,
      operationId: 'rotateWebhookSecret',
      summary: 'Replace the signing secret (the previous one keeps signing for a grace period)',
      tags,
      security: 'bearer',
      pathParams: endpointParam,
      body: { json: rotateSchema, required: false },
      responses: {
        '200': { description: 'The endpoint with its new secret.', schema: endpointSchema },
        '404': notFoundDoc,
      },
    },
    {
      method: 'get',
      path: `${prefix}/{id}/deliveries`,
      operationId: 'listWebhookDeliveries',
      summary: 'List deliveries of an endpoint, newest first',
      tags,
      security: 'bearer',
      pathParams: endpointParam,
      query: listQuerySchema,
      responses: { '200': { description: 'A page of deliveries.' }, '404': notFoundDoc },
    },
    {
      method: 'get',
      path: `${prefix}/{id}/deliveries/{delivery_id}`,
      operationId: 'getWebhookDelivery',
      summary: 'Get a delivery with its payload and attempts',
      tags,
      security: 'bearer',
      pathParams: deliveryParams,
      responses: { '200': { description: 'The delivery.', schema: deliverySchema }, '404': notFoundDoc },
    },
    {
      method: 'post',
      path: `${prefix}/{id}/deliveries/{delivery_id}/replay`,
      operationId: 'replayWebhookDelivery',
      summary: 'Send a delivered or failed event again (same webhook-id)',
      tags,
      security: 'bearer',
      pathParams: deliveryParams,
      responses: {
        '202': { description: 'The new delivery, due now.', schema: deliverySchema },
        '404': notFoundDoc,
      },
    },
  ];
}
