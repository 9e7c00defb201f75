/**
 * The fal face, served under /fal: fal's queue API (submit, status, result, cancel) for any
 * endpoint path, result files that expire, ED25519-signed `fal_webhook` callbacks with the
 * public keys at /fal/.well-known/jwks.json, and fal's `Authorization: Key ...` auth.
 *
 * `@ai-sdk/fal` sends video requests to https://queue.fal.run whatever its baseURL says, so a
 * client reaches this face through an origin-rewriting fetch (reelgate's REELGATE_FAL_ORIGIN):
 * https://queue.fal.run/<path> -> http://<emulator>/fal/<path>.
 */
import type { Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import { whenTerminal } from '../provider-common/job-webhooks.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { falDetail, falErrorHandler } from './errors.ts';
import { cancel, FAL_FACE, FAL_PREFIX, findJob, result, sendWebhook, status, submit } from './queue.ts';
import { listRequests } from './request-history.ts';
import { FalWebhookSigner } from './webhook-signing.ts';

const queuePath = /^\/([^/]+\/[^/]+)\/requests\/([^/]+)(\/status|\/cancel)?\/?$/;

export const falFace: EmulatorFace = {
  name: FAL_FACE,
  prefix: FAL_PREFIX,
  // fal's queue API documents no deduplication of submits. (docs/providers.md)
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    const signer = new FalWebhookSigner();
    core.onTerminal((job) => {
      if (job.face === FAL_FACE) whenTerminal(core, job, () => sendWebhook(core, signer, job));
    });
    app.onError(falErrorHandler);
    app.get('/.well-known/jwks.json', (c) => c.json(signer.jwks()));
    // Result files (fal's CDN) need no key, like https://v3.fal.media links.
    app.get('/files/:jobId/:name', (c) =>
      serveResultFile(c, core, FAL_FACE, c.req.param('jobId'), (reason) =>
        falDetail(c, 404, reason === 'expired' ? 'File has expired' : 'File not found'),
      ),
    );
    app.use('*', async (c, next) => {
      const header = c.req.header('authorization') ?? '';
      const match = /^Key\s+(\S+)$/i.exec(header.trim());
      if (!match)
        return falDetail(
          c,
          401,
          'Authentication is required to access this resource. Send an `Authorization: Key <FAL_KEY>` header.',
        );
      if (!core.acceptsKey(match[1])) return falDetail(c, 401, 'No user found for Key ID and Secret');
      await next();
    });
    // The platform API (https://api.fal.ai/v1/...), reached through the same origin rewrite.
    app.get('/v1/models/requests/by-endpoint', (c) => listRequests(c, core));
    app.all('*', async (c) => {
      const path = c.req.path.slice(FAL_PREFIX.length) || '/';
      const queue = queuePath.exec(path);
      if (queue) {
        const [, appId, id, action] = queue;
        const found = findJob(c, core, appId!, id!);
        if (found instanceof Response) return found;
        if (action === '/cancel') {
          return c.req.method === 'PUT' ? cancel(c, core, found) : falDetail(c, 405, 'Method Not Allowed');
        }
        if (c.req.method !== 'GET') return falDetail(c, 405, 'Method Not Allowed');
        return action === '/status' ? status(c, core, found) : result(c, core, found);
      }
      const endpoint = path.replace(/^\/+|\/+$/g, '');
      if (c.req.method !== 'POST' || endpoint.split('/').length < 2) {
        return falDetail(c, 404, `Application '${endpoint.slice(0, 100)}' not found`);
      }
      return submit(c, core, endpoint);
    });
  },
};
