/** Signed file links: `GET /files/{id}/{variant}?sig=…`, no auth header (works in `<video src>`). */
import type { Hono } from 'hono';
import { ReelgateError } from '../../core/errors.ts';
import type { RouteContext } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { serveFile } from '../file-response.ts';
import { videoVariantSchema } from '../schemas/videos.ts';
import { verifyFileLink } from '../signed-links.ts';
import { parseOrThrow } from '../validation.ts';

export function registerFileRoutes(app: Hono<AppEnv>, context: RouteContext): void {
  const { deps, registry, config } = context;
  registry.add({
    method: 'get',
    path: '/files/{id}/{variant}',
    operationId: 'getSignedFile',
    summary: 'A stored file through its signed link (no Authorization header; Range supported)',
    description:
      'The URLs in `data.url`, `url` and `video.url` point here. Valid until the video is deleted.',
    tags: ['Files'],
    security: 'signed-link',
    pathParams: { id: 'The generation id.', variant: 'video, thumbnail or spritesheet.' },
    headers: { Range: 'Optional single byte range.' },
    responses: {
      '200': { description: 'The whole file.', contentTypes: ['video/mp4', 'image/webp', 'image/jpeg'] },
      '206': { description: 'The requested range.', contentTypes: ['video/mp4', 'image/webp', 'image/jpeg'] },
      '403': { description: 'Missing or invalid signature.' },
      '416': { description: 'The range lies outside the file.' },
    },
  });
  app.get('/files/:id/:variant', async (c) => {
    const id = c.req.param('id');
    const variant = parseOrThrow(videoVariantSchema, c.req.param('variant'));
    const accountId = verifyFileLink(config.signingSecret, id, variant, c.req.query('sig'));
    if (accountId === undefined) {
      throw new ReelgateError({ code: 'forbidden', message: 'This file link is not valid.', param: 'sig' });
    }
    return serveFile(c, {
      service: deps.service,
      accountId,
      id,
      variant,
      cacheControl: 'private, max-age=86400',
    });
  });
}
