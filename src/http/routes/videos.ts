/**
 * The OpenAI-Videos-compatible surface: the official `openai` SDK pointed at reelgate
 * (`baseURL: http://host:port/v1`) works unchanged. Content never expires: reelgate serves its
 * own stored copy.
 */
import type { Hono } from 'hono';
import { notFound } from '../../core/errors.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { serveFile } from '../file-response.ts';
import { imageFromReference } from '../image-input.ts';
import { presentVideo } from '../presenters/video.ts';
import { readBody } from '../request-body.ts';
import {
  deletedVideoResourceSchema,
  videoContentQuerySchema,
  videoCreateJsonSchema,
  videoCreateMultipartSchema,
  videoListQuerySchema,
  videoListResourceSchema,
  videoRemixSchema,
  videoResourceSchema,
} from '../schemas/videos.ts';
import { parseOrThrow } from '../validation.ts';

/** OpenAI's defaults when `seconds` / `size` are not given. */
const defaultSeconds = '4';
const defaultSize = '720x1280';
const tags = ['OpenAI-compatible videos'];

export function registerVideoRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { deps, registry, auth } = context;
  const videoIdParam = { video_id: 'The video (generation) id.' };

  registry.add({
    method: 'post',
    path: '/v1/videos',
    operationId: 'createVideo',
    summary: 'Create a video (OpenAI Videos API)',
    description: `multipart/form-data or JSON. seconds defaults to "${defaultSeconds}", size to "${defaultSize}".`,
    tags,
    security: 'bearer',
    body: { json: videoCreateJsonSchema, multipart: videoCreateMultipartSchema },
    responses: { '200': { description: 'The queued video job.', schema: videoResourceSchema } },
  });
  app.post('/v1/videos', auth, async (c) => {
    const body = await readBody(c, ['json', 'multipart']);
    const input = parseOrThrow(
      body.kind === 'json' ? videoCreateJsonSchema : videoCreateMultipartSchema,
      body.value,
    );
    const image = await imageFromReference(input.input_reference);
    const generation = await deps.service.create(c.get('account').id, {
      prompt: input.prompt,
      model: input.model,
      size: input.size ?? defaultSize,
      durationSeconds: Number(input.seconds ?? defaultSeconds),
      image,
      surface: 'videos',
    });
    return c.json(presentVideo(generation, context.linkerFor(c)));
  });

  registry.add({
    method: 'get',
    path: '/v1/videos',
    operationId: 'listVideos',
    summary: 'List videos (cursor pagination)',
    tags,
    security: 'bearer',
    query: videoListQuerySchema,
    responses: { '200': { description: 'One page of videos.', schema: videoListResourceSchema } },
  });
  app.get('/v1/videos', auth, async (c) => {
    const query = parseOrThrow(videoListQuerySchema, c.req.query());
    const limit = query.limit ?? 20;
    const page = await deps.service.list(c.get('account').id, {
      after: query.after,
      // limit=0 is valid for OpenAI: an empty page that still says whether more exist.
      limit: Math.max(1, limit),
      order: query.order ?? 'desc',
    });
    const items = limit === 0 ? [] : page.data;
    const link = context.linkerFor(c);
    return c.json({
      object: 'list',
      data: items.map((generation) => presentVideo(generation, link)),
      first_id: items[0]?.id ?? null,
      last_id: items.at(-1)?.id ?? null,
      has_more: limit === 0 ? page.data.length > 0 : page.hasMore,
    });
  });

  registry.add({
    method: 'get',
    path: '/v1/videos/{video_id}',
    operationId: 'getVideo',
    summary: 'Retrieve a video',
    tags,
    security: 'bearer',
    pathParams: videoIdParam,
    responses: { '200': { description: 'The video job.', schema: videoResourceSchema } },
  });
  app.get('/v1/videos/:video_id', auth, async (c) => {
    const generation = await deps.service.get(c.get('account').id, c.req.param('video_id'));
    if (!generation) throw notFound('video');
    return c.json(presentVideo(generation, context.linkerFor(c)));
  });

  registry.add({
    method: 'delete',
    path: '/v1/videos/{video_id}',
    operationId: 'deleteVideo',
    summary: 'Delete a video and its stored files',
    tags,
    security: 'bearer',
    pathParams: videoIdParam,
    responses: { '200': { description: 'Deleted.', schema: deletedVideoResourceSchema } },
  });
  app.delete('/v1/videos/:video_id', auth, async (c) => {
    const id = c.req.param('video_id');
    const deleted = await deps.service.delete(c.get('account').id, id);
    if (!deleted) throw notFound('video');
    return c.json({ id, object: 'video.deleted', deleted: true });
  });

  registry.add({
    method: 'get',
    path: '/v1/videos/{video_id}/content',
    operationId: 'retrieveVideoContent',
    summary: 'Download the video, thumbnail or spritesheet (Range supported; never expires)',
    tags,
    security: 'bearer',
    pathParams: videoIdParam,
    query: videoContentQuerySchema,
    headers: { Range: 'Optional single byte range, e.g. bytes=0-1023.' },
    responses: {
      '200': { description: 'The whole file.', contentTypes: ['video/mp4', 'image/webp', 'image/jpeg'] },
      '206': {
        description: 'The requested byte range.',
        contentTypes: ['video/mp4', 'image/webp', 'image/jpeg'],
      },
      '416': { description: 'The range lies outside the file.' },
    },
  });
  app.get('/v1/videos/:video_id/content', auth, async (c) => {
    const query = parseOrThrow(videoContentQuerySchema, c.req.query());
    return serveFile(c, {
      service: deps.service,
      accountId: c.get('account').id,
      id: c.req.param('video_id'),
      variant: query.variant ?? 'video',
      cacheControl: 'private, max-age=3600',
    });
  });

  registry.add({
    method: 'post',
    path: '/v1/videos/{video_id}/remix',
    operationId: 'createVideoRemix',
    summary: 'Remix a video with a new prompt',
    tags,
    security: 'bearer',
    pathParams: videoIdParam,
    body: { json: videoRemixSchema, multipart: videoRemixSchema },
    responses: { '200': { description: 'The queued remix.', schema: videoResourceSchema } },
  });
  app.post('/v1/videos/:video_id/remix', auth, async (c) => {
    const accountId = c.get('account').id;
    const body = await readBody(c, ['json', 'multipart']);
    const input = parseOrThrow(videoRemixSchema, body.value);
    const source = await deps.service.get(accountId, c.req.param('video_id'));
    if (!source) throw notFound('video');
    const generation = await deps.service.create(accountId, {
      prompt: input.prompt,
      model: source.requested.model ?? source.model,
      size: source.size,
      durationSeconds: source.durationSeconds,
      parentId: source.id,
      surface: 'videos',
    });
    return c.json(presentVideo(generation, context.linkerFor(c)));
  });
}
