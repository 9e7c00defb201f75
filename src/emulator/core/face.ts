import type { Hono } from 'hono';
import type { EmulatorCore } from './core.ts';

/**
 * One provider's wire protocol, served under its own path prefix. The emulator gives each face
 * a fresh Hono sub-app (mounted at `prefix`, with the core's request counting and random
 * faults already applied); the face adds its routes and its own `onError` envelope, and uses
 * the shared core for jobs, timing, media, faults, content policy, webhooks and stats.
 *
 * @example
 * export const myFace: EmulatorFace = {
 *   name: 'acme',
 *   prefix: '/acme',
 *   mount(app, core) {
 *     app.post('/jobs', async (c) => {
 *       const job = core.createJob({ face: 'acme', model: 'm', prompt: 'p', width: 1280, height: 720, seconds: 4 });
 *       return c.json({ id: job.id });
 *     });
 *   },
 * };
 */
export interface EmulatorFace {
  /** Short name; jobs and stats are keyed by it. */
  name: string;
  /** Path prefix, e.g. "/v1" or "/fal". */
  prefix: string;
  /**
   * True when the real API documents that a re-sent create with the same idempotency key
   * returns the first job (default false: a re-sent create makes a second job). The emulator's
   * `idempotency` option can force every face either way.
   */
  deduplicatesStarts?: boolean;
  mount(app: Hono, core: EmulatorCore): void;
}
