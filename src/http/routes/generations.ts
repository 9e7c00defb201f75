/** reelgate's own generation API: create, list, get, cancel, delete, content. */
import { idempotencyHeadersSchema } from '../../contract/common.ts';
import { modelsOf, requestedExtrasOf } from '../../contract/request-options.ts';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { binaryContent } from '../../contract/common.ts';
import {
  deletedGenerationSchema,
  generationCreateSchema,
  generationListQuerySchema,
  generationListSchema,
  generationResourceSchema,
} from '../../contract/generations.ts';
import { videoContentQuerySchema } from '../../contract/videos.ts';
import { notFound } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { serveFile } from '../file-response.ts';
import { imageFromUrl } from '../image-input.ts';
import { jsonBody, jsonResponse } from '../openapi/responses.ts';
import { presentGeneration } from '../../contract/presenters/generation.ts';

const tags = ['Generations'];
const params = z.object({ id: z.string().describe('The generation id.') });

export const createGenerationRoute = createRoute({
  method: 'post',
  path: '/v1/generations',
  operationId: 'createGeneration',
  summary: 'Create a generation',
  tags,
  request: { body: jsonBody(generationCreateSchema), headers: idempotencyHeadersSchema },
  responses: { 200: jsonResponse(generationResourceSchema, 'The accepted generation.') },
});

export const listGenerationsRoute = createRoute({
  method: 'get',
  path: '/v1/generations',
  operationId: 'listGenerations',
  summary: 'List generations (cursor pagination, newest first by default)',
  tags,
  request: { query: generationListQuerySchema },
  responses: { 200: jsonResponse(generationListSchema, 'One page.') },
});

export const getGenerationRoute = createRoute({
  method: 'get',
  path: '/v1/generations/{id}',
  operationId: 'getGeneration',
  summary: 'Retrieve a generation',
  tags,
  request: { params },
  responses: { 200: jsonResponse(generationResourceSchema, 'The generation.') },
});

export const cancelGenerationRoute = createRoute({
  method: 'post',
  path: '/v1/generations/{id}/cancel',
  operationId: 'cancelGeneration',
  summary: 'Cancel a generation (stops tracking; cancels at the provider where supported)',
  tags,
  request: { params },
  responses: { 200: jsonResponse(generationResourceSchema, 'The canceled generation.') },
});

export const deleteGenerationRoute = createRoute({
  method: 'delete',
  path: '/v1/generations/{id}',
  operationId: 'deleteGeneration',
  summary: 'Delete a generation and its files',
  tags,
  request: { params },
  responses: { 200: jsonResponse(deletedGenerationSchema, 'Deleted.') },
});

export const generationContentRoute = createRoute({
  method: 'get',
  path: '/v1/generations/{id}/content',
  operationId: 'getGenerationContent',
  summary: "Download a generation's video or thumbnail (Range supported)",
  tags,
  request: {
    params,
    query: videoContentQuerySchema,
    headers: z.object({ range: z.string().optional().describe('Optional single byte range.') }),
  },
  responses: {
    200: { description: 'The whole file.', content: binaryContent },
    206: { description: 'The requested range.', content: binaryContent },
    416: { description: 'The range lies outside the file.' },
  },
});

export function registerGenerationRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps, auth } = context;
  const middleware = auth;

  app.openapi({ ...createGenerationRoute, middleware: [middleware, context.idempotent] }, async (c) => {
    const input = c.req.valid('json');
    const generation = await deps.service.create(c.get('account').id, {
      prompt: input.prompt,
      ...modelsOf(input.model),
      fallbackOnRefusal: input.fallback_on_refusal,
      resolution: input.resolution,
      size: input.size,
      durationSeconds: input.duration,
      image:
        input.image_url === undefined ? undefined : imageFromUrl(input.image_url, 'image_url', input.size),
      surface: 'generations',
      assets: input.assets,
      options: requestedExtrasOf(input),
    });
    return c.json(presentGeneration(generation, context.linkerFor(c)), 200);
  });

  app.openapi({ ...listGenerationsRoute, middleware }, async (c) => {
    const query = c.req.valid('query');
    const page = await deps.service.list(c.get('account').id, {
      after: query.after,
      limit: query.limit ?? 20,
      order: query.order ?? 'desc',
      status: query.status,
      model: query.model,
    });
    const link = context.linkerFor(c);
    return c.json(
      {
        object: 'list' as const,
        data: page.data.map((generation) => presentGeneration(generation, link)),
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
        has_more: page.hasMore,
      },
      200,
    );
  });

  app.openapi({ ...getGenerationRoute, middleware }, async (c) => {
    const generation = await deps.service.get(c.get('account').id, c.req.valid('param').id);
    if (!generation) throw notFound('generation');
    return c.json(presentGeneration(generation, context.linkerFor(c)), 200);
  });

  app.openapi({ ...cancelGenerationRoute, middleware }, async (c) => {
    const generation = await deps.service.cancel(c.get('account').id, c.req.valid('param').id);
    return c.json(presentGeneration(generation, context.linkerFor(c)), 200);
  });

  app.openapi({ ...deleteGenerationRoute, middleware }, async (c) => {
    const id = c.req.valid('param').id;
    if (!(await deps.service.delete(c.get('account').id, id))) throw notFound('generation');
    return c.json({ id, object: 'generation.deleted' as const, deleted: true }, 200);
  });

  app.openapi({ ...generationContentRoute, middleware }, async (c) =>
    serveFile(c, {
      service: deps.service,
      accountId: c.get('account').id,
      id: c.req.valid('param').id,
      variant: c.req.valid('query').variant ?? 'video',
      cacheControl: 'private, max-age=3600',
    }),
  );
}
