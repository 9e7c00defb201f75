/**
 * Builds the OpenAPI 3.1 document of reelgate's own API from the routes declared on the app
 * (`app.openapi(createRoute(...))`), adding what every operation shares: the bearer scheme and
 * the error envelope for 4xx and unexpected answers.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { errorResponseSchema } from '../../contract/common.ts';
import type { AppEnv } from '../env.ts';

type Json = Record<string, unknown>;

const errorRef = { $ref: '#/components/schemas/ErrorResponse' };

export interface OpenApiInfo {
  title?: string;
  version?: string;
  serverUrl?: string;
}

export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>, info: OpenApiInfo = {}): Json {
  app.openAPIRegistry.register('ErrorResponse', errorResponseSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer <key>`.',
  });
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'reelgate API',
      version: info.version ?? '0.1.0',
      description:
        'A durable gateway for AI video generation. Three surfaces: the simple generation API (/v1/videos/generations), ' +
        "an OpenAI-Videos-compatible surface (/v1/videos) and reelgate's own API (/v1/generations, events, files).",
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
  }) as unknown as Json & { paths: Record<string, Record<string, Json>> };
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const tag of (operation.tags as string[] | undefined) ?? []) tags.add(tag);
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      const open = Array.isArray(operation.security) && operation.security.length === 0;
      if (!open) {
        responses['4XX'] ??= {
          description: 'Invalid request, authentication failure, unknown id (404), or limit reached.',
          content: { 'application/json': { schema: errorRef } },
        };
      }
      responses.default ??= { description: 'Error', content: { 'application/json': { schema: errorRef } } };
      operation.responses = responses;
    }
  }
  const { webhooks: _none, ...rest } = document;
  return { ...rest, tags: [...tags].map((name) => ({ name })) };
}
