/**
 * The lifecycle harness: one emulator with every face and the real engine on PGlite, sharing
 * one FakeClock, with the providers' own bindings (src/providers via `emulatorProviders`).
 * Nothing runs in the background: `settle` drives the worker (`drain`) and moves fake time to
 * the next due check, so a 15-minute deadline passes in milliseconds of real time.
 * A fetch wrapper in front of every provider counts status calls and can rewrite or break
 * answers, per test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate, type ReelgateOverrides } from '../../src/app/reelgate.ts';
import { createRoutedCatalog } from '../../src/core/catalog/routing.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { Generation } from '../../src/core/generation.ts';
import { seededRandom } from '../../src/core/random.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { emulatorProviders } from '../../src/providers/registry.ts';
import { openTestDatabase, type TestDatabase } from '../engine/helpers/databases.ts';
import { settleOnFakeTime } from '../engine/helpers/settle.ts';

export const EMULATOR_KEY = 'lifecycle-test-key-7d2e';
export const ACCOUNT = 'acct_lifecycle';

export interface FaceCase {
  face: string;
  model: string;
  resolution: '480p' | '720p';
  durationSeconds: number;
  /** Is this request a status check of this face (not a create, not a download)? */
  isStatusCall(request: Request): boolean;
  /** Rewrites a status answer's status field to `value`, or returns undefined if it has none. */
  rewriteStatus(body: Record<string, unknown>, value: string): Record<string, unknown> | undefined;
  /** The provider refuses a prompt when it is submitted (no job is made), not as a failed job. */
  refusesPromptAtSubmission?: boolean;
  /** The package validates status answers and throws on an unknown shape (logged as a failed check). */
  strictStatusSchema?: boolean;
  /** The status call names the job in its body, not its URL. */
  jobInBody?: boolean;
}

const path = (request: Request) => new URL(request.url).pathname;

export const faces: FaceCase[] = [
  {
    face: 'openai',
    model: 'openai:sora-2',
    resolution: '720p',
    durationSeconds: 4,
    isStatusCall: (request) => request.method === 'GET' && /^\/v1\/videos\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
  },
  {
    face: 'fal',
    model: 'fal:fal-ai/bytedance/seedance/v1/pro/text-to-video',
    resolution: '480p',
    durationSeconds: 3,
    // The package asks the result URL; reelgate adds the queue's status endpoint.
    isStatusCall: (request) =>
      request.method === 'GET' && /\/requests\/[^/]+(\/status)?$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
  },
  {
    face: 'google',
    model: 'google:veo-3.0-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
    isStatusCall: (request) => request.method === 'GET' && /\/operations\/[^/]+$/.test(path(request)),
    // Long-running operations have no status string: `done` is the field; give it a shape the
    // package does not know.
    rewriteStatus: (body, value) => ({ ...body, done: value }),
  },
  {
    face: 'replicate',
    model: 'replicate:bytedance/seedance-1-pro',
    resolution: '480p',
    durationSeconds: 2,
    isStatusCall: (request) => request.method === 'GET' && /\/v1\/predictions\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
  },
  {
    face: 'xai',
    model: 'xai:grok-imagine-video',
    resolution: '480p',
    durationSeconds: 2,
    isStatusCall: (request) => request.method === 'GET' && /\/v1\/videos\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
  },
  {
    face: 'alibaba',
    model: 'alibaba:wan2.6-t2v',
    resolution: '720p',
    durationSeconds: 5,
    isStatusCall: (request) => request.method === 'GET' && /\/api\/v1\/tasks\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) => {
      const output = body.output as Record<string, unknown> | undefined;
      return output ? { ...body, output: { ...output, task_status: value } } : undefined;
    },
    refusesPromptAtSubmission: true,
  },
  {
    face: 'minimax',
    model: 'minimax:MiniMax-H3',
    resolution: '720p',
    durationSeconds: 4,
    isStatusCall: (request) =>
      request.method === 'GET' && /\/v2\/query\/video_generation\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) => {
      const task = body.task as Record<string, unknown> | undefined;
      return task ? { ...body, task: { ...task, status: value } } : undefined;
    },
  },
  {
    face: 'bytedance',
    model: 'bytedance:seedance-1-0-pro-250528',
    resolution: '480p',
    durationSeconds: 3,
    isStatusCall: (request) =>
      request.method === 'GET' && /\/contents\/generations\/tasks\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
    refusesPromptAtSubmission: true,
  },
  {
    face: 'google-vertex',
    model: 'google-vertex:veo-3.1-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
    isStatusCall: (request) => request.method === 'POST' && /:fetchPredictOperation$/.test(path(request)),
    // Operations have no status string: `done` is the field; give it a shape the package does not know.
    rewriteStatus: (body, value) => ({ ...body, done: value }),
    strictStatusSchema: true,
    jobInBody: true,
  },
  {
    face: 'gateway',
    model: 'gateway:google/veo-3.1-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
    isStatusCall: (request) => request.method === 'POST' && /\/video-model\/status$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
    strictStatusSchema: true,
    jobInBody: true,
  },
  {
    face: 'openrouter',
    model: 'openrouter:google/veo-3.1-fast',
    resolution: '720p',
    durationSeconds: 4,
    isStatusCall: (request) => request.method === 'GET' && /\/api\/v1\/videos\/[^/]+$/.test(path(request)),
    rewriteStatus: (body, value) =>
      typeof body.status === 'string' ? { ...body, status: value } : undefined,
    refusesPromptAtSubmission: true,
  },
];

