/** reelgate's own generation API: create, list, get, cancel, delete, content. */
import type { Hono } from 'hono';
import { notFound } from '../../core/errors.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { serveFile } from '../file-response.ts';
import { imageFromUrl } from '../image-input.ts';
import { presentGeneration } from '../presenters/generation.ts';
import { readBody } from '../request-body.ts';
import {
  deletedGenerationSchema,
  generationCreateSchema,
  generationListQuerySchema,
  generationListSchema,
  generationResourceSchema,
} from '../schemas/generations.ts';
import { videoContentQuerySchema } from '../schemas/videos.ts';
import { parseOrThrow } from '../validation.ts';

const tags = ['Generations'];

export function registerGenerationRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { deps, registry, auth } = context;
  const idParam = { id: 'The generation id.' };

  registry.add({
    method: 'post',
    path: '/v1/generations',
    operationId: 'createGeneration',
    summary: 'Create a generation',
    tags,
    security: 'bearer',
    body: { json: generationCreateSchema },
    responses: { '200': { description: 'The accepted generation.', schema: generationResourceSchema } },
  });
  app.post('/v1/generations', auth, async (c) => {
    const body = await readBody(c, ['json']);
    const input = parseOrThrow(generationCreateSchema, body.value);
    const generation = await deps.service.create(c.get('account').id, {
      prompt: input.prompt,
      model: input.model,
      resolution: input.resolution,
      size: input.size,
      durationSeconds: input.duration,
      image: input.image_url === undefined ? undefined : imageFromUrl(input.image_url, 'image_url'),
      surface: 'generations',
    });
    return c.json(presentGeneration(generation, context.linkerFor(c)));
  });

  registry.add({
    method: 'get',
    path: '/v1/generations',
    operationId: 'listGenerations',
    summary: 'List generations (cursor pagination, newest first by default)',
    tags,
    security: 'bearer',
    query: generationListQuerySchema,
    responses: { '200': { description: 'One page.', schema: generationListSchema } },
  });
  app.get('/v1/generations', auth, async (c) => {
    const query = parseOrThrow(generationListQuerySchema, c.req.query());
    const page = await deps.service.list(c.get('account').id, {
      after: query.after,
      limit: query.limit ?? 20,
      order: query.order ?? 'desc',
      status: query.status,
      model: query.model,
    });
    const link = context.linkerFor(c);
    return c.json({
      object: 'list',
      data: page.data.map((generation) => presentGeneration(generation, link)),
      first_id: page.data[0]?.id ?? null,
      last_id: page.data.at(-1)?.id ?? null,
      has_more: page.hasMore,
    });
  });

  registry.add({
    method: 'get',
    path: '/v1/generations/{id}',
    operationId: 'getGeneration',
    summary: 'Retrieve a generation',
    tags,
    security: 'bearer',
    pathParams: idParam,
    responses: { '200': { description: 'The generation.', schema: generationResourceSchema } },
  });
  app.get('/v1/generations/:id', auth, async (c) => {
    const generation = await deps.service.get(c.get('account').id, c.req.param('id'));
    if (!generation) throw notFound('generation');
    return c.json(presentGeneration(generation, context.linkerFor(c)));
  });

  registry.add({
    method: 'post',
    path: '/v1/generations/{id}/cancel',
    operationId: 'cancelGeneration',
    summary: 'Cancel a generation (stops tracking; cancels at the provider where supported)',
    tags,
    security: 'bearer',
    pathParams: idParam,
    responses: { '200': { description: 'The canceled generation.', schema: generationResourceSchema } },
  });
  app.post('/v1/generations/:id/cancel', auth, async (c) => {
    const generation = await deps.service.cancel(c.get('account').id, c.req.param('id'));
    return c.json(presentGeneration(generation, context.linkerFor(c)));
  });

  registry.add({
    method: 'delete',
    path: '/v1/generations/{id}',
    operationId: 'deleteGeneration',
    summary: 'Delete a generation and its files',
    tags,
    security: 'bearer',
    pathParams: idParam,
    responses: { '200': { description: 'Deleted.', schema: deletedGenerationSchema } },
  });
  app.delete('/v1/generations/:id', auth, async (c) => {
    const id = c.req.param('id');
    if (!(await deps.service.delete(c.get('account').id, id))) throw notFound('generation');
    return c.json({ id, object: 'generation.deleted', deleted: true });
  });

  registry.add({
    method: 'get',
    path: '/v1/generations/{id}/content',
    operationId: 'getGenerationContent',
    summary: "Download a generation's video or thumbnail (Range supported)",
    tags,
    security: 'bearer',
    pathParams: idParam,
    query: videoContentQuerySchema,
    headers: { Range: 'Optional single byte range.' },
    responses: {
      '200': { description: 'The whole file.', contentTypes: ['video/mp4', 'image/webp', 'image/jpeg'] },
      '206': { description: 'The requested range.', contentTypes: ['video/mp4', 'image/webp', 'image/jpeg'] },
      '416': { description: 'The range lies outside the file.' },
    },
  });
  app.get('/v1/generations/:id/content', auth, async (c) => {
    const query = parseOrThrow(videoContentQuerySchema, c.req.query());
    return serveFile(c, {
      service: deps.service,
      accountId: c.get('account').id,
      id: c.req.param('id'),
      variant: query.variant ?? 'video',
      cacheControl: 'private, max-age=3600',
    });
  });
}
