/**
 * Provider rate limits are shared through PostgreSQL: many limiter instances (one per worker,
 * each with its own connection pool) hand out exactly the configured slots between them, and
 * three worker processes against one provider stay within one limit together (throttled
 * generations are deferred, and all of them still complete).
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate } from '../../src/app/reelgate.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { seededRandom } from '../../src/core/random.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { openDatabase } from '../../src/db/open.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { providerRateLimits as providerRateLimitsFromEnv } from '../../src/config/patterns.ts';
import { ProviderRateLimiter } from '../../src/worker/provider-rate-limit.ts';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { type RecordingProxy, peakInWindow, startRecordingProxy } from './support/recording-proxy.ts';
import { type ServeProcess, startServe } from './support/processes.ts';
import { tempDir } from './support/temp.ts';

let database: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  database = await createPostgresDatabase();
});

afterAll(async () => {
  await database?.drop();
});

test('REELGATE_PROVIDER_RATE_LIMIT_<PROVIDER> is read per provider', () => {
  expect(
    providerRateLimitsFromEnv({
      REELGATE_PROVIDER_RATE_LIMIT_OPENAI: '60',
      REELGATE_PROVIDER_RATE_LIMIT_MY_COMPAT: '0',
      REELGATE_PROVIDER_RATE_LIMIT_DEFAULT: '300',
      OTHER: '1',
    }),
  ).toEqual({ openai: 60, 'my-compat': 0, default: 300 });
  expect(() => providerRateLimitsFromEnv({ REELGATE_PROVIDER_RATE_LIMIT_FAL: 'fast' })).toThrow(/FAL/);
});

describe('limiters on separate connections', () => {
  const pools: EngineDb[] = [];
  afterAll(async () => {
    for (const pool of pools) await pool.close();
  });

  test('ten limiters hand out one limit between them, on fake time', async () => {
    const clock = new FakeClock(1_000_000);
    for (let i = 0; i < 10; i++) pools.push(await openDatabase({ databaseUrl: database.url }));
    const limiters = pools.map(
      (db, i) => new ProviderRateLimiter({ db, clock, random: seededRandom(i), limits: { fal: 120 } }),
    );
    const provider = { name: 'fal', emulated: false };
    // 120 per minute: one slot per 500 ms, a burst of two.
    const round = async () => {
      const decisions = await Promise.all(
        limiters.flatMap((limiter) => Array.from({ length: 5 }, () => limiter.acquire(provider))),
      );
      return decisions;
    };
    let decisions = await round();
    expect(decisions.filter((d) => d.granted)).toHaveLength(2);
    for (const decision of decisions) {
      if (!decision.granted) {
        expect(decision.retryInMs).toBeGreaterThan(0);
        expect(decision.retryInMs).toBeLessThanOrEqual(1_000 + 500);
      }
    }
    await clock.advance(500);
    decisions = await round();
    expect(decisions.filter((d) => d.granted)).toHaveLength(1);
    await clock.advance(10_000);
    decisions = await round();
    // Idle time refills the burst, never more.
    expect(decisions.filter((d) => d.granted)).toHaveLength(2);
    // Other providers and emulated ones without a configured limit are not held back.
    const other = await Promise.all(
      limiters.map((limiter) => limiter.acquire({ name: 'openai', emulated: true })),
    );
    expect(other.every((d) => d.granted)).toBe(true);
  });
});

describe('three worker processes against one provider', () => {
  const speed = 1000;
  const perMinute = 1200; // 20 requests per second, burst 20
  let emulator: RunningEmulator;
  let proxy: RecordingProxy;
  let workers: ServeProcess[] = [];
  let dir: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, speed, seed: 11 });
    proxy = await startRecordingProxy(emulator.url);
    dir = await tempDir('rg-rate-');
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await proxy?.close();
    await emulator?.close();
    await dir?.remove();
  });

  test('together they stay within the shared limit and every generation completes', async () => {
    const env = {
      DATABASE_URL: database.url,
      OPENAI_API_KEY: 'emulator-key',
      OPENAI_BASE_URL: `${proxy.url}/v1`,
      REELGATE_EMULATOR_SPEED: String(speed),
      REELGATE_PROVIDER_RATE_LIMIT_OPENAI: String(perMinute),
      REELGATE_DATA_DIR: dir.path,
    };
    const api = await createReelgate(loadConfig({ ...env, REELGATE_ROLE: 'api' }), {
      logger: pino({ level: 'silent' }),
      startWorker: false,
      webhooks: false,
    });
    try {
      workers = await Promise.all(
        ['a', 'b', 'c'].map((name) =>
          startServe('worker', {
            ...env,
            REELGATE_WORKER_ID: `rate-${name}-${randomBytes(3).toString('hex')}`,
          }),
        ),
      );
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) {
        ids.push(
          (await api.service.create('acct_rate', { prompt: 'one shared clip', surface: 'videos' })).id,
        );
      }
      const deadline = Date.now() + 90_000;
      for (;;) {
        const done = await api.db.query(
          "SELECT count(*)::int AS n FROM generations WHERE state IN ('completed', 'failed')",
        );
        if (Number(done.rows[0]!.n) === ids.length) break;
        if (Date.now() > deadline) throw new Error('generations did not finish');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const states = await api.db.query<{ state: string }>('SELECT DISTINCT state FROM generations');
      expect(states.rows.map((row) => row.state)).toEqual(['completed']);
    } finally {
      await api.close();
    }
    // GCRA: at most rate x window + burst slots taken in any window, whatever the number of
    // workers. A request reaches the proxy some time after its slot was taken (three processes
    // on two busy cores: up to a few hundred ms), so slots from a window widened by that delay
    // can arrive within one second. Without the limiter the calls arrive all but at once (~100).
    const arrivalDelaySeconds = 0.5;
    const peak = peakInWindow(proxy.arrivals, 1_000);
    expect(peak).toBeLessThanOrEqual(Math.ceil(20 * (1 + arrivalDelaySeconds)) + 20);
    const span = (Math.max(...proxy.arrivals) - Math.min(...proxy.arrivals)) / 1000;
    // Slack for scheduling jitter grows with the count (a slot taken just before the window's end
    // can reach the proxy after it); without the limiter the 24 generations' calls would arrive
    // within a second or two, far above this bound.
    const slack = 3 + Math.ceil(proxy.arrivals.length * 0.05);
    expect(proxy.arrivals.length).toBeLessThanOrEqual(Math.ceil(span * 20) + 20 + slack);
    // The limit really held them back: every worker deferred some calls.
    let throttled = 0;
    for (const worker of workers) {
      const text = await (await fetch(`${worker.url}/metrics`)).text();
      const match = /^reelgate_provider_throttled_total\{provider="openai"\} (\d+)$/m.exec(text);
      throttled += Number(match?.[1] ?? 0);
    }
    expect(throttled).toBeGreaterThan(0);
  });
});
