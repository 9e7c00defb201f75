/**
 * Queue position where the provider reports one: fal's queue answers `IN_QUEUE` with a
 * `queue_position`; the fal binding reads it (providerMetadata), the worker stores it on the
 * row, and the generation reads `queued` with that position and an ETA, in the service, the
 * events (SSE) and the OpenAI surface alike. Then it runs, and the position clears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reelgate } from '../../src/app/reelgate.ts';
import type { Generation, GenerationEvent } from '../../src/core/generation.ts';
import { presentVideo } from '../../src/contract/presenters/video.ts';
import { ACCOUNT, createWorld, faces, type LifecycleWorld, settle } from './harness.ts';

let world: LifecycleWorld;
let reelgate: Reelgate;

beforeAll(async () => {
  world = await createWorld();
  reelgate = await world.open();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('queue position', () => {
  it('carries fal queue positions to the generations, their events and the OpenAI surface', async () => {
    const fal = faces.find((item) => item.face === 'fal')!;
    const events: GenerationEvent[] = [];
    const unsubscribe = reelgate.service.subscribe({ accountId: ACCOUNT }, (event) => events.push(event));
    const created: Generation[] = [];
    for (let index = 0; index < 3; index++) {
      created.push(
        await reelgate.service.create(ACCOUNT, {
          prompt: `a queue of boats ${index}`,
          model: fal.model,
          resolution: fal.resolution,
          durationSeconds: fal.durationSeconds,
          surface: 'generations',
        }),
      );
    }
    await reelgate.worker.drain();
    // Check at once, while all three still wait in fal's queue (fake time has not moved).
    await reelgate.db.query('UPDATE generations SET next_check_at = $1 WHERE id = ANY($2)', [
      world.clock.now(),
      created.map((generation) => generation.id),
    ]);
    await reelgate.worker.drain();
    const current = await Promise.all(created.map((item) => reelgate.service.get(ACCOUNT, item.id)));
    expect(current.map((generation) => generation?.status)).toEqual(['queued', 'queued', 'queued']);
    expect(current.map((generation) => generation?.queuePosition)).toEqual([0, 1, 2]);
    for (const generation of current) expect(generation?.etaMs).toBeGreaterThan(world.clock.now());
    const progress = events.filter(
      (event) => event.type === 'generation:progress' && event.generation.id === created[2]!.id,
    );
    expect(progress.at(-1)?.generation.queuePosition).toBe(2);
    const video = presentVideo(current[2]!, () => 'unused');
    expect(video.status).toBe('queued');
    expect(video.queue_position).toBe(2);
    expect(typeof video.eta).toBe('number');

    const done = await settle(reelgate, world.clock, created[2]!.id);
    expect(done.status).toBe('completed');
    expect(done.queuePosition).toBeNull();
    unsubscribe();
  });
});
