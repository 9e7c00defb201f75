/**
 * Request options end to end: each option a model honours reaches the provider's wire request
 * (as the emulator face received it); each one it ignores is a warning on the estimate and on
 * the created generation, before anything is paid; an unknown provider option is a 400 naming
 * the allowed keys; the seed is stored and a remix keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCatalog } from '../../src/core/catalog/index.ts';
import { resolveRequestOptions } from '../../src/core/request-options.ts';
import { createOptionsWorld, type OptionsWorld } from './world.ts';

let world: OptionsWorld;

beforeAll(async () => {
  world = await createOptionsWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

interface Created {
  id: string;
  status: string;
  warnings: string[];
  seed: number | null;
  options: Record<string, unknown>;
  model: string;
}

async function create(body: Record<string, unknown>): Promise<Created> {
  const response = await world.request('/v1/generations', { body });
  const json = (await response.json()) as Created;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

/** Creates, drives the worker until the start was sent, and returns the face's create body. */
async function wireBody(face: string, body: Record<string, unknown>) {
  await world.reelgate.worker.drain();
  const before = world.traffic.receivedBy(face).length;
  const created = await create(body);
  await world.reelgate.worker.drain();
  const received = world.traffic.receivedBy(face);
  expect(received.length).toBe(before + 1);
  return { created, wire: received.at(-1)!.body };
}

describe('options reach the provider or come back as warnings', () => {
  it('fal (Veo 3 Fast): seed, audio switch, negative prompt and provider options in the queue body', async () => {
    const { created, wire } = await wireBody('fal', {
      model: 'fal:fal-ai/veo3/fast',
      prompt: 'a lighthouse at dusk, waves breaking',
      duration: 4,
      aspect_ratio: '9:16',
      seed: 42,
      generate_audio: false,
      negative_prompt: 'blur, text overlays',
      provider_options: { enhance_prompt: true },
    });
    expect(wire).toMatchObject({
      seed: 42,
      generate_audio: false,
      negative_prompt: 'blur, text overlays',
      enhance_prompt: true,
      aspect_ratio: '9:16',
    });
    expect(created.seed).toBe(42);
    expect(created.options).toMatchObject({ generate_audio: false, negative_prompt: 'blur, text overlays' });
    expect(created.warnings).toEqual([]);
  });

  it('fal (LTX-2): fps reaches the body; a seed of 0 is sent, not dropped', async () => {
    const { created, wire } = await wireBody('fal', {
      model: 'fal:fal-ai/ltx-2/text-to-video',
      prompt: 'a paper boat on a rainy street',
      duration: 6,
      fps: 25,
      seed: 0,
    });
    expect(wire).toMatchObject({ fps: 25, seed: 0 });
    expect(created.warnings.some((warning) => warning.startsWith('seed is sent'))).toBe(true);
  });

  it('fal (Kling): a seed it ignores is a warning and is not sent', async () => {
    const { created, wire } = await wireBody('fal', {
      model: 'fal:fal-ai/kling-video/v2.5-turbo/pro/text-to-video',
      prompt: 'a red fox in fresh snow',
      duration: 5,
      seed: 9,
      negative_prompt: 'blur',
      provider_options: { cfg_scale: 0.4 },
    });
    expect(wire.seed).toBeUndefined();
    expect(wire).toMatchObject({ negative_prompt: 'blur', cfg_scale: 0.4 });
    expect(created.warnings).toContain(
      'seed is ignored by fal-ai/kling-video/v2.5-turbo/pro/text-to-video: the model takes no seed.',
    );
    expect(created.seed).toBeNull();
  });

  it('google (Veo): seed, negative prompt and personGeneration in parameters; the audio switch is a warning', async () => {
    const { created, wire } = await wireBody('google', {
      model: 'google:veo-3.0-fast-generate-001',
      prompt: 'a hummingbird at a feeder, slow motion',
      duration: 4,
      seed: 7,
      generate_audio: false,
      negative_prompt: 'cartoon',
      provider_options: { personGeneration: 'allow_adult' },
    });
    const parameters = wire.parameters as Record<string, unknown>;
    expect(parameters).toMatchObject({ seed: 7, negativePrompt: 'cartoon', personGeneration: 'allow_adult' });
    expect(parameters.generateAudio).toBeUndefined();
    expect(created.warnings).toContain(
      'generate_audio is ignored by veo-3.0-fast-generate-001: the model always generates audio.',
    );
  });

  it('replicate (Seedance): seed 0, fps and camera_fixed in the input; a negative prompt is a warning', async () => {
    const { created, wire } = await wireBody('replicate', {
      model: 'replicate:bytedance/seedance-1-pro',
      prompt: 'a city street at night, neon reflections',
      resolution: '480p',
      duration: 2,
      seed: 0,
      fps: 24,
      negative_prompt: 'people',
      provider_options: { camera_fixed: true },
    });
    expect(wire.input).toMatchObject({ seed: 0, fps: 24, camera_fixed: true });
    expect((wire.input as Record<string, unknown>).negative_prompt).toBeUndefined();
    expect(created.warnings).toContain(
      'negative_prompt is ignored by bytedance/seedance-1-pro: the model takes no negative prompt.',
    );
  });

  it('xai: the audio switch and user reach the body; seed and fps are warnings', async () => {
    const { created, wire } = await wireBody('xai', {
      model: 'xai:grok-imagine-video',
      prompt: 'a kite over a beach',
      resolution: '480p',
      duration: 2,
      generate_audio: false,
      seed: 3,
      fps: 30,
      provider_options: { user: 'end-user-17' },
    });
    expect(wire).toMatchObject({ generate_audio: false, user: 'end-user-17' });
    expect(wire.seed).toBeUndefined();
    expect(created.warnings).toEqual([
      'seed is ignored by grok-imagine-video: the model takes no seed.',
      'fps is ignored by grok-imagine-video: the model has a fixed frame rate.',
    ]);
  });

  it('openai (Sora): every extra option is a warning and the create body stays as OpenAI defines it', async () => {
    const { created, wire } = await wireBody('openai', {
      model: 'openai:sora-2',
      prompt: 'a cat on a windowsill',
      duration: 4,
      seed: 1,
      negative_prompt: 'dogs',
      fps: 24,
    });
    expect(Object.keys(wire).sort()).toEqual(['model', 'prompt', 'seconds', 'size']);
    expect(created.warnings).toHaveLength(3);
  });
});

