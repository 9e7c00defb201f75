/**
 * Builds the emulator's Hono app: one shared core, each face mounted under its prefix, and
 * the introspection routes under /_emulator.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { seededRandom } from '../core/random.ts';
import { systemClock } from '../shared/system-clock.ts';
import { EmulatorCore } from './core/core.ts';
import type { EmulatorFace } from './core/face.ts';
import { FaultInjector } from './core/faults.ts';
import { JobJournal } from './core/job-journal.ts';
import { JobStore } from './core/job-store.ts';
import { MediaStore } from './core/media-store.ts';
import { RateLimiter } from './core/rate-limit.ts';
import { EmulatorStats, type StatsSnapshot } from './core/stats.ts';
import { WebhookSender } from './core/webhooks.ts';
import { defaultFaces } from './faces/index.ts';
import type { EmulatorOptions } from './options.ts';

export type EmulatorApp = Hono & { core: EmulatorCore };

/** The default directory for renders and uploads: a cache shared by emulator runs. */
export function defaultDataDir(): string {
  return join(tmpdir(), 'reelgate-emulator-cache');
}

/** Creates the shared core from options (no I/O happens until requests arrive). */
export function createEmulatorCore(options: EmulatorOptions = {}): EmulatorCore {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const random = options.random ?? seededRandom(seed);
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error('speed must be a positive number');
  const stats = new EmulatorStats();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const dataDir = options.dataDir ?? defaultDataDir();
  const closing = new AbortController();
  const core: EmulatorCore = new EmulatorCore({
    clock,
    random,
    speed,
    stats,
    faults: new FaultInjector(options.faults ?? {}, random, (name) => stats.recordFault(name)),
    jobs: new JobStore(options.jobsFile ? new JobJournal(options.jobsFile) : null),
    media: new MediaStore(dataDir, {
      ...(options.media ? { media: options.media } : {}),
      onRender: (cacheHit) => stats.recordRender(cacheHit),
    }),
    rateLimiter: options.rateLimit ? new RateLimiter(options.rateLimit, clock) : null,
    webhooks: options.webhookUrl
      ? new WebhookSender(
          {
            url: options.webhookUrl,
            secret: requiredSecret(options.webhookSecret),
            ...(options.webhookMaxAttempts ? { maxAttempts: options.webhookMaxAttempts } : {}),
            ...(options.webhookRetryBaseMs !== undefined ? { retryBaseMs: options.webhookRetryBaseMs } : {}),
          },
          {
            clock,
            fetch: fetchImpl,
            speed,
            record: (delivery) => stats.recordWebhook(delivery),
            signal: closing.signal,
          },
        )
      : null,
    apiKey: options.apiKey ?? null,
    resultLifetimeMs: (options.resultLifetimeSeconds ?? 3600) * 1000,
    progressModel: options.progress,
    slowResponseMs: options.slowResponseMs ?? 3000,
    fetch: fetchImpl,
    idempotency: options.idempotency ?? 'provider',
  });
  core.signal.addEventListener('abort', () => closing.abort(core.signal.reason), { once: true });
  return core;
}

/**
 * The emulator as a Hono app, for `app.request()` tests or mounting elsewhere. The shared core
 * is available as `app.core` (stats, jobs, close()).
 *
 * @example
 * const app = createEmulatorApp({ speed: 1000, seed: 1 });
 * const res = await app.request('/v1/videos', { headers: { authorization: 'Bearer k' } });
 */
export function createEmulatorApp(options: EmulatorOptions = {}): EmulatorApp {
  const core = createEmulatorCore(options);
  const app = new Hono();
  app.get('/_emulator/health', (c) => c.json({ ok: true }));
  app.get('/_emulator/stats', (c) => c.json(statsView(core)));
  app.post('/_emulator/reset', (c) => {
    core.reset({ jobs: c.req.query('jobs') === 'true' });
    return c.json({ ok: true });
  });
  for (const face of options.faces ?? defaultFaces) mountFace(app, core, face);
  // Jobs a persisted store brought back end (and announce their end) as if never interrupted.
  core.resumeJobs();
  app.notFound((c) =>
    c.json(
      {
        error: {
          message: `Unknown route ${c.req.method} ${c.req.path}`,
          type: 'invalid_request_error',
          param: null,
          code: 'unknown_url',
        },
      },
      404,
    ),
  );
  app.onError((error, c) => {
    console.error('emulator: unhandled error', error);
    return c.json(
      { error: { message: 'Internal emulator error', type: 'server_error', param: null, code: null } },
      500,
    );
  });
  return Object.assign(app, { core });
}

function mountFace(app: Hono, core: EmulatorCore, face: EmulatorFace): void {
  core.registerFace(face.name, face.deduplicatesStarts ?? false);
  const sub = new Hono();
  sub.use('*', core.requestFaults(face.name));
  face.mount(sub, core);
  app.route(face.prefix, sub);
}

/** What GET /_emulator/stats shows: the counters plus `jobsStored`. */
export type EmulatorStatsView = StatsSnapshot & {
  /** Every job the store holds, deleted ones included (with persisted jobs: across restarts). */
  jobsStored: { total: number; byFace: Record<string, number> };
};

export function statsView(core: EmulatorCore): EmulatorStatsView {
  const byFace: Record<string, number> = {};
  for (const job of core.jobs.all()) byFace[job.face] = (byFace[job.face] ?? 0) + 1;
  return { ...core.stats.snapshot(), jobsStored: { total: core.jobs.size, byFace } };
}

function requiredSecret(secret: string | undefined): string {
  if (!secret) throw new Error('webhookSecret (whsec_...) is required when webhookUrl is set');
  return secret;
}
