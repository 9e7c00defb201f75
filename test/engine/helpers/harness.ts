/**
 * An engine wired to a real emulator (fast speed) over loopback, on a test database, with an
 * optional webhook receiver, for end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config/load-config.ts';
import { createReelgate, type Reelgate, type ReelgateOverrides } from '../../../src/app/reelgate.ts';
import type { GenerationEvent } from '../../../src/core/generation.ts';
import { type FaultRates, type RunningEmulator, startEmulator } from '../../../src/emulator/index.ts';
import { createOpenAICompatible } from '../../../src/providers/openai-compatible/index.ts';
import type { EnginePolicy } from '../../../src/worker/engine-deps.ts';
import { openaiCompatibleBinding } from '../../../src/providers/openai-compatible/openai-compatible-binding.ts';
import { type DbKind, openTestDatabase, type TestDatabase } from './databases.ts';

export interface Harness {
  reelgate: Reelgate;
  emulator: RunningEmulator;
  database: TestDatabase;
  dataDir: string;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** Bearer key of the emulator. */
  apiKey: string;
  /** Resolves with the generation's final event. */
  finished(generationId: string, timeoutMs?: number): Promise<GenerationEvent>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  db: DbKind;
  webhooks?: boolean;
  speed?: number;
  seed?: number;
  policy?: Partial<EnginePolicy>;
  overrides?: ReelgateOverrides;
  emulatorFaults?: Partial<FaultRates>;
}

const finalTypes = [
  'generation:completed',
  'generation:failed',
  'generation:canceled',
  'generation:expired',
] as const;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rg-engine-'));
  const database = await openTestDatabase(options.db);
  const apiKey = `emu_${randomBytes(6).toString('hex')}`;
  const webhookSecret = options.webhooks ? `whsec_${randomBytes(24).toString('base64')}` : undefined;

  // The webhook receiver is a real HTTP server; it forwards to the engine once it exists.
  let receiver: ReturnType<typeof serve> | undefined;
  let webhookUrl: string | undefined;
  let handle: ((provider: string, headers: Headers, body: string) => Promise<{ status: number }>) | undefined;
  if (options.webhooks) {
    const app = new Hono();
    app.post('/webhooks/providers/:provider', async (c) => {
      if (!handle) return c.body(null, 503);
      const result = await handle(c.req.param('provider'), c.req.raw.headers, await c.req.text());
      return c.body(null, result.status as 200);
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
    });
    receiver = server;
    webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/providers/openai`;
  }
  const speed = options.speed ?? 1000;
  const emulator = await startEmulator({
    port: 0,
    speed,
    seed: options.seed ?? 7,
    apiKey,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    webhookRetryBaseMs: 200,
    slowResponseMs: 300,
    // These tests exercise the re-send path: a provider that deduplicates by Idempotency-Key.
    idempotency: 'on',
    ...(options.emulatorFaults ? { faults: options.emulatorFaults } : {}),
    ...(webhookUrl && webhookSecret ? { webhookUrl, webhookSecret } : {}),
  });
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const provider = createOpenAICompatible({ apiKey, baseURL: `${emulator.url}/v1`, webhookSecret });
  const config = loadConfig({ REELGATE_DATA_DIR: dataDir });
  const reelgate = await createReelgate(config, {
    db: database.db,
    logger,
    providers: [
      openaiCompatibleBinding(provider, {
        emulated: true,
        timeScale: speed,
        apiKey,
        deduplicatesStarts: true,
      }),
    ],
    policy: {
      deadline: { factor: 4, minMs: 0, floorRealMs: 3_000 },
      ...options.policy,
    },
    ...options.overrides,
  });
  handle = (name, headers, body) => reelgate.providerWebhooks.handle(name, headers, body);

  return {
    reelgate,
    emulator,
    database,
    dataDir,
    webhookUrl,
    webhookSecret,
    apiKey,
    async finished(generationId, timeoutMs = 20_000) {
      const waiting = reelgate.events.next(
        { generationId, types: finalTypes },
        AbortSignal.timeout(timeoutMs),
      );
      const current = await reelgate.db.query<{ state: string }>(
        'SELECT state FROM generations WHERE id = $1',
        [generationId],
      );
      const state = current.rows[0]?.state;
      if (state && ['completed', 'failed', 'canceled', 'expired'].includes(state)) {
        waiting.catch(() => {});
        const generation = await reelgate.service.get(
          (
            await reelgate.db.query<{ account_id: string }>(
              'SELECT account_id FROM generations WHERE id = $1',
              [generationId],
            )
          ).rows[0]!.account_id,
          generationId,
        );
        return {
          type: `generation:${state}` as GenerationEvent['type'],
          generation: generation!,
          at: Date.now(),
        };
      }
      return waiting;
    },
    async close() {
      await reelgate.close();
      await emulator.close();
      if (receiver) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
