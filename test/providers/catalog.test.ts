/**
 * The provider catalog: every entry's facts carry a source, its options are internally
 * consistent and accepted by the provider's emulator face (through reelgate's adapted
 * models, so the option mapping is checked too); routing by id, alias and retired names;
 * the models route and `reelgate models`.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportedDurations } from '../../src/core/catalog/catalog-entry.ts';
import { falEntries } from '../../src/core/catalog/fal.ts';
import { googleEntries } from '../../src/core/catalog/google.ts';
import { replicateEntries } from '../../src/core/catalog/replicate.ts';
import { openaiEntries } from '../../src/core/catalog/openai.ts';
import { allCatalogEntries, createRoutedCatalog } from '../../src/core/catalog/routing.ts';
import { xaiEntries } from '../../src/core/catalog/xai.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { type listModels, modelsRoutes } from '../../src/http/routes/models.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { emulatorProviders, providersFromSettings } from '../../src/providers/registry.ts';
import { EMULATOR_KEY, startProviderEmulator } from './helpers.ts';

const providerEntries = [...falEntries, ...googleEntries, ...replicateEntries, ...xaiEntries];

describe('catalog entries', () => {
  it.each(providerEntries.map((entry) => [entry.id, entry] as const))(
    '%s is consistent and sourced',
    (_id, entry) => {
      expect(entry.id).toBe(`${entry.provider}:${entry.modelId}`);
      expect(entry.pricing.source.length).toBeGreaterThan(10);
      expect(entry.pricing.asOf).toMatch(/\d{4}-\d{2}/);
      expect(entry.pricing.perSecondUsd).toBeGreaterThan(0);
      expect(entry.sources.length).toBeGreaterThan(0);
      expect(entry.typicalGeneration.source.length).toBeGreaterThan(0);
      const durations = supportedDurations(entry);
      expect(durations).toContain(entry.defaultDurationSeconds);
      expect(Math.max(...durations)).toBe(entry.maxDurationPerCallSeconds);
      expect(entry.sizes.map((size) => size.size)).toContain(entry.defaultSize);
      for (const size of entry.sizes) {
        expect(size.size).toBe(`${size.width}x${size.height}`);
        expect((size.width % 2) + (size.height % 2)).toBe(0);
      }
    },
  );
});

describe('every catalog option is accepted by the emulator face', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startProviderEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it.each(providerEntries.map((entry) => [entry.id, entry] as const))('%s', async (_id, entry) => {
    const binding = emulatorProviders({ url: emulator.url, speed: 1, apiKey: EMULATOR_KEY }).get(
      entry.provider,
    )!;
    const model = binding.videoModel(entry.modelId);
    const calls: Array<{ size: string; duration: number }> = [
      ...entry.sizes.map((size) => ({
        size: size.size,
        duration: size.height >= 1080 && entry.provider === 'google' ? 8 : entry.defaultDurationSeconds,
      })),
      ...supportedDurations(entry).map((duration) => ({ size: entry.defaultSize, duration })),
    ];
    for (const call of calls) {
      const started = await model.doStart!({
        prompt: `catalog check ${call.size} ${call.duration}s`,
        n: 1,
        resolution: call.size as `${number}x${number}`,
        duration: call.duration,
        aspectRatio: undefined,
        fps: undefined,
        seed: undefined,
        image: undefined,
        frameImages: undefined,
        inputReferences: undefined,
        generateAudio: undefined,
        providerOptions: {},
        headers: {},
      } as never);
      expect(binding.jobIdOf(started.operation), `${entry.id} ${call.size} ${call.duration}s`).toBeTruthy();
    }
    const job = [...emulator.core.jobs.list(entry.provider, 'desc')][0]!;
    expect(job.model.endsWith(entry.modelId.replace(/^fal-ai\//, ''))).toBe(true);
  });
});

describe('routing', () => {
  const enabled = new Set(['fal', 'xai']);

  it('routes provider:model exactly, even for a provider that is not enabled', () => {
    const catalog = createRoutedCatalog({ enabledProviders: enabled });
    expect(catalog.resolve('google:veo-3.0-generate-001').provider).toBe('google');
  });

  it('routes a short alias to an enabled provider first', () => {
    expect(createRoutedCatalog({ enabledProviders: new Set(['google']) }).resolve('veo-3').id).toBe(
      'google:veo-3.0-generate-001',
    );
    expect(createRoutedCatalog({ enabledProviders: enabled }).resolve('kling').id).toBe(
      'fal:fal-ai/kling-video/v2.5-turbo/pro/text-to-video',
    );
  });

  it('sends retired sora names to the configured target, with a warning', () => {
    const catalog = createRoutedCatalog({ enabledProviders: enabled, retiredModelTarget: 'grok-video' });
    for (const name of ['sora-2', 'sora-2-pro', 'sora-1.0']) {
      const routed = catalog.route(name);
      expect(routed.entry.id).toBe('xai:grok-imagine-video');
      expect(routed.warnings[0]).toContain(name);
    }
  });

  it('routes a retired name to the model that makes the asked resolution or size, else names who could', () => {
    const catalog = createRoutedCatalog({ enabledProviders: new Set(['openai']) });
    expect(catalog.route('sora-1.0', { resolution: '720p' }).entry.id).toBe('openai:sora-2');
    const pro = catalog.route('sora-1.0', { resolution: '1080p' });
    expect(pro.entry.id).toBe('openai:sora-2-pro');
    expect(pro.warnings[0]).toBe(
      'model sora-1.0 is retired; routed to openai:sora-2-pro (the model here that makes 1080p).',
    );
    expect(catalog.resolve('sora-2', { size: '1792x1024' }).id).toBe('openai:sora-2-pro');
    // 480p: nothing here makes it exactly; sora-2 makes more (the request mapping warns).
    expect(catalog.route('sora-1.0', { resolution: '480p' }).entry.id).toBe('openai:sora-2');
    // A size only other providers make: refused, naming them and what this server has.
    const openaiSizes = new Set(openaiEntries.flatMap((entry) => entry.sizes.map((size) => size.size)));
    const elsewhere = allCatalogEntries
      .flatMap((entry) => entry.sizes.map((size) => size.size))
      .find((size) => !openaiSizes.has(size))!;
    let refusal: unknown;
    try {
      catalog.route('sora-1.0', { size: elsewhere });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'invalid_request', param: 'size' });
    const message = (refusal as Error).message;
    expect(message).toContain(`Models that make size ${elsewhere}:`);
    expect(message).toContain('not configured on this server');
    expect(message).toContain('Models here: sora-2, sora-2-pro');
    // Names that are not retired keep their model: the request mapping explains what it makes.
    expect(catalog.route('sora-2-pro', { resolution: '480p' }).entry.id).toBe('openai:sora-2-pro');
  });

  it('lists only enabled models when a name is unknown', () => {
    const catalog = createRoutedCatalog({ enabledProviders: new Set(['openai']) });
    expect(() => catalog.resolve('sora-9')).toThrow(/Available models: sora-2, sora-2-pro\./);
  });

  it('sends retired names to the default model when no target is set and no provider serves them', () => {
    const catalog = createRoutedCatalog({ enabledProviders: enabled, defaultModel: 'fal:fal-ai/veo3/fast' });
    expect(catalog.resolve('sora-2').id).toBe('fal:fal-ai/veo3/fast');
    expect(catalog.resolve(undefined).id).toBe('fal:fal-ai/veo3/fast');
  });

  it('keeps sora names on an enabled OpenAI-compatible endpoint that serves them', () => {
    const catalog = createRoutedCatalog({ enabledProviders: new Set(['openai', 'fal']) });
    expect(catalog.resolve('sora-2-pro').id).toBe('openai:sora-2-pro');
  });

  it('gives named OpenAI-compatible providers their own model ids', () => {
    const catalog = createRoutedCatalog({
      enabledProviders: new Set(['acme']),
      openaiCompatibleProviders: ['acme'],
    });
    expect(catalog.resolve('acme:sora-2').provider).toBe('acme');
  });

  it('refuses unknown models with invalid_request naming the known ones', () => {
    const catalog = createRoutedCatalog({ enabledProviders: enabled });
    expect(() => catalog.resolve('no-such-model')).toThrowError(/Unknown model/);
  });
});

describe('provider registry', () => {
  it('enables providers by credential, with overridable base URLs, and never describes keys', () => {
    const registry = providersFromSettings({
      settings: loadConfig({
        FAL_KEY: 'fal-secret-1',
        REELGATE_FAL_ORIGIN: 'http://127.0.0.1:9/fal',
        XAI_API_KEY: 'xai-secret-2',
        XAI_BASE_URL: 'https://proxy.example/xai/v1',
        REELGATE_OPENAI_COMPAT_ACME_BASE_URL: 'https://acme.example/v1',
        REELGATE_OPENAI_COMPAT_ACME_API_KEY: 'acme-secret-3',
      }).providers,
    });
    expect([...registry.names()].sort()).toEqual(['acme', 'fal', 'xai']);
    const described = JSON.stringify(registry.describe());
    for (const secret of ['fal-secret-1', 'xai-secret-2', 'acme-secret-3'])
      expect(described).not.toContain(secret);
    expect(registry.describe().find((item) => item.name === 'fal')).toMatchObject({
      emulated: true,
      baseURL: 'http://127.0.0.1:9/fal',
    });
    expect(registry.describe().find((item) => item.name === 'xai')).toMatchObject({
      emulated: false,
      baseURL: 'https://proxy.example/xai/v1',
    });
  });

  it('registers any VideoModelV4 in code', async () => {
    const registry = providersFromSettings({ settings: {} });
    registry.registerCustom('acme', (modelId) => ({
      specificationVersion: 'v4',
      provider: 'acme',
      modelId,
      maxVideosPerCall: 1,
      doStart: async () => ({
        operation: { jobId: 'j1' },
        warnings: [],
        response: { timestamp: new Date(), modelId, headers: undefined },
      }),
    }));
    const binding = registry.get('acme')!;
    const started = await binding.videoModel('m1').doStart!({ prompt: 'x' } as never);
    expect(binding.jobIdOf(started.operation)).toBe('j1');
  });
});

describe('GET /v1/models and reelgate models', () => {
  const catalog = createRoutedCatalog({ enabledProviders: new Set(['google']) });
  const app = modelsRoutes({ catalog, enabledProviders: () => new Set(['google']) });

  it('lists only enabled models, with durations, sizes, price and source', async () => {
    const response = await app.request('/v1/models');
    const body = (await response.json()) as ReturnType<typeof listModels>;
    expect(body.object).toBe('list');
    expect(body.data.length).toBe(googleEntries.length);
    expect(body.data.every((model) => model.provider === 'google' && model.enabled)).toBe(true);
    const veo = body.data.find((model) => model.id === 'google:veo-3.0-generate-001')!;
    expect(veo.durations).toEqual({ kind: 'list', seconds: [4, 6, 8] });
    expect(veo.pricing.source).toContain('ai.google.dev');
    expect(veo.sizes.map((size) => size.size)).toContain('720x1280');
    const all = (await (await app.request('/v1/models?all=true')).json()) as ReturnType<typeof listModels>;
    expect(all.data.length).toBeGreaterThan(body.data.length);
    const one = (await (await app.request('/v1/models/veo-3')).json()) as { id: string };
    expect(one.id).toBe('google:veo-3.0-generate-001');
  });

  it('`reelgate models --json` prints the enabled catalog without credentials', () => {
    const output = execFileSync(process.execPath, ['src/cli/main.ts', 'models', '--json'], {
      env: { PATH: process.env.PATH ?? '', REPLICATE_API_TOKEN: 'r8_cli_secret_token' },
      encoding: 'utf8',
    });
    const listing = JSON.parse(output) as ReturnType<typeof listModels>;
    expect(listing.data.length).toBe(replicateEntries.length);
    expect(output).not.toContain('r8_cli_secret_token');
  });
});
