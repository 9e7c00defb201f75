/**
 * Starts whose outcome is unknown, per face, through the engine: the provider made the job but
 * answered 500 (`[[fault:http500-after-create]]`), or reset the connection after the request
 * was sent (`[[fault:reset-after-create]]`). With each face as the real provider is (only the
 * Vercel AI Gateway deduplicates): providers that offer a lookup get their one job adopted and
 * the video stored; those that offer none end `start_unconfirmed` with nothing re-sent. With
 * every face forced to deduplicate, the start is re-sent with its key and completes. In every
 * case the provider made exactly one job per generation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createRoutedCatalog } from '../../src/core/catalog/routing.ts';
import type { Generation } from '../../src/core/generation.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { emulatorProviders } from '../../src/providers/registry.ts';
import { openTestDatabase, type TestDatabase } from '../engine/helpers/databases.ts';
import { SPEED } from './helpers.ts';

const KEY = 'ambiguous-start-key';
const ACCOUNT = 'acct_ambiguous';

const faces: { provider: string; model: string; resolution: '480p' | '720p'; durationSeconds: number }[] = [
  { provider: 'openai', model: 'openai:sora-2', resolution: '720p', durationSeconds: 4 },
  {
    provider: 'fal',
    model: 'fal:fal-ai/bytedance/seedance/v1/pro/text-to-video',
    resolution: '480p',
    durationSeconds: 3,
  },
  { provider: 'google', model: 'google:veo-3.0-fast-generate-001', resolution: '720p', durationSeconds: 4 },
  {
    provider: 'replicate',
    model: 'replicate:bytedance/seedance-1-pro',
    resolution: '480p',
    durationSeconds: 2,
  },
  { provider: 'xai', model: 'xai:grok-imagine-video', resolution: '480p', durationSeconds: 2 },
  { provider: 'alibaba', model: 'alibaba:wan2.6-t2v', resolution: '720p', durationSeconds: 5 },
  { provider: 'minimax', model: 'minimax:MiniMax-H3', resolution: '720p', durationSeconds: 4 },
  {
    provider: 'bytedance',
    model: 'bytedance:seedance-1-0-pro-250528',
    resolution: '480p',
    durationSeconds: 3,
  },
  {
    provider: 'google-vertex',
    model: 'google-vertex:veo-3.1-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
  },
  {
    provider: 'gateway',
    model: 'gateway:google/veo-3.1-fast-generate-001',
    resolution: '720p',
    durationSeconds: 4,
  },
  { provider: 'openrouter', model: 'openrouter:google/veo-3.1-fast', resolution: '720p', durationSeconds: 4 },
];

const faults = ['http500-after-create', 'reset-after-create'] as const;

describe.each(['provider', 'on'] as const)('deduplication %s', (idempotency) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let reelgate: Reelgate;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rg-ambiguous-'));
    emulator = await startEmulator({
      port: 0,
      speed: SPEED,
      seed: 17,
      apiKey: KEY,
      dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
      idempotency,
    });
    database = await openTestDatabase('pglite');
    const registry = emulatorProviders({ url: emulator.url, speed: SPEED, apiKey: KEY, idempotency });
    reelgate = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir }), {
      db: database.db,
      logger: pino({ level: 'silent' }),
      providers: [...registry.bindings().values()],
      catalog: createRoutedCatalog({ enabledProviders: registry.names() }),
      policy: { deadline: { factor: 4, minMs: 0, floorRealMs: 20_000 } },
    });
  }, 60_000);

  afterAll(async () => {
    await reelgate?.close();
    await emulator?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function settled(id: string): Promise<Generation> {
    for (;;) {
      const generation = (await reelgate.service.get(ACCOUNT, id))!;
      if (['completed', 'failed', 'canceled', 'expired'].includes(generation.status)) return generation;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it.each(faces)(
    '$provider: one job per generation, adopted, re-sent or start_unconfirmed',
    async (face) => {
      const binding = reelgate.providers.get(face.provider)!;
      const before = emulator.stats().jobsCreated.byFace[face.provider] ?? 0;
      const created = await Promise.all(
        faults.map((fault) =>
          reelgate.service.create(ACCOUNT, {
            prompt: `a harbour at dawn [[fault:${fault}]] (${face.provider} ${idempotency})`,
            model: face.model,
            resolution: face.resolution,
            durationSeconds: face.durationSeconds,
            surface: 'generations',
          }),
        ),
      );
      const generations = await Promise.all(created.map((generation) => settled(generation.id)));
      // The provider made one job per generation: the unconfirmed start was never re-sent as a new job.
      expect((emulator.stats().jobsCreated.byFace[face.provider] ?? 0) - before).toBe(generations.length);
      for (const generation of generations) {
        const detail = `${generation.id}: ${JSON.stringify(generation.error)}`;
        if (binding.deduplicatesStarts) {
          expect(generation.status, detail).toBe('completed');
        } else if (binding.findLostJobs) {
          expect(generation.status, detail).toBe('completed');
          expect(generation.warnings.join(' ')).toMatch(/found at the provider .* adopted/);
        } else {
          // No way to find the job again: nothing re-sent, and the error says a job may exist.
          expect(generation.status, detail).toBe('failed');
          expect(generation.error?.code).toBe('start_unconfirmed');
          expect(generation.error?.hint).toMatch(/job may exist/);
        }
      }
    },
    60_000,
  );
});
