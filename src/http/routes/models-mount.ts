/**
 * Mounts `GET /v1/models` and `GET /v1/models/{model_id}` (src/http/routes/models.ts) behind the
 * gateway's bearer auth.
 */
import type { GatewayApp, RouteContext } from '../app.ts';
import { declareModelRoutes, type ModelsRouteOptions } from './models.ts';

export function registerModelRoutes(
  app: GatewayApp,
  context: RouteContext,
  models: ModelsRouteOptions,
): void {
  // Every path under /v1/models asks for a key first (unknown ones included).
  app.use('/v1/models', context.auth);
  app.use('/v1/models/*', context.auth);
  declareModelRoutes(app, models);
}
