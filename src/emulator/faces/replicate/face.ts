/**
 * The Replicate face, served under /replicate (so `@ai-sdk/replicate` takes
 * `baseURL: <emulator>/replicate/v1`): predictions by model or version, cancel, webhooks with
 * the account secret, expiring output files under /replicate/delivery, Bearer-token auth and
 * Replicate's problem-details errors.
 */
import type { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import type { EmulatorCore } from '../../core/core.ts';
import type { EmulatorFace } from '../../core/face.ts';
import { whenTerminal } from '../provider-common/job-webhooks.ts';
import { ownOrigin } from '../provider-common/request.ts';
import { serveResultFile } from '../provider-common/result-files.ts';
import { ReplicateApiError, replicateErrorHandler } from './errors.ts';
import {
  cancelPrediction,
  createPrediction,
  findPrediction,
  predictionJson,
  REPLICATE_EMULATOR_WEBHOOK_SECRET,
  REPLICATE_FACE,
  REPLICATE_PREFIX,
  sendPredictionWebhook,
} from './predictions.ts';

const PAGE_SIZE = 100;

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new ReplicateApiError(400, 'Bad request', 'Invalid cursor.');
  return Number(match[1]);
}

export const replicateFace: EmulatorFace = {
  name: REPLICATE_FACE,
  prefix: REPLICATE_PREFIX,
  // Replicate documents no deduplication of prediction creates. (docs/providers.md)
  deduplicatesStarts: false,
  mount(app: Hono, core: EmulatorCore) {
    const signer = new Webhook(REPLICATE_EMULATOR_WEBHOOK_SECRET);
    core.onTerminal((job) => {
      if (job.face === REPLICATE_FACE)
        whenTerminal(core, job, () => sendPredictionWebhook(core, signer, job));
    });
    app.onError(replicateErrorHandler);
    // Output files (replicate.delivery) need no token, and disappear after the result lifetime.
    app.get('/delivery/:jobId/:name', (c) =>
      serveResultFile(c, core, REPLICATE_FACE, c.req.param('jobId'), () => c.text('Not Found', 404)),
    );
    app.use('/v1/*', async (c, next) => {
      const match = /^(?:Bearer|Token)\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
      if (!match)
        throw new ReplicateApiError(401, 'Unauthenticated', 'You did not pass an authentication token');
      if (!core.acceptsKey(match[1])) {
        throw new ReplicateApiError(401, 'Unauthenticated', 'You did not pass a valid authentication token');
      }
      await next();
    });
    app.get('/v1/webhooks/default/secret', (c) => c.json({ key: REPLICATE_EMULATOR_WEBHOOK_SECRET }));
    app.post('/v1/models/:owner/:name/predictions', (c) =>
      createPrediction(c, core, `${c.req.param('owner')}/${c.req.param('name')}`),
    );
    app.post('/v1/predictions', (c) => createPrediction(c, core, null));
    app.get('/v1/predictions/:id', (c) =>
      c.json(predictionJson(core, findPrediction(core, c.req.param('id')))),
    );
    app.post('/v1/predictions/:id/cancel', (c) => {
      const job = findPrediction(core, c.req.param('id'));
      cancelPrediction(core, job);
      return c.json(predictionJson(core, job));
    });
    // Newest first, 100 a page; `next`/`previous` are full URLs with an opaque cursor.
    app.get('/v1/predictions', (c) => {
      const jobs = core.jobs.list(REPLICATE_FACE, 'desc');
      const offset = decodeCursor(c.req.query('cursor'));
      const results = jobs.slice(offset, offset + PAGE_SIZE).map((job) => predictionJson(core, job));
      const page = (at: number) =>
        `${ownOrigin(c)}${REPLICATE_PREFIX}/v1/predictions?cursor=${encodeCursor(at)}`;
      return c.json({
        next: offset + PAGE_SIZE < jobs.length ? page(offset + PAGE_SIZE) : null,
        previous: offset > 0 ? page(Math.max(0, offset - PAGE_SIZE)) : null,
        results,
      });
    });
    app.notFound(() => {
      throw new ReplicateApiError(404, 'Not found', 'The requested resource could not be found.');
    });
  },
};
