/**
 * Crash tests: the worker runs as a child process and SIGKILLs itself at each step of a
 * generation (start about to be sent, start sent but not recorded, status checked but not
 * recorded, mid-download, copy stored but row not updated). After a restart every generation
 * completes, the emulator saw exactly one job per idempotency key, and no partial file is ever
 * served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createOpenAICompatible } from '../../src/providers/openai-compatible/index.ts';
import type { StepPoint } from '../../src/worker/hooks.ts';
import { openaiCompatibleBinding } from '../../src/providers/openai-compatible/openai-compatible-binding.ts';
import { spawnWorker } from './helpers/child-worker.ts';
import { createPostgresDatabase } from './helpers/databases.ts';

const speed = 1000;
let emulator: RunningEmulator;
let api: Reelgate;
let database: { url: string; drop(): Promise<void> };
let dataDir: string;
const apiKey = `emu_${randomBytes(6).toString('hex')}`;
const account = 'acct_crash';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-crash-'));
  database = await createPostgresDatabase();
  emulator = await startEmulator({
    port: 0,
    speed,
    seed: 3,
    apiKey,
    dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
    // These tests exercise the re-send path: a provider that deduplicates by Idempotency-Key.
    idempotency: 'on',
  });
  const provider = createOpenAICompatible({ apiKey, baseURL: `${emulator.url}/v1` });
  // The "API" side: creates generations and reads them; runs no worker.
  api = await createReelgate(loadConfig({ REELGATE_DATA_DIR: dataDir, DATABASE_URL: database.url }), {
    logger: pino({ level: 'silent' }),
    providers: [
      openaiCompatibleBinding(provider, {
        emulated: true,
        timeScale: speed,
        apiKey,
        deduplicatesStarts: true,
      }),
    ],
    startWorker: false,
  });
});

afterAll(async () => {
  await api?.close();
  await emulator?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function workerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    REELGATE_DATA_DIR: dataDir,
    REELGATE_WORKER_ID: 'crash-worker',
    EMULATOR_URL: emulator.url,
    EMULATOR_KEY: apiKey,
    EMULATOR_SPEED: String(speed),
    ...extra,
  };
}

async function waitForFinal(ids: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await api.db.query<{ state: string }>(
      "SELECT state FROM generations WHERE id = ANY($1::text[]) AND state IN ('completed', 'failed', 'canceled', 'expired')",
      [ids],
    );
    if (result.rowCount === ids.length) return;
    if (Date.now() > deadline)
      throw new Error(`generations not final in time (${result.rowCount}/${ids.length})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sha256(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

const points: StepPoint[] = [
  'start:before-send',
  'start:sent',
  'status:checked',
  'download:partial',
  'download:stored',
];

describe('a worker killed with SIGKILL at each step', () => {
  test.each(points)('crash at %s: restart completes every generation, one job per key', async (point) => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await api.service.create(account, { prompt: `crash ${point} clip ${i}`, surface: 'generations' }))
          .id,
      );
    }
    const first = spawnWorker(workerEnv({ CRASH_AT: point }));
    const ended = await first.exited;
    expect(ended.signal).toBe('SIGKILL');
    expect(first.output()).toContain(`crash ${point}`);

    if (point === 'download:partial') {
      // The half-written copy exists only under a temporary name.
      const crashed = first.output().match(/crash download:partial (\S+)/)?.[1];
      const files = await readdir(join(dataDir, 'files', 'generations', crashed!));
      expect(files.some((name) => name.startsWith('video.mp4.tmp-'))).toBe(true);
      expect(files).not.toContain('video.mp4');
    }
    // While the worker is dead nothing half-done is served.
    for (const id of ids) {
      const generation = await api.service.get(account, id);
      if (generation?.status !== 'completed') {
        expect(generation?.video).toBeNull();
        await expect(api.service.openFile(account, id, 'video')).rejects.toMatchObject({ code: 'conflict' });
      }
    }

    const second = spawnWorker(workerEnv());
    try {
      await second.ready;
      await waitForFinal(ids);
    } finally {
      await second.stop();
    }
    const stats = emulator.stats().createCalls.byIdempotencyKey;
    if (point === 'start:sent') {
      // The start was sent but never recorded: the restart re-sent it with the same key and
      // got the same job back.
      const crashed = first.output().match(/crash start:sent (\S+)/)?.[1];
      expect(stats[`rg-${crashed}`]).toMatchObject({ calls: 2, jobs: 1 });
    }
    for (const id of ids) {
      const generation = await api.service.get(account, id);
      expect(generation?.status, `${id}: ${JSON.stringify(generation?.error)}`).toBe('completed');
      expect(stats[`rg-${id}`]?.jobs).toBe(1);
      const stored = await api.service.openFile(account, id, 'video');
      expect(await sha256(stored.body)).toBe(generation?.video?.sha256);
      // No temporary copies left visible next to the stored file.
      const files = await readdir(join(dataDir, 'files', 'generations', id));
      expect(files.filter((name) => name.startsWith('video') && !name.includes('.tmp-'))).toEqual(
        expect.arrayContaining(['video.mp4']),
      );
    }
  });
});

describe('the same crashes against a provider that does not deduplicate starts', () => {
  let plain: RunningEmulator;
  beforeAll(async () => {
    plain = await startEmulator({
      port: 0,
      speed,
      seed: 4,
      apiKey,
      dataDir: join(tmpdir(), 'reelgate-emulator-test-cache'),
      idempotency: 'off',
    });
  });
  afterAll(async () => {
    await plain?.close();
  });

  test.each(points)(
    'crash at %s: one job per generation, adopted or start_unconfirmed, never re-sent',
    async (point) => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(
          (
            await api.service.create(account, {
              prompt: `nodedup ${point} clip ${i}`,
              surface: 'generations',
            })
          ).id,
        );
      }
      const env = { EMULATOR_URL: plain.url, EMULATOR_IDEMPOTENCY: 'off' };
      const first = spawnWorker(workerEnv({ ...env, CRASH_AT: point }));
      expect((await first.exited).signal).toBe('SIGKILL');
      const crashed = first.output().match(new RegExp(`crash ${point} (\\S+)`))?.[1];
      const second = spawnWorker(workerEnv(env));
      try {
        await second.ready;
        await waitForFinal(ids);
      } finally {
        await second.stop();
      }
      const stats = plain.stats().createCalls.byIdempotencyKey;
      for (const id of ids) {
        const generation = await api.service.get(account, id);
        const made = stats[`rg-${id}`];
        if ((made?.jobs ?? 0) === 0) {
          // Never sent: the process died between marking its start sent and sending it (the
          // crashed generation at start:before-send, or another one caught mid-way by the kill at
          // any point). Nothing is found, so the policy (fail) ends it without re-sending.
          if (id === crashed) expect(point).toBe('start:before-send');
          expect(['start_unconfirmed', 'timed_out']).toContain(generation?.error?.code);
          continue;
        }
        // The provider made the job: exactly one, adopted or recorded, and the video is stored.
        expect(generation?.status, `${id}: ${JSON.stringify(generation?.error)}`).toBe('completed');
        expect(made).toMatchObject({ calls: 1, jobs: 1 });
      }
      if (point === 'start:sent') {
        // The start that was sent but not recorded was found and adopted, not re-sent.
        expect((await api.service.get(account, crashed!))?.status).toBe('completed');
      }
    },
    150_000,
  );
});
