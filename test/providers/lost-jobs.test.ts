/**
 * Finding the job a lost start made, per provider, against the emulator's faces with the real
 * packages and wire shapes: OpenAI (`GET /videos`), Replicate (`GET /v1/predictions`) and fal
 * (request history, finished requests only). The operation found is exactly what `doStart`
 * returned, so `doStatus` resumes it. Google and xAI offer no way to list jobs: no finder.
 */
import { describe, expect, it } from 'vitest';
import type { LostJobQuery, ProviderBinding } from '../../src/providers/provider-port.ts';
import { emulatorProviders } from '../../src/providers/registry.ts';
import { EMULATOR_KEY, SPEED, emulatorProvidersForFile } from './helpers.ts';

const world = emulatorProvidersForFile();

const cases = [
  { provider: 'openai', model: 'sora-2', duration: 4 },
  { provider: 'replicate', model: 'minimax/hailuo-02', duration: 6 },
  { provider: 'fal', model: 'fal-ai/kling-video/v2.1/master/text-to-video', duration: 5 },
];

async function start(binding: ProviderBinding, model: string, prompt: string, duration: number) {
  const sentAtMs = Date.now();
  const started = await binding.videoModel(model).doStart!({
    prompt,
    n: 1,
    duration,
    providerOptions: {},
    headers: { 'Idempotency-Key': `rg-${prompt.length}` },
  } as never);
  return { operation: started.operation, sentAtMs };
}

async function settled(binding: ProviderBinding, model: string, operation: unknown) {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const result = await binding.videoModel(model).doStatus!({ operation: operation as never });
    if (result.status !== 'pending') return result;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('job did not end');
}

const query = (modelId: string, prompt: string, sentAtMs: number): LostJobQuery => ({
  generationId: 'gen_x',
  idempotencyKey: 'rg-gen_x',
  modelId,
  prompt,
  sentAtMs,
  windowMs: 60_000,
});

describe.each(cases)('$provider', ({ provider, model, duration }) => {
  it('finds the job a start made by prompt, model and time, as the operation doStart returned', async () => {
    const binding = world.registry.get(provider)!;
    expect(binding.findLostJobs).toBeTypeOf('function');
    const prompt = `a red kite over dunes, ${provider} ${Math.random()}`;
    const mine = await start(binding, model, prompt, duration);
    await start(binding, model, `${prompt} (someone else's)`, duration);
    await settled(binding, model, mine.operation);

    const found = await binding.findLostJobs!(query(model, prompt, mine.sentAtMs));
    expect(found).toHaveLength(1);
    expect(found[0]!.operation).toEqual(mine.operation);
    expect(found[0]!.jobId).toBe(binding.jobIdOf(mine.operation));
    expect(found[0]!.matchedBy).toBe('attributes');
    expect(Math.abs(found[0]!.createdAtMs! - mine.sentAtMs)).toBeLessThan(5_000);
    // The found operation resumes: doStatus reads the finished job.
    expect((await settled(binding, model, found[0]!.operation)).status).toBe('completed');

    // Outside the creation-time window, or for another model: nothing.
    expect(await binding.findLostJobs!({ ...query(model, prompt, mine.sentAtMs + 3_600_000) })).toEqual([]);
    expect(await binding.findLostJobs!(query(`${model}-other`, prompt, mine.sentAtMs))).toEqual([]);
  });
});

it('fal lists a request only once it has ended (the stricter reading of its docs)', async () => {
  const binding = world.registry.get('fal')!;
  const model = 'fal-ai/kling-video/v2.1/master/text-to-video';
  const prompt = `a clock that never strikes [[fault:hang]] ${Math.random()}`;
  const running = await start(binding, model, prompt, 5);
  expect(await binding.findLostJobs!(query(model, prompt, running.sentAtMs))).toEqual([]);
});

it('Google and xAI offer no way to list jobs: no finder', () => {
  expect(world.registry.get('google')!.findLostJobs).toBeUndefined();
  expect(world.registry.get('xai')!.findLostJobs).toBeUndefined();
  expect(world.registry.get('google')!.deduplicatesStarts).toBe(false);
  expect(world.registry.get('xai')!.deduplicatesStarts).toBe(false);
});

it('the Vercel AI Gateway binding deduplicates starts (documented), unless its emulator is forced off', () => {
  expect(world.registry.get('gateway')!.deduplicatesStarts).toBe(true);
  const forcedOff = emulatorProviders({
    url: world.emulator.url,
    speed: SPEED,
    apiKey: EMULATOR_KEY,
    idempotency: 'off',
  });
  expect(forcedOff.get('gateway')!.deduplicatesStarts).toBe(false);
  const forcedOn = emulatorProviders({
    url: world.emulator.url,
    speed: SPEED,
    apiKey: EMULATOR_KEY,
    idempotency: 'on',
  });
  expect(forcedOn.get('replicate')!.deduplicatesStarts).toBe(true);
  for (const name of ['openai', 'fal', 'google', 'replicate', 'xai'])
    expect(world.registry.get(name)!.deduplicatesStarts, name).toBe(false);
});

describe.each(cases)(
  '$provider, a create answered 500 after the job was made',
  ({ provider, model, duration }) => {
    it('the finder adopts the one job made, which completes; no second job exists', async () => {
      const binding = world.registry.get(provider)!;
      const prompt = `a tram in the fog [[fault:http500-after-create]] ${provider} ${Math.random()}`;
      const before = world.emulator.stats().jobsCreated.byFace[provider] ?? 0;
      const sentAtMs = Date.now();
      const thrown = await binding.videoModel(model).doStart!({
        prompt,
        n: 1,
        duration,
        providerOptions: {},
        headers: { 'Idempotency-Key': 'rg-500' },
      } as never).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(thrown).toBeDefined();
      expect(world.emulator.stats().jobsCreated.byFace[provider]).toBe(before + 1);
      // fal lists a request once it has ended: wait until the job is over at the provider.
      let found = await binding.findLostJobs!(query(model, prompt, sentAtMs));
      for (let attempt = 0; found.length === 0 && attempt < 500; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        found = await binding.findLostJobs!(query(model, prompt, sentAtMs));
      }
      expect(found).toHaveLength(1);
      expect((await settled(binding, model, found[0]!.operation)).status).toBe('completed');
      expect(world.emulator.stats().jobsCreated.byFace[provider]).toBe(before + 1);
    });
  },
);
