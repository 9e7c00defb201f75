/**
 * A provider that answers "no such job" for a job reelgate started (here: the emulator forgot
 * every job) gives `provider_job_lost`, not an outage: not retryable, naming the generation
 * and the provider's job, for every face, through each binding's real package.
 */
import { describe, expect, it } from 'vitest';
import { EMULATOR_KEY, emulatorProvidersForFile } from './helpers.ts';

const world = emulatorProvidersForFile();

const models = [
  { provider: 'openai', model: 'sora-2', duration: 4 },
  { provider: 'fal', model: 'fal-ai/kling-video/v2.1/master/text-to-video', duration: 5 },
  { provider: 'google', model: 'veo-3.0-generate-001', duration: 8 },
  { provider: 'replicate', model: 'minimax/hailuo-02', duration: 6 },
  { provider: 'xai', model: 'grok-imagine-video', duration: 4 },
];

describe.each(models)('$provider', ({ provider, model, duration }) => {
  it('a status check of a job the provider no longer has ends provider_job_lost, naming the generation', async () => {
    const binding = world.registry.get(provider)!;
    const video = binding.videoModel(model);
    const started = await video.doStart!({
      prompt: 'a heron on a misty lake',
      n: 1,
      duration,
      aspectRatio: undefined,
      resolution: undefined,
      fps: undefined,
      seed: undefined,
      image: undefined,
      providerOptions: {},
      headers: { 'Idempotency-Key': `rg-lost-${provider}` },
    } as never);
    const jobId = binding.jobIdOf(started.operation)!;
    expect(jobId).toBeTruthy();
    // The provider loses every job.
    await fetch(`${world.emulator.url}/_emulator/reset?jobs=true`, { method: 'POST' });
    const context = { generationId: 'gen_lost123' };
    // Some packages throw on the 404, others report an error result; both paths must agree.
    const error = await video.doStatus!({ operation: started.operation }).then(
      (result) => binding.statusInfo(result, context).failure!,
      (thrown: unknown) => binding.classifyError(thrown, Date.now(), context),
    );
    expect(error.code).toBe('provider_job_lost');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('gen_lost123');
    expect(error.message).toContain(jobId);
    expect(error.message).not.toContain(EMULATOR_KEY);
    expect(error.details).toMatchObject({ generationId: 'gen_lost123', providerJobId: jobId });
  });
});
