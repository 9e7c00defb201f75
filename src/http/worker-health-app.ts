/**
 * The small HTTP face of a `--role worker` process (REELGATE_METRICS_PORT): liveness, readiness
 * and Prometheus metrics, no API. Orchestrators probe it; Prometheus scrapes it. The routes are
 * the API's own declarations (src/http/routes/system.ts).
 *
 * @example
 * const app = createWorkerHealthApp({ ready: async () => worker.running, metrics: () => reelgate.renderMetrics() });
 * serve({ fetch: app.fetch, port: 9464 });
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { createOpenApiApp } from './openapi/openapi-app.ts';
import { livenessRoute, metricsRoute, readinessRoute } from './routes/system.ts';

export interface WorkerHealthDeps {
  ready(): Promise<boolean>;
  metrics(): Promise<string>;
  /** Extra fields for /healthz (worker id, role). */
  info?: Record<string, string | number | boolean> | undefined;
}

export function createWorkerHealthApp(deps: WorkerHealthDeps): OpenAPIHono<AppEnv> {
  const app = createOpenApiApp();
  app.openapi(livenessRoute, (c) => c.json({ ...deps.info, status: 'ok' as const }, 200));
  app.openapi(readinessRoute, async (c) => {
    const ready = await deps.ready().catch(() => false);
    return ready ? c.json({ status: 'ok' as const }, 200) : c.json({ status: 'unavailable' as const }, 503);
  });
  app.openapi(metricsRoute, async (c) =>
    c.text(await deps.metrics(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );
  app.notFound((c) =>
    c.json({ error: { message: 'Not found.', type: 'invalid_request_error', code: 'not_found' } }, 404),
  );
  return app;
}
