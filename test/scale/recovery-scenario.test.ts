/**
 * Recovery under load, as an operator would try it: the gateway (`serve --role all`) against an
 * emulator process whose OpenAI face does not deduplicate starts (as the real API). Submitted at
 * once: 7 seed-contract 12 s videos, 2 `POST /v1/videos` 8 s, 1 seed-contract 40 s (segments).
 * Shortly after, `kill -9` the gateway and restart it on the same data. Run on the embedded
 * database and on PostgreSQL.
 *
 * Expected: `/healthz` answers throughout the recovery; every generation ends completed (or,
 * where the process died between marking a start sent and sending it, start_unconfirmed with no
 * job made for it); the provider made at most one job per idempotency key, i.e. one per
 * generation and per segment, and every job it made belongs to a completed generation.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { createPostgresDatabase } from '../engine/helpers/databases.ts';
import { type Child, type ServeProcess, startEmulatorProcess, startServe } from './support/processes.ts';
import { tempDir } from './support/temp.ts';

const speed = 1500;
const apiKey = 'sk-recovery-scenario';
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

interface Submitted {
  id: string;
  path: string;
}

async function submitAll(url: string): Promise<Submitted[]> {
  const seed = (prompt: string, duration: number) =>
    fetch(`${url}/v1/videos/generations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ prompt, duration, resolution: '720p' }),
    }).then(async (response) => {
      expect(response.status).toBe(200);
      const body = (await response.json()) as { id: string };
      return { id: body.id, path: `/v1/videos/generations/${body.id}` };
    });
  const videos = (prompt: string) =>
    fetch(`${url}/v1/videos`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ prompt, seconds: '8', size: '1280x720' }),
    }).then(async (response) => {
      expect(response.status).toBe(200);
      const body = (await response.json()) as { id: string };
      return { id: body.id, path: `/v1/videos/${body.id}` };
    });
  return Promise.all([
    ...Array.from({ length: 7 }, (_, i) => seed(`recovery clip ${i}: a paper lantern drifting at dusk`, 12)),
    videos('recovery sora 0: a tram in the rain'),
    videos('recovery sora 1: a fox in snow'),
    seed('recovery long: a journey along a coastal road from dawn to night', 40),
  ]);
}

/** Polls /healthz every 50 ms until stopped; records every failure or slow answer (over 5 s). */
function probeHealth(url: () => string): { stop(): Promise<{ probes: number; failures: string[] }> } {
  let running = true;
  let probes = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const response = await fetch(`${url()}/healthz`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.status !== 200) failures.push(`status ${response.status}`);
      } catch (error) {
        failures.push(`${String(error)} after ${Date.now() - started} ms`);
      }
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { probes, failures };
    },
  };
}

type Outcome = {
  status: string;
  error?: { code?: string; type?: string; message?: string } | null;
  plan?: { count?: number };
};

async function waitAllFinal(url: string, items: Submitted[]): Promise<Map<string, Outcome>> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const outcomes = new Map<string, Outcome>();
    for (const item of items) {
      const response = await fetch(`${url}${item.path}`, { headers });
      const body = (await response.json()) as Outcome;
      if (['completed', 'failed'].includes(body.status)) outcomes.set(item.id, body);
    }
    if (outcomes.size === items.length) return outcomes;
    if (Date.now() > deadline) throw new Error(`not final in time: ${outcomes.size}/${items.length}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface EmulatorStats {
  jobsCreated: { total: number };
  createCalls: { byIdempotencyKey: Record<string, { calls: number; jobs: number }> };
}

describe.each(['embedded', 'postgres'] as const)('kill -9 under load, %s database', (kind) => {
  test('resumes, completes, one job per generation and segment, /healthz answers throughout', async () => {
    const emulatorDir = await tempDir('rg-recovery-emulator-');
    const dataDir = await tempDir('rg-recovery-data-');
    cleanups.push(
      () => emulatorDir.remove(),
      () => dataDir.remove(),
    );
    const emulator: Child & { url: string } = await startEmulatorProcess({
      REELGATE_EMULATOR_SPEED: String(speed),
      REELGATE_EMULATOR_SEED: '12',
      REELGATE_EMULATOR_DATA_DIR: emulatorDir.path,
    });
    cleanups.push(() => emulator.stop());
    const env: Record<string, string> = {
      OPENAI_API_KEY: 'emulator-key',
      OPENAI_BASE_URL: `${emulator.url}/v1`,
      REELGATE_EMULATOR_SPEED: String(speed),
      REELGATE_API_KEYS: apiKey,
      REELGATE_DATA_DIR: dataDir.path,
      REELGATE_RATE_LIMIT_PER_MINUTE: '0',
      REELGATE_SIGNING_SECRET: 'recovery-scenario-signing-secret-0123456789',
    };
    if (kind === 'postgres') {
      const database = await createPostgresDatabase();
      cleanups.push(() => database.drop());
      env.DATABASE_URL = database.url;
    }
    let gateway: ServeProcess = await startServe('all', env);
    const items = await submitAll(gateway.url);

    // Kill once starts are going out (the provider has made some jobs), mid-flight.
    const started = Date.now();
    for (;;) {
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as EmulatorStats;
      if (stats.jobsCreated.total >= 3 || Date.now() - started > 2_500) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await gateway.stop('SIGKILL')).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    gateway = await startServe('all', env);
    const listeningAt = Date.now();
    cleanups.push(() => gateway.stop());
    const current = gateway;
    const health = probeHealth(() => current.url);
    const outcomes = await waitAllFinal(gateway.url, items);
    const { probes, failures } = await health.stop();
    console.log(
      `${kind}: listening again ${listeningAt - killedAt} ms after the kill, all final ${Date.now() - listeningAt} ms later, ${probes} /healthz probes`,
    );
    expect(probes).toBeGreaterThan(0);
    expect(failures).toEqual([]);

    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as EmulatorStats;
    const keys = stats.createCalls.byIdempotencyKey;
    // Never two jobs for one logical start; every job made is accounted for by a key.
    for (const [key, made] of Object.entries(keys)) expect(made.jobs, key).toBeLessThanOrEqual(1);
    const jobsByKey = Object.values(keys).reduce((sum, made) => sum + made.jobs, 0);
    expect(stats.jobsCreated.total).toBe(jobsByKey);
    for (const item of items) {
      const outcome = outcomes.get(item.id)!;
      if (outcome.status === 'completed') continue;
      // Only a start the dying process never sent may end unconfirmed, and no job exists for it.
      expect(JSON.stringify(outcome.error)).toMatch(/start_unconfirmed|not confirm/);
      expect(keys[`rg-${item.id}`]?.jobs ?? 0).toBe(0);
    }
    // One job per plain generation that completed, and one per segment of the long video.
    const longId = items.at(-1)!.id;
    const long = outcomes.get(longId)!;
    expect(long.status).toBe('completed');
    const segments = long.plan?.count ?? 0;
    expect(segments).toBeGreaterThanOrEqual(2);
    const plainCompleted = items.filter(
      (item) => item.id !== longId && outcomes.get(item.id)!.status === 'completed',
    );
    expect(stats.jobsCreated.total).toBe(plainCompleted.length + segments);
  }, 300_000);
});
