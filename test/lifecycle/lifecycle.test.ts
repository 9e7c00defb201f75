/**
 * Issue 9 acceptance: one lifecycle for every provider. For each emulator face (OpenAI, fal,
 * Google Veo, Replicate, xAI), through the provider's real binding and the real engine on
 * PGlite, on fake time shared with the emulator:
 * - a job that never finishes ends `timed_out` at its deadline (cancelled at the provider);
 * - a result that expires at completion ends `expired` with `result_expired`;
 * - a refused prompt ends `input_refused`, a refused output `output_refused`, each with a hint;
 * - an unknown status from the provider is handled (logged, still completes, bounded calls);
 * - errors never loop: a status endpoint that always fails and a job that always fails end
 *   with bounded calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reelgate } from '../../src/app/reelgate.ts';
import type { Generation } from '../../src/core/generation.ts';
import { ACCOUNT, createWorld, faces, type LifecycleWorld, providerJobId, rowOf, settle } from './harness.ts';

let world: LifecycleWorld;
let reelgate: Reelgate;

beforeAll(async () => {
  world = await createWorld();
  reelgate = await world.open();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

async function create(face: (typeof faces)[number], prompt: string): Promise<Generation> {
  return reelgate.service.create(ACCOUNT, {
    prompt: `${prompt} (${face.face})`,
    model: face.model,
    resolution: face.resolution,
    durationSeconds: face.durationSeconds,
    surface: 'generations',
  });
}

describe.each(faces)('$face face', (face) => {
  it('ends a job the provider never finishes timed_out at its deadline, and stops asking', async () => {
    const created = await create(face, 'a lighthouse at dusk [[fault:hang]]');
    const row = await rowOf(reelgate, created.id);
    const deadline = Number(row.deadline_at);
    expect(deadline).toBeGreaterThan(created.createdAt);
    const running = await settle(reelgate, world.clock, created.id, {
      until: (generation) => generation.status === 'running' || generation.status === 'queued',
    });
    const jobId = await providerJobId(reelgate, created.id);
    expect(jobId).toBeTruthy();
    expect(running.etaMs).not.toBeNull();

    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('failed');
    expect(ended.error?.code).toBe('timed_out');
    expect(ended.error?.retryable).toBe(true);
    expect(ended.error?.hint).toBeTruthy();
    // At the deadline: not before it, and not long after (one last check, then the end).
    expect(ended.updatedAt).toBeGreaterThanOrEqual(deadline);
    expect(ended.updatedAt - deadline).toBeLessThanOrEqual(
      Math.max(60_000, 0.1 * (deadline - created.createdAt)),
    );
    // Checks back off while the job is overdue or stalled: a bounded number over the window.
    const checks = Number((await rowOf(reelgate, created.id)).status_checks);
    expect(checks).toBeGreaterThan(1);
    expect(checks).toBeLessThan(40);
    const calls = world.traffic.callsFor(jobId!);
    expect(calls).toBeGreaterThan(0);
    // fal needs two calls per check (the package's result call and the queue status).
    expect(calls).toBeLessThanOrEqual(2 * (checks + 1));
    // Nothing is left to do for it, even much later.
    await world.clock.advance(24 * 3600_000);
    await reelgate.worker.drain();
    expect(world.traffic.callsFor(jobId!)).toBe(calls);
    expect((await reelgate.service.get(ACCOUNT, created.id))?.status).toBe('failed');
  });

  it('ends a result that expired before it could be copied as expired (result_expired)', async () => {
    const created = await create(face, 'a bridge in the rain [[fault:expire]]');
    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('expired');
    expect(ended.error?.code).toBe('result_expired');
    expect(ended.error?.hint).toMatch(/again/);
    expect(ended.video).toBeNull();
  });

  it('maps a refused prompt to input_refused with a hint, never retried', async () => {
    const before = world.emulator.stats().jobsCreated.byFace[face.face] ?? 0;
    const created = await create(face, 'Barack Obama gives a speech');
    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('failed');
    expect(ended.error?.code).toBe('input_refused');
    expect(ended.error?.retryable).toBe(false);
    expect(ended.error?.hint).toMatch(/prompt|image/i);
    expect((world.emulator.stats().jobsCreated.byFace[face.face] ?? 0) - before).toBe(
      face.refusesPromptAtSubmission ? 0 : 1,
    );
  });

  it('maps a refused output to output_refused with a hint, never retried', async () => {
    const before = world.emulator.stats().jobsCreated.byFace[face.face] ?? 0;
    const created = await create(face, 'a quiet meadow [[fault:output-refusal]]');
    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('failed');
    expect(ended.error?.code).toBe('output_refused');
    expect(ended.error?.retryable).toBe(false);
    expect(ended.error?.hint).toBeTruthy();
    expect((world.emulator.stats().jobsCreated.byFace[face.face] ?? 0) - before).toBe(1);
  });

  it('handles an unknown status from the provider: logged or retried, then completes, bounded calls', async () => {
    const created = await create(face, 'a paper lantern floats');
    await settle(reelgate, world.clock, created.id, {
      until: (generation) => generation.status === 'running' || generation.status === 'queued',
    });
    const jobId = (await providerJobId(reelgate, created.id))!;
    world.traffic.watch(jobId, face, { unknownStatus: { value: 'warming_up_gpu', times: 3 } });
    const logsBefore = world.logLines.length;
    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('completed');
    expect(ended.video).not.toBeNull();
    expect(world.traffic.rules.get(jobId)?.rule.unknownStatus?.times).toBe(0);
    expect(world.traffic.callsFor(jobId)).toBeLessThan(30);
    // Never silent: flagged as an unknown status (with the raw value), or, where the package
    // cannot read the answer (Google's `done` is not a boolean), a failed check, logged and
    // retried.
    const logged = world.logLines.slice(logsBefore).join('');
    if (face.face === 'google' || face.face === 'replicate' || face.strictStatusSchema) {
      // @ai-sdk/google and @ai-sdk/replicate validate the answer and throw on it.
      expect(logged).toContain('status check failed');
    } else {
      expect(logged).toContain('unknown provider status');
      expect(logged).toContain('warming_up_gpu');
    }
  });

  it('never loops on errors: a status endpoint that always fails ends the generation, bounded', async () => {
    const created = await create(face, 'a fox in snow');
    await settle(reelgate, world.clock, created.id, {
      until: (generation) => generation.status === 'running' || generation.status === 'queued',
    });
    const jobId = (await providerJobId(reelgate, created.id))!;
    world.traffic.watch(jobId, face, { failStatusWith: 500 });
    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('failed');
    expect(ended.error?.code).toBe('timed_out');
    expect(world.traffic.callsFor(jobId)).toBeLessThanOrEqual(40);
  });

  it('never loops on a job that always fails: one replacement job, then provider_outage', async () => {
    const before = world.emulator.stats().jobsCreated.byFace[face.face] ?? 0;
    const created = await create(face, 'a windmill [[fault:fail:always]]');
    const ended = await settle(reelgate, world.clock, created.id);
    expect(ended.status).toBe('failed');
    expect(ended.error?.code).toBe('provider_outage');
    expect((world.emulator.stats().jobsCreated.byFace[face.face] ?? 0) - before).toBeLessThanOrEqual(2);
  });
});
