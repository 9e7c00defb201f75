/**
 * A small world for asset tests: one emulator with every face and the real engine on PGlite on
 * one FakeClock, the HTTP app (with `/v1/assets`) over it, requests through `app.request()`,
 * and two accounts (`API_KEY`, `OTHER_KEY`) to check that assets stay in their account.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { setUpAuth } from '../../src/auth/setup.ts';
import { loadConfig } from '../../src/config/load-config.ts';
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

export const EMULATOR_KEY = 'assets-test-key-7d21';
export const API_KEY = 'sk-assets-test-account';
export const OTHER_KEY = 'sk-assets-other-account';

export interface AssetsWorld {
  clock: FakeClock;
  emulator: RunningEmulator;
  reelgate: Reelgate;
  app: ReturnType<typeof createHttpApp>;
  /** JSON (or a FormData body) with `API_KEY` unless `key` says otherwise. */
  request(
    path: string,
    init?: { method?: string; body?: unknown; form?: FormData; key?: string },
  ): Promise<Response>;
  settle(id: string): Promise<Generation>;
  close(): Promise<void>;
}

export async function createAssetsWorld(): Promise<AssetsWorld> {
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
  const database: TestDatabase = await openTestDatabase('pglite');
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-assets-'));
  const registry = emulatorProviders({
    url: emulator.url,
    speed: 1,
    apiKey: EMULATOR_KEY,
    now: () => clock.now(),
  });
  const config = loadConfig({ REELGATE_DATA_DIR: dataDir });
  const reelgate = await createReelgate(config, {
    db: database.db as EngineDb,
    clock,
    random: seededRandom(11),
    logger: pino({ level: 'silent' }),
    providers: [...registry.bindings().values()],
    catalog: createRoutedCatalog({ enabledProviders: registry.names() }),
    startWorker: false,
    // Asset URLs resolve to a public address in tests (no real DNS lookups).
    resolve: async (host) => (host === 'images.example.com' ? ['93.184.216.34'] : ['127.0.0.1']),
    fetch: async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname === 'images.example.com') return imageServer(url);
      return globalThis.fetch(input);
    },
  });
  const { accounts } = await setUpAuth({
    db: reelgate.db,
    clock,
    env: { REELGATE_API_KEYS: `${API_KEY},${OTHER_KEY}` },
  });
  const app = createHttpApp({
    service: reelgate.service,
    planning: reelgate.service.planning,
    assets: reelgate.service.assets,
    models: { catalog: reelgate.catalog, enabledProviders: () => new Set(reelgate.providers.keys()) },
    accounts,
    config: { signingSecret: 'assets-test-secret-0123456789abcdef', emulated: false },
  });
  return {
    clock,
    emulator,
    reelgate,
    app,
    async request(path, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${init.key ?? API_KEY}` };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return await app.request(path, {
        method: init.method ?? (init.body === undefined && !init.form ? 'GET' : 'POST'),
        headers,
        ...(init.form
          ? { body: init.form }
          : init.body === undefined
            ? {}
            : { body: JSON.stringify(init.body) }),
      });
    },
    settle: (id) => settleOnFakeTime(reelgate, clock, id, { maxRounds: 600 }),
    async close() {
      await reelgate.close();
      await emulator.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** What `https://images.example.com/...` serves: `/mira.png` a PNG, anything else a 404. */
let servedImage: Uint8Array | undefined;
export function serveImage(bytes: Uint8Array): void {
  servedImage = bytes;
}

function imageServer(url: URL): Response {
  if (url.pathname === '/mira.png' && servedImage) {
    return new Response(Buffer.from(servedImage), { headers: { 'content-type': 'image/png' } });
  }
  return new Response('not found', { status: 404 });
}
