/**
 * Mounts `GET /v1/models` and `GET /v1/models/{id}` (src/http/routes/models.ts) behind the
 * gateway's bearer auth, with their OpenAPI entries.
 */
import { Hono } from 'hono';
import type { CatalogRegistry } from '../../core/catalog/registry.ts';
import type { ExtraRoutes } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { modelsRoutes } from './models.ts';

export function modelsExtraRoutes(
  catalog: CatalogRegistry,
  enabledProviders: () => ReadonlySet<string>,
): ExtraRoutes {
  return {
    path: '/',
    create: ({ auth }) => {
      const app = new Hono<AppEnv>();
      app.use('/v1/models', auth);
      app.use('/v1/models/*', auth);
      app.route('/', modelsRoutes({ catalog, enabledProviders }) as unknown as Hono<AppEnv>);
      return app;
    },
    docs: [
      {
        method: 'get',
        path: '/v1/models',
        operationId: 'listModels',
        summary: 'The model catalog: models of configured providers (`?all=true` for every known model)',
        tags: ['Models'],
        security: 'bearer',
        responses: { '200': { description: 'The catalog.' } },
      },
      {
        method: 'get',
        path: '/v1/models/{model_id}',
        operationId: 'getModel',
        summary:
          'One catalog entry (durations, sizes, audio, image-to-video, price per second with its source)',
        tags: ['Models'],
        security: 'bearer',
        pathParams: { model_id: 'A catalog id such as `openai:sora-2`, or an alias.' },
        responses: { '200': { description: 'The model.' }, '404': { description: 'Unknown model.' } },
      },
    ],
  };
}
