/**
 * The OpenAI Videos API face, served under /v1: videos, remix/edits/extensions, content
 * variants and characters, with OpenAI's validation rules and error envelope.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { bearerKey, type EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { type CharacterRegistry, mountCharacters } from './characters.ts';
import { mountDerived } from './derived.ts';
import { openaiErrorHandler } from './errors.ts';
import { FACE, MAX_UPLOAD_BYTES } from './source-video.ts';
import { mountVideos } from './videos.ts';

export const openaiFace: EmulatorFace = {
  name: FACE,
  prefix: '/v1',
  // OpenAI's Videos API documents no Idempotency-Key deduplication. (docs/providers.md)
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(openaiErrorHandler);
    app.notFound((c) => {
      throw new EmulatorHttpError({
        status: 404,
        code: 'unknown_url',
        message: `Invalid URL (${c.req.method} ${c.req.path})`,
      });
    });
    app.use('*', async (c, next) => {
      const key = bearerKey(c);
      if (!core.acceptsKey(key)) {
        throw new EmulatorHttpError({
          status: 401,
          type: 'invalid_request_error',
          code: key ? 'invalid_api_key' : null,
          message: key
            ? 'Incorrect API key provided.'
            : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        });
      }
      await next();
    });
    app.use(
      '*',
      bodyLimit({
        maxSize: MAX_UPLOAD_BYTES + 1024 * 1024,
        onError: () => {
          throw new EmulatorHttpError({
            status: 413,
            code: 'payload_too_large',
            message: 'Request body too large.',
          });
        },
      }),
    );
    const characters: CharacterRegistry = new Map();
    mountCharacters(app, core, characters);
    mountDerived(app, core);
    mountVideos(app, core, characters);
  },
};
