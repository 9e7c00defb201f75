/**
 * The default install (embedded database, built-in emulator) across a restart: generations
 * whose jobs were in flight when the gateway went away complete after it comes back, each with
 * the one job the emulator made before the restart (no "not found", no second job).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createReelgate, type Reelgate } from '../../src/app/reelgate.ts';
import type { EngineDb } from '../../src/db/engine-db.ts';
import { openDatabase } from '../../src/db/open.ts';

const ACCOUNT = 'acct_restart';
let dataDir: string | undefined;
let open: Reelgate | undefined;
let db: EngineDb | undefined;

afterAll(async () => {
  await open?.close();
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const config = (dir: string) =>
  loadConfig({
    REELGATE_DATA_DIR: dir,
    REELGATE_EMULATOR_SPEED: '200',
    REELGATE_EMULATOR_SEED: '4',
    REELGATE_EMULATOR_DATA_DIR: join(tmpdir(), 'reelgate-emulator-test-cache'),
  });

it('jobs in flight at the built-in emulator complete after a restart of the gateway', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rg-emulator-restart-'));
  const logger = pino({ level: 'silent' });
  // One database for both runs (what the embedded one on disk is across a restart).
  db = await openDatabase({});
  // First run: starts the jobs, then goes away before any of them ends.
  open = await createReelgate(config(dataDir), { db, logger, startWorker: false });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const created = await open.service.create(ACCOUNT, {
      prompt: `a lantern festival, shot ${i}`,
      durationSeconds: 12,
      surface: 'generations',
    });
    ids.push(created.id);
  }
  await open.worker.drain();
  const firstEmulator = open.emulator!.stats();
  expect(firstEmulator.jobsCreated.total).toBe(3);
  for (const id of ids) expect((await open.service.get(ACCOUNT, id))?.status).not.toBe('completed');
  await open.close();
  open = undefined;

  // Second run on the same data directory: a new emulator port and key, the same jobs.
  open = await createReelgate(config(dataDir), { db, logger });
  const deadline = Date.now() + 30_000;
  const finals = new Map<string, { status: string; code: string | null }>();
  while (finals.size < ids.length && Date.now() < deadline) {
    for (const id of ids) {
      const generation = await open.service.get(ACCOUNT, id);
      if (generation && ['completed', 'failed', 'canceled', 'expired'].includes(generation.status))
        finals.set(id, { status: generation.status, code: generation.error?.code ?? null });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect([...finals.values()]).toEqual(ids.map(() => ({ status: 'completed', code: null })));
  const stats = open.emulator!.stats();
  expect(stats.jobsCreated.total).toBe(0);
  expect(stats.jobsStored.total).toBe(3);
  expect(stats.jobsRestored.total).toBe(3);
}, 60_000);

it('a job the provider no longer has ends provider_job_lost, naming the generation (not an outage)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rg-job-lost-'));
  const lostDb = await openDatabase({});
  const reelgate = await createReelgate(config(dir), { db: lostDb, logger: pino({ level: 'silent' }) });
  try {
    const created = await reelgate.service.create(ACCOUNT, {
      prompt: 'a lighthouse keeper at dawn [[fault:hang]]',
      durationSeconds: 4,
      surface: 'generations',
    });
    // Once the job is running at the provider, the provider loses every job.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await reelgate.service.get(ACCOUNT, created.id))?.status !== 'running')
      await new Promise((resolve) => setTimeout(resolve, 10));
    await fetch(`${reelgate.emulator!.url}/_emulator/reset?jobs=true`, { method: 'POST' });
    let final = await reelgate.service.get(ACCOUNT, created.id);
    while (Date.now() < deadline && final && !['completed', 'failed', 'timed_out'].includes(final.status)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      final = await reelgate.service.get(ACCOUNT, created.id);
    }
    expect(final?.status).toBe('failed');
    expect(final?.error?.code).toBe('provider_job_lost');
    expect(final?.error?.message).toContain(created.id);
    expect(final?.error?.message).toMatch(/no longer has job 'video_[0-9a-f]+'/);
  } finally {
    await reelgate.close();
    await lostDb.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 90_000);
