/**
 * SIGKILL during a slow create, on every face as the real provider is (only the Vercel AI
 * Gateway deduplicates starts). One generation per face, each prompt marked `[[fault:slow]]`:
 * the face holds its answer back; the worker process is killed while every create is held; the
 * faces then make their jobs (the requests were sent). A restarted worker must never pay for a
 * second job: the gateway re-sends with the same key and gets the job back, providers with a
 * lookup have their job found and adopted, and the others end `start_unconfirmed` (a job may
 * exist, nothing re-sent).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnWorker } from './helpers/child-worker.ts';
import {
  allFinal,
  type EveryFaceWorld,
  faceModels,
  startEveryFaceWorld,
  until,
} from './helpers/every-face.ts';

const account = 'acct_slow_crash';
let world: EveryFaceWorld;

beforeAll(async () => {
  world = await startEveryFaceWorld({
    speed: 1000,
    seed: 9,
    slowResponseMs: 5_000,
  });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

test('a worker killed while every face holds its create: one job per generation, adopted, re-sent or unconfirmed', async () => {
  const { emulator, api } = world;
  const faces = Object.keys(faceModels);
  const ids = new Map<string, string>();
  for (const face of faces) {
    const created = await api.service.create(account, {
      prompt: `a kite over dunes [[fault:slow]] (${face})`,
      model: faceModels[face]!,
      durationSeconds: 4,
      surface: 'generations',
    });
    ids.set(face, created.id);
  }
  const env = world.workerEnv('slow-crash-worker');
  const before = emulator.stats();
  const slowBefore = before.faults.slow ?? 0;
  const first = spawnWorker(env);
  await first.ready;
  // Every face is holding its create: kill the worker now.
  await until(
    () => (emulator.stats().faults.slow ?? 0) - slowBefore >= faces.length,
    'every create held',
    60_000,
  );
  first.process.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  // No answer was recorded: every start was in flight when the process died.
  for (const id of ids.values()) {
    const row = await api.db.query<{ state: string; provider_job_id: string | null }>(
      'SELECT state, provider_job_id FROM generations WHERE id = $1',
      [id],
    );
    expect(row.rows[0]).toEqual({ state: 'submitted', provider_job_id: null });
  }
  // The requests were sent: each face makes its job although nobody reads the answer.
  await until(
    () =>
      faces.every(
        (face) => (emulator.stats().jobsCreated.byFace[face] ?? 0) > (before.jobsCreated.byFace[face] ?? 0),
      ),
    'every face made its job',
    60_000,
  );

  const second = spawnWorker(env);
  try {
    await second.ready;
    await until(() => allFinal(api, account, ids.values()), 'every generation final', 120_000);
  } finally {
    await second.stop();
  }

  const after = emulator.stats();
  for (const face of faces) {
    const binding = api.providers.get(face)!;
    const generation = (await api.service.get(account, ids.get(face)!))!;
    const made = (after.jobsCreated.byFace[face] ?? 0) - (before.jobsCreated.byFace[face] ?? 0);
    expect(made, `${face}: jobs made`).toBe(1);
    if (binding.deduplicatesStarts || binding.findLostJobs) {
      expect(generation.status, `${face}: ${JSON.stringify(generation.error)}`).toBe('completed');
    } else {
      expect(generation.error?.code, face).toBe('start_unconfirmed');
    }
  }
}, 240_000);
