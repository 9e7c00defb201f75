/**
 * The xAI face, served under /xai (so `@ai-sdk/xai` takes `baseURL: <emulator>/xai/v1`):
 * video generations and extensions (./extensions.ts), their status with progress, moderation and expiry, temporary video
 * URLs under /xai/files, Bearer auth and xAI's `{code, error}` errors.
 */
import type { Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { XaiApiError, xaiErrorHandler } from './errors.ts';
import { createExtension } from './extensions.ts';
import { createGeneration, getVideo, XAI_FACE, XAI_PREFIX } from './videos.ts';

export const xaiFace: EmulatorFace = {
  name: XAI_FACE,
  prefix: XAI_PREFIX,
  // xAI documents no deduplication of video generation requests. (docs/providers.md)
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(xaiErrorHandler);
    app.get('/files/:jobId/:name', (c) =>
      serveResultFile(c, core, XAI_FACE, c.req.param('jobId'), (reason) =>
        c.json(
          {
            code: 'Some requested entity was not found',
            error: reason === 'expired' ? 'The video has expired.' : 'Video not found.',
          },
          404,
        ),
      ),
    );
    app.use('/v1/*', async (c, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match)
        throw new XaiApiError(
          401,
          'No API key provided. Send an `Authorization: Bearer <XAI_API_KEY>` header.',
        );
      if (!core.acceptsKey(match[1])) {
        throw new XaiApiError(
          400,
          'Incorrect API key provided. You can obtain an API key from https://console.x.ai.',
        );
      }
      await next();
    });
    app.post('/v1/videos/generations', (c) => createGeneration(c, core));
    app.post('/v1/videos/extensions', (c) => createExtension(c, core));
    app.get('/v1/videos/:id', (c) => getVideo(c, core, c.req.param('id')));
  },
};
