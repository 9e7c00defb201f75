/**
 * The Gemini API face for Veo, served under /google (so `@ai-sdk/google` takes
 * `baseURL: <emulator>/google/v1beta`): long-running predict operations, the generated files'
 * download endpoint, `x-goog-api-key` (or `?key=`) auth and Google's error envelope.
 */
import type { Context, Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import { GoogleApiError, googleError, googleErrorHandler } from './errors.ts';
import { GOOGLE_FACE, GOOGLE_PREFIX, getOperation, jobByFileId, predictLongRunning } from './operations.ts';

const predictPath = /^\/v1beta\/models\/([^/:]+):predictLongRunning$/;
const operationPath = /^\/v1beta\/(?:models\/([^/:]+)\/)?operations\/([^/:]+)$/;
const filePath = /^\/v1beta\/files\/([^/:]+):download$/;

export const googleFace: EmulatorFace = {
  name: GOOGLE_FACE,
  prefix: GOOGLE_PREFIX,
  // The Gemini API documents no deduplication of predictLongRunning calls. (docs/providers.md)
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    app.onError(googleErrorHandler);
    app.use('*', async (c, next) => {
      const key = c.req.header('x-goog-api-key') ?? c.req.query('key');
      if (!key) {
        throw new GoogleApiError(
          403,
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        );
      }
      if (!core.acceptsKey(key)) {
        throw new GoogleApiError(400, 'API key not valid. Please pass a valid API key.', {
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              domain: 'googleapis.com',
            },
          ],
        });
      }
      await next();
    });
    app.all('*', async (c: Context) => {
      const path = c.req.path.slice(GOOGLE_PREFIX.length);
      const predict = predictPath.exec(path);
      if (predict && c.req.method === 'POST')
        return predictLongRunning(c, core, decodeURIComponent(predict[1]!));
      const operation = operationPath.exec(path);
      if (operation && c.req.method === 'GET')
        return getOperation(c, core, operation[1] ?? null, operation[2]!);
      const file = filePath.exec(path);
      if (file && c.req.method === 'GET') {
        const job = jobByFileId(core, file[1]!);
        const snapshot = job ? core.snapshot(job) : null;
        if (!job || !snapshot || snapshot.status !== 'completed' || snapshot.expired) {
          return googleError(
            c,
            new GoogleApiError(
              403,
              `You do not have permission to access the File ${file[1]!.slice(0, 60)} or it may not exist.`,
            ),
          );
        }
        return core.serveContent(c, job, 'video');
      }
      throw new GoogleApiError(404, `Method not found: ${c.req.method} ${path.slice(0, 200)}`);
    });
  },
};
