/**
 * Reference images through the providers' own packages, unmodified, against their faces: what
 * `inputReferences` carries reaches the provider call (the face records the SHA-256 of every
 * reference image it received on the job). The AI Gateway passes them on as `inputReferences`,
 * Seedance as `reference_image` content parts (on the Lite image-to-video model only, the one
 * ModelArk documents them for; other Seedance models refuse them). OpenRouter's package does not send them (its
 * video model has no reference input), which is why no OpenRouter model is listed as taking them.
 */
import { createHash } from 'node:crypto';
import { createGateway } from '@ai-sdk/gateway';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { createByteDanceAsync } from '../../src/providers/bytedance/bytedance-provider.ts';
import { createOpenRouterAsync } from '../../src/providers/openrouter/openrouter-provider.ts';
import { imageFixture } from '../emulator/helpers.ts';
import { EMULATOR_KEY, startProviderEmulator } from '../providers/helpers.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const character = new Uint8Array(imageFixture(320, 180, 'png'));
const prop = new Uint8Array(imageFixture(180, 320, 'png'));

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startProviderEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

async function start(model: VideoModelV4, prompt: string, options: Record<string, unknown>) {
  return model.doStart!({
    prompt,
    n: 1,
    aspectRatio: undefined,
    resolution: undefined,
    duration: undefined,
    fps: undefined,
    seed: undefined,
    image: undefined,
    frameImages: undefined,
    inputReferences: [
      { type: 'file', mediaType: 'image/png', data: character },
      { type: 'file', mediaType: 'image/png', data: prop },
    ],
    generateAudio: undefined,
    providerOptions: {},
    headers: {},
    ...options,
  } as never);
}

function receivedBy(face: string, prompt: string): string[] {
  const job = emulator.core.jobs.all().find((item) => item.face === face && item.prompt === prompt);
  expect(job, `a ${face} job for "${prompt}"`).toBeDefined();
  return (job!.attributes.received as { referenceSha256: string[] }).referenceSha256;
}

describe('reference images through the packages', () => {
  it('@ai-sdk/gateway sends them and the face receives each one', async () => {
    const model = createGateway({
      apiKey: EMULATOR_KEY,
      baseURL: `${emulator.url}/gateway/v4/ai`,
    }).videoModel('google/veo-3.1-fast-generate-001') as unknown as VideoModelV4;
    await start(model, 'Mira holds the lamp', { duration: 4, resolution: '1280x720' });
    expect(receivedBy('gateway', 'Mira holds the lamp')).toEqual([sha(character), sha(prop)]);
  });

  it('@ai-sdk/bytedance sends them as reference_image parts and the face receives each one', async () => {
    const model = createByteDanceAsync({
      apiKey: EMULATOR_KEY,
      baseURL: `${emulator.url}/bytedance/api/v3`,
    }).video('seedance-1-0-lite-i2v-250428') as unknown as VideoModelV4;
    await start(model, 'Mira walks the pier', { duration: 5, resolution: '1248x704' });
    expect(receivedBy('bytedance', 'Mira walks the pier')).toEqual([sha(character), sha(prop)]);
  });

  it('the Seedance face refuses them on a model other than Lite image-to-video, as ModelArk does', async () => {
    const model = createByteDanceAsync({
      apiKey: EMULATOR_KEY,
      baseURL: `${emulator.url}/bytedance/api/v3`,
    }).video('seedance-1-0-pro-250528') as unknown as VideoModelV4;
    const refused = await start(model, 'Mira on the quay', { duration: 5, resolution: '1248x704' }).then(
      () => undefined,
      (error: unknown) => error as { statusCode?: number; responseBody?: string },
    );
    expect(refused?.statusCode).toBe(400);
    expect(refused?.responseBody).toContain('InvalidParameter');
    expect(emulator.core.jobs.all().some((job) => job.prompt === 'Mira on the quay')).toBe(false);
  });

  it("@openrouter/ai-sdk-provider's video model does not send them", async () => {
    const model = createOpenRouterAsync({
      apiKey: EMULATOR_KEY,
      baseURL: `${emulator.url}/openrouter/api/v1`,
    }).video('google/veo-3.1-fast') as unknown as VideoModelV4;
    await start(model, 'Mira on the cliff', { duration: 4 });
    expect(receivedBy('openrouter', 'Mira on the cliff')).toEqual([]);
  });
});
