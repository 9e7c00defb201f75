/**
 * The OpenAI-Videos-compatible surface: the official `openai` SDK pointed at reelgate
 * (`baseURL: http://host:port/v1`) works unchanged. Content never expires: reelgate serves its
 * own stored copy.
 */
import { idempotencyHeadersSchema } from '../../contract/common.ts';
import { modelsOf, requestedExtrasOf } from '../../contract/request-options.ts';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { binaryContent } from '../../contract/common.ts';
import {
  deletedVideoResourceSchema,
  videoContentQuerySchema,
  videoCreateJsonSchema,
  videoCreateMultipartSchema,
  videoListQuerySchema,
  videoListResourceSchema,
  videoRemixSchema,
  videoResourceSchema,
} from '../../contract/videos.ts';
import { notFound } from '../../core/errors.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { serveFile } from '../file-response.ts';
import { jsonResponse } from '../openapi/responses.ts';
import { imageFromReference } from '../image-input.ts';
import { presentVideo } from '../../contract/presenters/video.ts';

/** OpenAI's defaults when `seconds` / `size` are not given. */
const defaultSeconds = '4';
const defaultSize = '720x1280';
const tags = ['OpenAI-compatible videos'];

const params = z.object({ video_id: z.string().describe('The video (generation) id.') });

export const createVideoRoute = createRoute({
  method: 'post',
  path: '/v1/videos',
  operationId: 'createVideo',
  summary: 'Create a video (OpenAI Videos API)',
  description: `multipart/form-data or JSON. seconds defaults to "${defaultSeconds}", size to "${defaultSize}".`,
  tags,
  request: {
    headers: idempotencyHeadersSchema,
    body: {
      required: true,
      content: {
        'application/json': { schema: videoCreateJsonSchema },
        'multipart/form-data': { schema: videoCreateMultipartSchema },
      },
    },
  },
  responses: { 200: jsonResponse(videoResourceSchema, 'The queued video job.') },
});

export const listVideosRoute = createRoute({
  method: 'get',
  path: '/v1/videos',
  operationId: 'listVideos',
  summary: 'List videos (cursor pagination)',
  tags,
  request: { query: videoListQuerySchema },
  responses: { 200: jsonResponse(videoListResourceSchema, 'One page of videos.') },
});

export const getVideoRoute = createRoute({
  method: 'get',
  path: '/v1/videos/{video_id}',
  operationId: 'getVideo',
  summary: 'Retrieve a video',
  tags,
  request: { params },
  responses: { 200: jsonResponse(videoResourceSchema, 'The video job.') },
});

export const deleteVideoRoute = createRoute({
  method: 'delete',
  path: '/v1/videos/{video_id}',
  operationId: 'deleteVideo',
  summary: 'Delete a video and its stored files',
  tags,
  request: { params },
  responses: { 200: jsonResponse(deletedVideoResourceSchema, 'Deleted.') },
});

export const videoContentRoute = createRoute({
  method: 'get',
  path: '/v1/videos/{video_id}/content',
  operationId: 'retrieveVideoContent',
  summary: 'Download the video, thumbnail or spritesheet (Range supported; never expires)',
  tags,
  request: {
    params,
    query: videoContentQuerySchema,
    headers: z.object({
      range: z.string().optional().describe('Optional single byte range, e.g. bytes=0-1023.'),
    }),
  },
  responses: {
    200: { description: 'The whole file.', content: binaryContent },
    206: { description: 'The requested byte range.', content: binaryContent },
    416: { description: 'The range lies outside the file.' },
  },
});

export const remixVideoRoute = createRoute({
  method: 'post',
  path: '/v1/videos/{video_id}/remix',
  operationId: 'createVideoRemix',
  summary: 'Remix a video with a new prompt',
  tags,
  request: {
    params,
    headers: idempotencyHeadersSchema,
    body: {
      required: true,
      content: {
        'application/json': { schema: videoRemixSchema },
        'multipart/form-data': { schema: videoRemixSchema },
      },
    },
  },
  responses: { 200: jsonResponse(videoResourceSchema, 'The queued remix.') },
});

export function registerVideoRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps, auth } = context;
  const middleware = auth;

  app.openapi({ ...createVideoRoute, middleware: [middleware, context.idempotent] }, async (c) => {
    const input = c.req.valid('form');
    // An aspect ratio (a reelgate extension) picks the size when none is given.
    const size = input.size ?? (input.aspect_ratio ? undefined : defaultSize);
    const image = await imageFromReference(input.input_reference, size);
    const generation = await deps.service.create(c.get('account').id, {
      prompt: input.prompt,
      ...modelsOf(input.model),
      fallbackOnRefusal: input.fallback_on_refusal,
      size,
      durationSeconds: Number(input.seconds ?? defaultSeconds),
      image,
      surface: 'videos',
      assets: input.assets,
      options: requestedExtrasOf(input),
      // OpenAI reported moderation in-band on the job (`failed`, `moderation_blocked`).
      refusals: 'failed-generation',
    });
    return c.json(presentVideo(generation, context.linkerFor(c)), 200);
  });

  app.openapi({ ...listVideosRoute, middleware }, async (c) => {
    const query = c.req.valid('query');
    const page = await deps.service.list(c.get('account').id, {
      after: query.after,
      limit: query.limit ?? 20,
      order: query.order ?? 'desc',
    });
    const link = context.linkerFor(c);
    return c.json(
      {
        object: 'list' as const,
        data: page.data.map((generation) => presentVideo(generation, link)),
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
        has_more: page.hasMore,
      },
      200,
    );
  });

  app.openapi({ ...getVideoRoute, middleware }, async (c) => {
    const generation = await deps.service.get(c.get('account').id, c.req.valid('param').video_id);
    if (!generation) throw notFound('video');
    return c.json(presentVideo(generation, context.linkerFor(c)), 200);
  });

  app.openapi({ ...deleteVideoRoute, middleware }, async (c) => {
    const id = c.req.valid('param').video_id;
    const deleted = await deps.service.delete(c.get('account').id, id);
    if (!deleted) throw notFound('video');
    return c.json({ id, object: 'video.deleted' as const, deleted: true }, 200);
  });

  app.openapi({ ...videoContentRoute, middleware }, async (c) =>
    serveFile(c, {
      service: deps.service,
      accountId: c.get('account').id,
      id: c.req.valid('param').video_id,
      variant: c.req.valid('query').variant ?? 'video',
      cacheControl: 'private, max-age=3600',
    }),
  );

  app.openapi({ ...remixVideoRoute, middleware: [middleware, context.idempotent] }, async (c) => {
    const accountId = c.get('account').id;
    const input = c.req.valid('json');
    const source = await deps.service.get(accountId, c.req.valid('param').video_id);
    if (!source) throw notFound('video');
    const generation = await deps.service.create(accountId, {
      prompt: input.prompt,
      // The source's own name (or none): the remix answers in the names its client used.
      model: source.requested.model ?? undefined,
      size: source.size,
      durationSeconds: source.durationSeconds,
      parentId: source.id,
      surface: 'videos',
      refusals: 'failed-generation',
    });
    return c.json(presentVideo(generation, context.linkerFor(c)), 200);
  });
}
