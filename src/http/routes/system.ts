/** Liveness, readiness, metrics and the provider webhook receiver. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { notFound, ReelgateError } from '../../core/errors.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { named } from '../openapi/registry.ts';

/** Provider callbacks are small JSON events; anything bigger is refused while streaming (413). */
const webhookBodyLimitBytes = 256 * 1024;

const healthSchema = named('Health', z.looseObject({ status: z.enum(['ok', 'unavailable']) }));

export function registerSystemRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { deps, registry } = context;

  registry.add({
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    summary: 'Liveness: the process answers',
    tags: ['Operations'],
    security: 'none',
    responses: { '200': { description: 'Alive.', schema: healthSchema } },
  });
  app.get('/healthz', (c) =>
    c.json({ status: 'ok', version: context.config.version, emulated: context.config.emulated ?? false }),
  );

  registry.add({
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    summary: 'Readiness: database and engine ready to take work',
    tags: ['Operations'],
    security: 'none',
    responses: {
      '200': { description: 'Ready.', schema: healthSchema },
      '503': { description: 'Not ready.', schema: healthSchema },
    },
  });
  app.get('/readyz', async (c) => {
    let ready = true;
    try {
      ready = deps.readiness ? await deps.readiness() : true;
    } catch {
      ready = false;
    }
    return c.json({ status: ready ? 'ok' : 'unavailable' }, ready ? 200 : 503);
  });

  if (deps.metrics) {
    const metrics = deps.metrics;
    registry.add({
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      tags: ['Operations'],
      security: 'none',
      responses: { '200': { description: 'Prometheus text format.', contentTypes: ['text/plain'] } },
    });
    app.get('/metrics', async (c) =>
      c.body(await metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
    );
  }

  registry.add({
    method: 'post',
    path: '/webhooks/providers/{provider}',
    operationId: 'providerWebhook',
    summary: 'Provider webhook receiver (signature verified by the engine; unknown events answered 2xx)',
    tags: ['Operations'],
    security: 'none',
    pathParams: { provider: 'The provider name, e.g. openai.' },
    body: { text: 'application/json' },
    responses: { '200': { description: 'Accepted (or ignored).' } },
  });
  app.post('/webhooks/providers/:provider', bodyLimit({ maxBytes: webhookBodyLimitBytes }), async (c) => {
    if (!deps.providerWebhooks) throw notFound('webhook receiver');
    let rawBody: string;
    try {
      rawBody = await c.req.text();
    } catch (error) {
      throw c.get('bodyLimitError') ?? error;
    }
    const result = await deps.providerWebhooks.handle(c.req.param('provider'), c.req.raw.headers, rawBody);
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
  });
}
