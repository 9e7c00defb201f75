/**
 * Shared set-up of the every-face crash tests: an emulator with every provider face (each
 * deduplicating as its provider documents), a fresh PostgreSQL database, an API-side reelgate
 * bound to every face (no worker: child worker processes run the steps), and the environment of
 * those child workers (test/engine/fixtures/engine-worker.ts with EMULATOR_ALL_FACES=1).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createReelgate, type Reelgate } from '../../../src/app/reelgate.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { createRoutedCatalog } from '../../../src/core/catalog/routing.ts';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.ts';
import { emulatorProviders } from '../../../src/providers/registry.ts';
import { createPostgresDatabase } from './databases.ts';

/** One model per face, each able to make a 4 s video. */
export const faceModels: Record<string, string> = {
  openai: 'openai:sora-2',
  fal: 'fal:fal-ai/bytedance/seedance/v1/pro/text-to-video',
  google: 'google:veo-3.0-fast-generate-001',
  replicate: 'replicate:bytedance/seedance-1-pro',
  xai: 'xai:grok-imagine-video',
  alibaba: 'alibaba:wan2.6-t2v',
  minimax: 'minimax:MiniMax-H3',
  bytedance: 'bytedance:seedance-1-0-pro-250528',
  'google-vertex': 'google-vertex:veo-3.1-fast-generate-001',
  gateway: 'gateway:google/veo-3.1-fast-generate-001',
  openrouter: 'openrouter:google/veo-3.1-fast',
};

export interface EveryFaceWorld {
  emulator: RunningEmulator;
  api: Reelgate;
  /** Environment of a child worker bound to every face of this emulator. */
  workerEnv(workerId: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startEveryFaceWorld(options: {
  speed: number;
  seed: number;
  slowResponseMs?: number;
}): Promise<EveryFaceWorld> {
  // A key of this run's own: the emulator checks it on every face.
  const apiKey = `emu_${randomBytes(6).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-every-face-'));
  const database = await createPostgresDatabase();
  const emulator = await startEmulator({
    port: 0,
    speed: options.speed,
    seed: options.seed,
    apiKey,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    ...(options.slowResponseMs !== undefined ? { slowResponseMs: options.slowResponseMs } : {}),
  });
  const registry = emulatorProviders({ url: emulator.url, speed: options.speed, apiKey });
  const api = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir, DATABASE_URL: database.url }), {
    logger: pino({ level: 'silent' }),
    providers: [...registry.bindings().values()],
    catalog: createRoutedCatalog({ enabledProviders: registry.names() }),
    startWorker: false,
    // Deadlines far beyond the test (a loaded machine must not turn this into timeouts).
    policy: { deadline: { factor: 4, minMs: 0, floorRealMs: 600_000 } },
  });
  return {
    emulator,
    api,
    workerEnv: (workerId) => ({
      DATABASE_URL: database.url,
      REELGATE_DATA_DIR: dataDir,
      REELGATE_WORKER_ID: workerId,
      // Every face's start in flight at once.
      REELGATE_WORKER_CONCURRENCY: '16',
      EMULATOR_URL: emulator.url,
      EMULATOR_KEY: apiKey,
      EMULATOR_SPEED: String(options.speed),
      EMULATOR_ALL_FACES: '1',
      EMULATOR_IDEMPOTENCY: 'provider',
    }),
    async close() {
      await api.close();
      await emulator.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` every few milliseconds until it holds; throws naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** True once every generation is completed or failed. */
export async function allFinal(api: Reelgate, account: string, ids: Iterable<string>): Promise<boolean> {
  for (const id of ids) {
    const generation = await api.service.get(account, id);
    if (!generation || !['completed', 'failed'].includes(generation.status)) return false;
  }
  return true;
}
