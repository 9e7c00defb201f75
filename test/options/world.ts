/**
 * A small world for request-option and fallback tests: one emulator with every face and the
 * real engine on PGlite on one FakeClock, the HTTP app over it (requests through
 * `app.request()`), and a fetch in front of every provider that records each create request
 * as the face received it and can answer a create in the face's place (an outage before any
 * job exists).
 */
import { databaseIdempotencyStore } from '../../src/app/idempotency-store.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate, type ReelgateOverrides } from '../../src/app/reelgate.ts';
import { setUpAuth } from '../../src/auth/setup.ts';
import { createRoutedCatalog } from '../../src/core/catalog/routing.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { Generation } from '../../src/core/generation.ts';
import { seededRandom } from '../../src/core/random.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { emulatorProviders } from '../../src/providers/registry.ts';
import { openTestDatabase, type TestDatabase } from '../engine/helpers/databases.ts';
import { settleOnFakeTime } from '../engine/helpers/settle.ts';

export const EMULATOR_KEY = 'options-test-key-41c9';
export const API_KEY = 'sk-options-test-account';

export interface ReceivedCreate {
  face: string;
  path: string;
  body: Record<string, unknown>;
}

/** Which face a provider request goes to (the emulator mounts each under its own prefix). */
function faceOf(url: URL): string {
  const first = url.pathname.split('/')[1] ?? '';
  return ['fal', 'google', 'replicate', 'xai'].includes(first) ? first : 'openai';
}

function isCreate(request: Request, url: URL): boolean {
  if (request.method !== 'POST') return false;
  const path = url.pathname;
  if (/\/cancel$/.test(path) || /\/remix$/.test(path)) return false;
  return (
    /:predictLongRunning$/.test(path) ||
    /\/predictions$/.test(path) ||
    /\/v1\/videos(\/generations)?$/.test(path) ||
    /^\/fal\//.test(path)
  );
}

/** A canned answer for the next creates at one face, before any job exists. */
export type CreateFailure =
  | { status: number; body: unknown; headers?: Record<string, string> }
  /** The request never reaches the face (e.g. connection refused). */
  | { error: Error };

export class CreateTraffic {
  readonly received: ReceivedCreate[] = [];
  /** Face -> answers to give instead of the face (one per create, in order). */
  readonly failures = new Map<string, CreateFailure[]>();

  failNext(face: string, failure: CreateFailure, times = 1): void {
    const queue = this.failures.get(face) ?? [];
    for (let index = 0; index < times; index++) queue.push(failure);
    this.failures.set(face, queue);
  }

  /** Face -> emulator faults (`X-Emulator-Fault`) for its next creates, which do reach it. */
  readonly faults = new Map<string, string[]>();

  faultNext(face: string, fault: string): void {
    this.faults.set(face, [...(this.faults.get(face) ?? []), fault]);
  }

  receivedBy(face: string): ReceivedCreate[] {
    return this.received.filter((item) => item.face === face);
  }

  fetch(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (!isCreate(request, url)) return inner(input, init);
      const face = faceOf(url);
      const body = await bodyOf(request.clone());
      const failure = this.failures.get(face)?.shift();
      if (failure && 'error' in failure) throw failure.error;
      if (failure) {
        return new Response(JSON.stringify(failure.body), {
          status: failure.status,
          headers: { 'content-type': 'application/json', ...(failure.headers ?? {}) },
        });
      }
      this.received.push({ face, path: url.pathname, body });
      const fault = this.faults.get(face)?.shift();
      if (fault) {
        const headers = new Headers(request.headers);
        headers.set('x-emulator-fault', fault);
        return inner(new Request(request, { headers }));
      }
      return inner(request);
    };
  }
}

/** A create body as fields: JSON as it is, multipart form fields as text (files as their name). */
async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await request.formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form) fields[name] = typeof value === 'string' ? value : `file:${value.name}`;
    return fields;
  }
  const text = await request.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text };
  }
}

export interface OptionsWorld {
  clock: FakeClock;
  emulator: RunningEmulator;
  database: TestDatabase;
  traffic: CreateTraffic;
  reelgate: Reelgate;
  app: ReturnType<typeof createHttpApp>;
  request(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  settle(id: string): Promise<Generation>;
  close(): Promise<void>;
}

export async function createOptionsWorld(
  overrides: Partial<ReelgateOverrides> & { env?: Record<string, string> } = {},
): Promise<OptionsWorld> {
  const clock = new FakeClock(Date.UTC(2026, 10, 2, 9, 0, 0));
  const emulator = await startEmulator({
    port: 0,
    speed: 1,
    seed: 5,
    apiKey: EMULATOR_KEY,
    clock,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    slowResponseMs: 10,
  });
  const database = await openTestDatabase('pglite');
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-options-'));
  const traffic = new CreateTraffic();
  const registry = emulatorProviders({
    url: emulator.url,
    speed: 1,
    apiKey: EMULATOR_KEY,
    fetch: traffic.fetch(globalThis.fetch),
    now: () => clock.now(),
  });
  const { env, ...rest } = overrides;
  const config = loadConfig({ REELGATE_DATA_DIR: dataDir, ...(env ?? {}) });
  const reelgate = await createReelgate(config, {
    db: database.db as EngineDb,
    clock,
    random: seededRandom(11),
    logger: pino({ level: 'silent' }),
    providers: [...registry.bindings().values()],
    catalog: createRoutedCatalog({ enabledProviders: registry.names() }),
    startWorker: false,
    ...rest,
  });
  const { accounts } = await setUpAuth({ db: reelgate.db, clock, env: { REELGATE_API_KEYS: API_KEY } });
  const app = createHttpApp({
    service: reelgate.service,
    planning: reelgate.service.planning,
    idempotency: databaseIdempotencyStore(reelgate.db),
    accounts,
    config: { signingSecret: 'options-test-secret-0123456789abcdef', emulated: false },
    providerWebhooks: reelgate.providerWebhooks,
    assets: reelgate.service.assets,
    defaultModels: { db: reelgate.db, catalog: reelgate.catalog, chains: config.routing.modelChains },
  });
  return {
    clock,
    emulator,
    database,
    traffic,
    reelgate,
    app,
    async request(path, init = {}) {
      return await app.request(path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    },
    settle: (id) => settleOnFakeTime(reelgate, clock, id),
    async close() {
      await reelgate.close();
      await emulator.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
