/** Liveness, readiness, metrics and the provider webhook receiver. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { healthSchema } from '../../contract/system.ts';
import { notFound, ReelgateError } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { rawBodySchema } from '../openapi/openapi-app.ts';
import { jsonResponse } from '../openapi/responses.ts';

/** Provider callbacks are small JSON events; anything bigger is refused while streaming (413). */
const webhookBodyLimitBytes = 256 * 1024;

const operations = ['Operations'];

export const livenessRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'liveness',
  summary: 'Liveness: the process answers',
  tags: operations,
  security: [],
  responses: { 200: jsonResponse(healthSchema, 'Alive.') },
});

export const readinessRoute = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'readiness',
  summary: 'Readiness: database and engine ready to take work',
  tags: operations,
  security: [],
  responses: { 200: jsonResponse(healthSchema, 'Ready.'), 503: jsonResponse(healthSchema, 'Not ready.') },
});

export const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics',
  tags: operations,
  security: [],
  responses: {
    200: { description: 'Prometheus text format.', content: { 'text/plain': { schema: z.string() } } },
  },
});

export const providerWebhookRoute = createRoute({
  method: 'post',
  path: '/webhooks/providers/{provider}',
  operationId: 'providerWebhook',
  summary: 'Provider webhook receiver (signature verified by the engine; unknown events answered 2xx)',
  tags: operations,
  security: [],
  request: {
    params: z.object({ provider: z.string().describe('The provider name, e.g. openai.') }),
    body: { required: true, content: { 'application/json': { schema: rawBodySchema } } },
  },
  responses: { 200: { description: 'Accepted (or ignored).' } },
});

export function registerSystemRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps } = context;

  app.openapi(livenessRoute, (c) =>
    c.json(
      { status: 'ok' as const, version: context.config.version, emulated: context.config.emulated ?? false },
      200,
    ),
  );

  app.openapi(readinessRoute, async (c) => {
    let ready = true;
    try {
      ready = deps.readiness ? await deps.readiness() : true;
    } catch {
      ready = false;
    }
    return ready ? c.json({ status: 'ok' as const }, 200) : c.json({ status: 'unavailable' as const }, 503);
  });

  if (deps.metrics) {
    const metrics = deps.metrics;
    app.openapi(metricsRoute, async (c) =>
      c.text(await metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
    );
  }

  app.openapi(
    { ...providerWebhookRoute, middleware: bodyLimit({ maxBytes: webhookBodyLimitBytes }) },
    async (c) => {
      if (!deps.providerWebhooks) throw notFound('webhook receiver');
      let rawBody: string;
      try {
        rawBody = await c.req.text();
      } catch (error) {
        throw c.get('bodyLimitError') ?? error;
      }
      const result = await deps.providerWebhooks.handle(
        c.req.valid('param').provider,
        c.req.raw.headers,
        rawBody,
      );
      // Refusals carry the same envelope as every other error (and say nothing about why).
      if (result.status === 401) {
        throw new ReelgateError({ code: 'unauthorized', message: 'Webhook signature verification failed.' });
      }
      if (result.status === 404) throw notFound('webhook receiver');
      if (result.status >= 400) {
        throw new ReelgateError({
          code: 'invalid_request',
          status: result.status,
          message: 'Webhook refused.',
        });
      }
      return c.body(null, result.status as 200);
    },
  );
}