describe('validation and warnings before anything is paid', () => {
  it('an unknown provider option is a 400 naming the allowed keys, and nothing is created', async () => {
    const before = world.traffic.received.length;
    const response = await world.request('/v1/generations', {
      body: {
        model: 'fal:fal-ai/kling-video/v2.5-turbo/pro/text-to-video',
        prompt: 'a red fox',
        provider_options: { cfg_scal: 0.5 },
      },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; param: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.param).toBe('provider_options.cfg_scal');
    expect(body.error.message).toContain('Allowed: cfg_scale');
    await world.reelgate.worker.drain();
    expect(world.traffic.received.length).toBe(before);
  });

  it('a provider option of the wrong type is a 400', async () => {
    const response = await world.request('/v1/generations', {
      body: {
        model: 'google:veo-3.0-fast-generate-001',
        prompt: 'a fox',
        provider_options: { personGeneration: 'all' },
      },
    });
    expect(response.status).toBe(400);
  });

  it('the estimate carries a warning for each ignored option', async () => {
    const response = await world.request('/v1/estimates', {
      body: { model: 'openai:sora-2', prompt: 'a fox', duration: 4, seed: 5, generate_audio: false },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { warnings: string[] };
    expect(body.warnings).toEqual([
      'seed is ignored by sora-2: the model takes no seed.',
      'generate_audio is ignored by sora-2: the model always generates audio.',
    ]);
  });

  it('/v1/videos and the seed contract accept the options as extensions', async () => {
    const video = await world.request('/v1/videos', {
      body: { model: 'fal:fal-ai/veo3', prompt: 'a drone over a forest', seconds: '4', seed: 11 },
    });
    expect(video.status).toBe(200);
    const seed = await world.request('/v1/videos/generations', {
      body: {
        model: 'fal:fal-ai/veo3',
        prompt: 'a drone over a forest',
        duration: 4,
        negative_prompt: 'fog',
      },
    });
    expect(seed.status).toBe(200);
    const bad = await world.request('/v1/videos', {
      body: { prompt: 'a drone', provider_options: { nope: 1 } },
    });
    expect(bad.status).toBe(400);
  });

  it('a model that takes a seed gets one stored when none is asked, and a retry sends the same one', async () => {
    const { created, wire } = await wireBody('fal', {
      model: 'fal:fal-ai/bytedance/seedance/v1/pro/text-to-video',
      prompt: 'a sailboat at sunrise',
      resolution: '480p',
      duration: 3,
    });
    expect(typeof created.seed).toBe('number');
    expect(wire.seed).toBe(created.seed);
  });

  it('an aspect ratio a model does not offer is a 400 naming the ratios it offers', async () => {
    const response = await world.request('/v1/generations', {
      body: { model: 'google:veo-3.0-fast-generate-001', prompt: 'a fox', aspect_ratio: '1:1' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('aspect_ratio');
    expect(body.error.message).toContain('16:9, 9:16');
  });
});

describe('resolveRequestOptions (pure)', () => {
  const catalog = createDefaultCatalog();
  it('keeps honoured options, warns on unconfirmed ones and draws a seed only where one is honoured', () => {
    const veo = catalog.resolve('fal:fal-ai/veo3');
    expect(resolveRequestOptions(veo, {}, { drawSeed: () => 99 }).options).toEqual({ seed: 99 });
    const sora = catalog.resolve('openai:sora-2');
    expect(resolveRequestOptions(sora, {}, { drawSeed: () => 99 }).options).toEqual({});
    const ltx = catalog.resolve('fal:fal-ai/ltx-2/text-to-video');
    expect(() => resolveRequestOptions(ltx, { fps: 30 })).toThrow(/Offered: 25, 50/);
  });

  it('a remix keeps the parent seed unless it names another', () => {
    const veo = catalog.resolve('fal:fal-ai/veo3');
    expect(resolveRequestOptions(veo, {}, { inherited: { seed: 5 } }).options.seed).toBe(5);
    expect(resolveRequestOptions(veo, { seed: 6 }, { inherited: { seed: 5 } }).options.seed).toBe(6);
  });
});
