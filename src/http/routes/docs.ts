/** `/openapi.json` (built from the routes declared on the app) and a readable HTML page at `/docs`. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { GatewayApp, RouteContext } from '../app.ts';
import { renderDocsPage } from '../openapi/docs-page.ts';
import { buildOpenApiDocument } from '../openapi/document.ts';

const tags = ['Documentation'];

export const openapiDocumentRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openapiDocument',
  summary: 'This OpenAPI 3.1 document',
  tags,
  security: [],
  responses: {
    200: {
      description: 'OpenAPI 3.1 JSON.',
      content: { 'application/json': { schema: z.looseObject({}).describe('An OpenAPI 3.1 document.') } },
    },
  },
});

export const docsPageRoute = createRoute({
  method: 'get',
  path: '/docs',
  operationId: 'docsPage',
  summary: 'Readable API documentation',
  tags,
  security: [],
  responses: { 200: { description: 'HTML page.', content: { 'text/html': { schema: z.string() } } } },
});

export function registerDocsRoutes(app: GatewayApp, context: RouteContext): void {
  const { config } = context;
  // Built lazily: every route (including ones registered after this file) is declared by then.
  let cached: Record<string, unknown> | undefined;
  const document = () => {
    cached ??= buildOpenApiDocument(app, { version: config.version });
    return cached;
  };
  app.openapi(openapiDocumentRoute, (c) => c.json(document(), 200));
  app.openapi(docsPageRoute, (c) => c.html(renderDocsPage(document())));
}
