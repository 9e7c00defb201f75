/** `/openapi.json` (built from the route registry) and a readable HTML page at `/docs`. */
import type { Hono } from 'hono';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { renderDocsPage } from '../openapi/docs-page.ts';
import { buildOpenApiDocument } from '../openapi/document.ts';

export function registerDocsRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { registry, config } = context;
  registry.add({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapiDocument',
    summary: 'This OpenAPI 3.1 document',
    tags: ['Documentation'],
    security: 'none',
    responses: { '200': { description: 'OpenAPI 3.1 JSON.', contentTypes: ['application/json'] } },
  });
  registry.add({
    method: 'get',
    path: '/docs',
    operationId: 'docsPage',
    summary: 'Readable API documentation',
    tags: ['Documentation'],
    security: 'none',
    responses: { '200': { description: 'HTML page.', contentTypes: ['text/html'] } },
  });
  // Built lazily: every route (including ones registered after this file) is in the registry by then.
  let cached: Record<string, unknown> | undefined;
  const document = () => {
    cached ??= buildOpenApiDocument(registry, { version: config.version });
    return cached;
  };
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document())));
}