/** What a test wants done to the provider traffic of prompts containing `tag`. */
export interface TrafficRule {
  /** Status answers to rewrite to an unknown status (counted down). */
  unknownStatus?: { value: string; times: number };
  /** Answer every status call with this HTTP status instead (forever). */
  failStatusWith?: number;
}

/** Counts and rewrites provider traffic, keyed by the provider job a status call names. */
export class ProviderTraffic {
  readonly statusCalls = new Map<string, number>();
  /** Paths of provider cancel calls (fal's `PUT .../cancel`). */
  readonly cancelCalls: string[] = [];
  readonly rules = new Map<string, { face: FaceCase; rule: TrafficRule }>();
  /** Provider job id -> rule key, learned when a rule's job is first seen. */
  readonly #jobs = new Map<string, string>();

  /** Applies `rule` to the generation whose provider job id is `jobId`. */
  watch(jobId: string, face: FaceCase, rule: TrafficRule): void {
    this.rules.set(jobId, { face, rule });
    this.#jobs.set(jobId, jobId);
  }

  callsFor(jobId: string): number {
    let total = 0;
    for (const [url, count] of this.statusCalls) if (url.includes(jobId)) total += count;
    return total;
  }

  fetch(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'PUT' && /\/cancel$/.test(new URL(request.url).pathname)) {
        this.cancelCalls.push(new URL(request.url).pathname);
      }
      const face = faces.find((item) => item.isStatusCall(request));
      if (!face) return inner(input, init);
      // Status calls that name the job in the body (Vertex's fetchPredictOperation) are keyed by both.
      const url = new URL(request.url).pathname + (face.jobInBody ? ` ${await request.clone().text()}` : '');
      this.statusCalls.set(url, (this.statusCalls.get(url) ?? 0) + 1);
      const watched = [...this.rules.entries()].find(([jobId]) => url.includes(jobId));
      if (!watched) return inner(input, init);
      const { rule } = watched[1];
      if (rule.failStatusWith !== undefined) {
        return new Response(JSON.stringify({ error: { message: 'injected failure' } }), {
          status: rule.failStatusWith,
          headers: { 'content-type': 'application/json' },
        });
      }
      const response = await inner(input, init);
      if (!rule.unknownStatus || rule.unknownStatus.times <= 0) return response;
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return new Response(text, { status: response.status, headers: response.headers });
      }
      const rewritten =
        body && typeof body === 'object' && !Array.isArray(body)
          ? watched[1].face.rewriteStatus(body as Record<string, unknown>, rule.unknownStatus.value)
          : undefined;
      if (!rewritten) return new Response(text, { status: response.status, headers: response.headers });
      rule.unknownStatus.times -= 1;
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      // A queued/pending answer with an unknown status reads as an ordinary 200.
      return new Response(JSON.stringify(rewritten), {
        status: response.status >= 400 ? 200 : response.status,
        headers,
      });
    };
  }
}

export interface LifecycleWorld {
  clock: FakeClock;
  emulator: RunningEmulator;
  database: TestDatabase;
  traffic: ProviderTraffic;
  logLines: string[];
  dataDir: string;
  /** Opens (or re-opens, after `close`) reelgate on the shared database and clock. */
  open(overrides?: Partial<ReelgateOverrides>): Promise<Reelgate>;
  close(): Promise<void>;
}

export async function createWorld(options: { resultLifetimeSeconds?: number } = {}): Promise<LifecycleWorld> {
  const clock = new FakeClock(Date.UTC(2026, 10, 1, 9, 0, 0));
  const emulator = await startEmulator({
    port: 0,
    speed: 1,
    seed: 21,
    apiKey: EMULATOR_KEY,
    clock,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    slowResponseMs: 10,
    ...(options.resultLifetimeSeconds !== undefined
      ? { resultLifetimeSeconds: options.resultLifetimeSeconds }
      : {}),
  });
  const database = await openTestDatabase('pglite');
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-lifecycle-'));
  const traffic = new ProviderTraffic();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const registry = emulatorProviders({
    url: emulator.url,
    speed: 1,
    apiKey: EMULATOR_KEY,
    fetch: traffic.fetch(globalThis.fetch),
    now: () => clock.now(),
  });
  let current: Reelgate | undefined;
  return {
    clock,
    emulator,
    database,
    traffic,
    logLines,
    dataDir,
    async open(overrides = {}) {
      current = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
        db: database.db as EngineDb,
        clock,
        random: seededRandom(7),
        logger: pino({ level: 'debug' }, sink),
        providers: [...registry.bindings().values()],
        catalog: createRoutedCatalog({ enabledProviders: registry.names() }),
        startWorker: false,
        ...overrides,
      });
      return current;
    },
    async close() {
      await current?.close();
      await emulator.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Drives the worker on fake time until generation `id` (of the test account) is final. */
export function settle(
  reelgate: Reelgate,
  clock: FakeClock,
  id: string,
  options: { maxRounds?: number; until?: (generation: Generation) => boolean } = {},
): Promise<Generation> {
  return settleOnFakeTime(reelgate, clock, id, { ...options, accountId: ACCOUNT });
}

/** The provider job id of a generation (read from the row). */
export async function providerJobId(reelgate: Reelgate, id: string): Promise<string | null> {
  const result = await reelgate.db.query<{ provider_job_id: string | null }>(
    'SELECT provider_job_id FROM generations WHERE id = $1',
    [id],
  );
  return result.rows[0]?.provider_job_id ?? null;
}

export async function rowOf(reelgate: Reelgate, id: string): Promise<Record<string, unknown>> {
  const result = await reelgate.db.query<Record<string, unknown>>('SELECT * FROM generations WHERE id = $1', [
    id,
  ]);
  return result.rows[0]!;
}
