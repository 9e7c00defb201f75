/** Signed file links: `GET /files/{id}/{variant}?sig=…`, no auth header (works in `<video src>`). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { binaryContent } from '../../contract/common.ts';
import { videoVariantSchema } from '../../contract/videos.ts';
import { ReelgateError } from '../../core/errors.ts';
import { verifyFileLink } from '../../shared/signed-links.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { serveFile } from '../file-response.ts';

export const signedFileRoute = createRoute({
  method: 'get',
  path: '/files/{id}/{variant}',
  operationId: 'getSignedFile',
  summary: 'A stored file through its signed link (no Authorization header; Range supported)',
  description: 'The URLs in `data.url`, `url` and `video.url` point here. Valid until the video is deleted.',
  tags: ['Files'],
  security: [],
  request: {
    params: z.object({
      id: z.string().describe('The generation id.'),
      variant: videoVariantSchema.describe('video, thumbnail or spritesheet.'),
    }),
    query: z.object({ sig: z.string().optional().describe('The signature from the handed-out URL.') }),
    headers: z.object({ range: z.string().optional().describe('Optional single byte range.') }),
  },
  responses: {
    200: { description: 'The whole file.', content: binaryContent },
    206: { description: 'The requested range.', content: binaryContent },
    403: { description: 'Missing or invalid signature.' },
    416: { description: 'The range lies outside the file.' },
  },
});

export function registerFileRoutes(app: GatewayApp, context: RouteContext): void {
  const { deps, config } = context;
  app.openapi(signedFileRoute, async (c) => {
    const { id, variant } = c.req.valid('param');
    const accountId = verifyFileLink(config.signingSecret, id, variant, c.req.valid('query').sig);
    if (accountId === undefined) {
      throw new ReelgateError({ code: 'forbidden', message: 'This file link is not valid.', param: 'sig' });
    }
    return serveFile(c, {
      service: deps.service,
      accountId,
      id,
      variant,
      cacheControl: 'private, max-age=86400',
      downloadName: safeFileName(c.req.query('download')),
    });
  });
}

/** `?download=red-fox.mp4`: a plain file name (letters, digits, dot, dash, underscore), else none. */
function safeFileName(name: string | undefined): string | undefined {
  if (!name || name.length > 120 || !/^[\w.-]+$/.test(name) || name.startsWith('.')) return undefined;
  return name;
}
