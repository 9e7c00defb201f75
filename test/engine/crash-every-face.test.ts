/**
 * The crash matrix on every face as the real provider is (only the Vercel AI Gateway
 * deduplicates starts): one generation per face, the worker process SIGKILLs itself at each step
 * of the start and download paths, a new worker takes over. Whatever the step, the provider made
 * at most one job per generation; a generation whose job exists completes, except where the
 * provider offers no way to find a job whose answer was never recorded (start_unconfirmed, a
 * job may exist); one whose start was never sent ends start_unconfirmed; nothing half-stored is
 * ever served.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StepPoint } from '../../src/worker/hooks.ts';
import { spawnWorker } from './helpers/child-worker.ts';
import {
  allFinal,
  type EveryFaceWorld,
  faceModels,
  startEveryFaceWorld,
  until,
} from './helpers/every-face.ts';

const account = 'acct_crash_every_face';
const points: StepPoint[] = [
  'start:before-send',
  'start:sent',
  'status:checked',
  'download:partial',
  'download:stored',
];

let world: EveryFaceWorld;

beforeAll(async () => {
  world = await startEveryFaceWorld({
    speed: 2000,
    seed: 21,
  });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

async function sha256(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

describe('SIGKILL at each step, every face, deduplication as each provider documents', () => {
  test.each(points)(
    'crash at %s',
    async (point) => {
      const { emulator, api } = world;
      const faces = Object.keys(faceModels);
      const ids = new Map<string, string>();
      for (const face of faces) {
        const created = await api.service.create(account, {
          prompt: `a harbour crane at night, crash ${point} (${face})`,
          model: faceModels[face]!,
          durationSeconds: 4,
          surface: 'generations',
        });
        ids.set(face, created.id);
      }
      const env = world.workerEnv('crash-faces-worker');
      const before = emulator.stats().jobsCreated.byFace;
      const first = spawnWorker({ ...env, CRASH_AT: point });
      expect((await first.exited).signal).toBe('SIGKILL');
      // While no worker runs, nothing half-done is served.
      for (const id of ids.values()) {
        const generation = await api.service.get(account, id);
        if (generation?.status !== 'completed') expect(generation?.video).toBeNull();
      }
      const second = spawnWorker(env);
      try {
        await second.ready;
        await until(() => allFinal(api, account, ids.values()), 'every generation final', 150_000);
      } finally {
        await second.stop();
      }
      const after = emulator.stats().jobsCreated.byFace;
      for (const face of faces) {
        const binding = api.providers.get(face)!;
        const generation = (await api.service.get(account, ids.get(face)!))!;
        const made = (after[face] ?? 0) - (before[face] ?? 0);
        const detail = `${face}: made ${made}, ${generation.status} ${JSON.stringify(generation.error)}`;
        expect(made, detail).toBeLessThanOrEqual(1);
        if (made === 0) {
          // Never sent: nothing to find, nothing re-sent.
          expect(generation.error?.code, detail).toBe('start_unconfirmed');
          continue;
        }
        if (generation.status !== 'completed') {
          // A job exists whose answer was never recorded, at a provider with no way to find it.
          expect(binding.deduplicatesStarts || binding.findLostJobs !== undefined, detail).toBe(false);
          expect(generation.error?.code, detail).toBe('start_unconfirmed');
          continue;
        }
        const stored = await api.service.openFile(account, generation.id, 'video');
        expect(await sha256(stored.body), detail).toBe(generation.video?.sha256);
      }
    },
    240_000,
  );
});
