/**
 * The small HTTP face of a `--role worker` process (REELGATE_METRICS_PORT): liveness, readiness
 * and Prometheus metrics, no API. Orchestrators probe it; Prometheus scrapes it.
 *
 * @example
 * const app = createWorkerHealthApp({ ready: async () => worker.running, metrics: () => reelgate.renderMetrics() });
 * serve({ fetch: app.fetch, port: 9464 });
 */
import { Hono } from 'hono';

export interface WorkerHealthDeps {
  ready(): Promise<boolean>;
  metrics(): Promise<string>;
  /** Extra fields for /healthz (worker id, role). */
  info?: Record<string, string | number | boolean> | undefined;
}

export function createWorkerHealthApp(deps: WorkerHealthDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok', ...deps.info }));
  app.get('/readyz', async (c) => {
    const ready = await deps.ready().catch(() => false);
    return c.json({ status: ready ? 'ok' : 'unavailable' }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) =>
    c.body(await deps.metrics(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );
  app.notFound((c) =>
    c.json({ error: { message: 'Not found.', type: 'invalid_request_error', code: 'not_found' } }, 404),
  );
  return app;
}
