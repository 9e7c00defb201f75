/**
 * Fallback routing against the emulator faces: a start that fails before any job exists (429,
 * a capacity error, a connection that never reached the provider, a refused request) moves the
 * generation to the next model of its list, which completes with exactly one job made and its
 * own cost charged; every attempt is listed. An ambiguous start (5xx) and a content refusal
 * (unless asked) do not fall back. The circuit breaker skips a provider after repeated outages
 * and tries it again after the cool-down (fake time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCatalog } from '../../src/core/catalog/index.ts';
import { estimateSingle } from '../../src/core/cost-estimate.ts';
import { listProviderCircuits } from '../../src/db/queries/provider-circuit.ts';
import { modelsRoutes } from '../../src/http/routes/models.ts';
import { imageFixture } from '../emulator/helpers.ts';
import { createOptionsWorld, type OptionsWorld } from './world.ts';

const KLING = 'fal:fal-ai/kling-video/v2.5-turbo/pro/text-to-video';
const VEO_FAST = 'google:veo-3.1-fast-generate-preview';
const catalog = createDefaultCatalog();

const falRateLimited = {
  status: 429,
  body: { detail: 'Rate limit exceeded, please retry later.' },
  headers: { 'retry-after': '30' },
};
const googleExhausted = {
  status: 429,
  body: {
    error: {
      code: 429,
      message: 'Resource has been exhausted (e.g. check quota).',
      status: 'RESOURCE_EXHAUSTED',
    },
  },
};
const falRefusal = {
  status: 422,
  body: {
    detail: [{ type: 'content_policy_violation', loc: ['body', 'prompt'], msg: 'The prompt was flagged.' }],
  },
};

let world: OptionsWorld;

beforeAll(async () => {
  world = await createOptionsWorld({
    policy: { circuit: { failureThreshold: 3, coolDownMs: 600_000 } },
    env: {
      REELGATE_MODEL_ALIASES: `fast-video=${KLING},${VEO_FAST}`,
      REELGATE_DEFAULT_MODELS: `${VEO_FAST},fal:fal-ai/veo3/fast`,
    },
  });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

interface Attempt {
  model: string;
  status: string;
  error: { code: string } | null;
  cost: number | null;
}

async function createWithList(body: Record<string, unknown>) {
  const response = await world.request('/v1/generations', { body });
  const json = (await response.json()) as { id: string; model: string; attempts: Attempt[] };
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function generation(id: string) {
  const response = await world.request(`/v1/generations/${id}`);
  return (await response.json()) as {
    status: string;
    model: string;
    provider: string;
    cost: number | null;
    error: { code: string } | null;
    attempts: Attempt[];
    warnings: string[];
  };
}

async function jobsCreated(): Promise<number> {
  const stats = (await (await fetch(`${world.emulator.url}/_emulator/stats`)).json()) as {
    jobsCreated: { total: number };
  };
  return stats.jobsCreated.total;
}

async function resetCircuits() {
  await world.reelgate.db.query('DELETE FROM provider_circuits');
}

describe('fallback on starts that made no job', () => {
  it('a 429 from the first face ends completed on the second: one job, its cost, both attempts', async () => {
    await resetCircuits();
    const jobsBefore = await jobsCreated();
    world.traffic.failNext('fal', falRateLimited);
    const created = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a lighthouse at dusk, waves breaking on the rocks',
      duration: 4,
    });
    expect(created.model).toBe(KLING);
    const done = await world.settle(created.id);
    expect(done.status).toBe('completed');
    const shown = await generation(created.id);
    expect(shown.model).toBe(VEO_FAST);
    expect(shown.provider).toBe('google');
    expect(await jobsCreated()).toBe(jobsBefore + 1);
    const veo = catalog.resolve(VEO_FAST);
    const size = veo.sizes.find((item) => item.size === '1280x720')!;
    expect(shown.cost).toBeCloseTo(estimateSingle(veo, size, 4).totalUsd, 4);
    expect(
      shown.attempts.map((attempt) => [attempt.model, attempt.status, attempt.error?.code ?? null]),
    ).toEqual([
      [KLING, 'failed', 'provider_rate_limited'],
      [VEO_FAST, 'completed', null],
    ]);
    expect(shown.attempts[0]!.cost).toBe(0);
    expect(shown.warnings.some((warning) => warning.includes('fell back to google:veo-3.1-fast'))).toBe(true);
    // The OpenAI surface (and the webhooks, which present the same resource) lists them too.
    const video = (await (await world.request(`/v1/videos/${created.id}`)).json()) as { attempts: Attempt[] };
    expect(video.attempts).toHaveLength(2);
  });

  it('a job that failed at the provider (not charged) falls back to the next model: one job each', async () => {
    await resetCircuits();
    const jobsBefore = await jobsCreated();
    world.traffic.faultNext('fal', 'fail');
    const created = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a paper lantern rising over a river at night',
      duration: 4,
    });
    const done = await world.settle(created.id);
    expect(done.status).toBe('completed');
    const shown = await generation(created.id);
    expect(shown.model).toBe(VEO_FAST);
    // The failed job at fal, then one at Google: no second job at the failing provider.
    expect(await jobsCreated()).toBe(jobsBefore + 2);
    expect(
      shown.attempts.map((attempt) => [attempt.model, attempt.status, attempt.error?.code ?? null]),
    ).toEqual([
      [KLING, 'failed', 'provider_outage'],
      [VEO_FAST, 'completed', null],
    ]);
    expect(shown.attempts[0]!.cost).toBe(0);
  });

  it('a capacity error (RESOURCE_EXHAUSTED) from Google falls back to fal', async () => {
    await resetCircuits();
    const jobsBefore = await jobsCreated();
    world.traffic.failNext('google', googleExhausted);
    const created = await createWithList({
      model: [VEO_FAST, 'fal:fal-ai/veo3/fast'],
      prompt: 'a hummingbird at a feeder, slow motion',
      duration: 4,
      seed: 77,
    });
    const done = await world.settle(created.id);
    expect(done.status).toBe('completed');
    const shown = await generation(created.id);
    expect(shown.model).toBe('fal:fal-ai/veo3/fast');
    expect(await jobsCreated()).toBe(jobsBefore + 1);
    // The request's options were mapped to the new model too.
    expect(world.traffic.receivedBy('fal').at(-1)!.body).toMatchObject({ seed: 77, duration: '4s' });
  });

  it('a fallback to a model that takes no reference images says the assets were not sent', async () => {
    await resetCircuits();
    const png = Buffer.from(imageFixture(320, 180, 'png')).toString('base64');
    const asset = await world.request('/v1/assets', {
      body: { kind: 'character', name: 'Mira', image_url: `data:image/png;base64,${png}` },
    });
    expect(asset.status).toBe(200);
    const { id: assetId } = (await asset.json()) as { id: string };
    world.traffic.failNext('google', googleExhausted);
    const created = await createWithList({
      model: [VEO_FAST, 'fal:fal-ai/veo3/fast'],
      prompt: 'Mira walks along the pier at dawn',
      duration: 4,
      assets: [assetId],
    });
    // Veo 3.1 takes reference images: no warning at create.
    expect(JSON.stringify((await generation(created.id)).warnings)).not.toContain('assets are not sent');
    expect((await world.settle(created.id)).status).toBe('completed');
    const shown = await generation(created.id);
    expect(shown.model).toBe('fal:fal-ai/veo3/fast');
    expect(shown.warnings).toContainEqual(
      expect.stringMatching(/^assets are not sent to fal-ai\/veo3\/fast:/),
    );
  });

  it('a connection that never reached the provider falls back', async () => {
    await resetCircuits();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    world.traffic.failNext('fal', { error: new TypeError('fetch failed', { cause: refused }) });
    const created = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a red fox in fresh snow',
      duration: 4,
    });
    const done = await world.settle(created.id);
    expect(done.status).toBe('completed');
    expect((await generation(created.id)).model).toBe(VEO_FAST);
  });

  it('an ambiguous start (5xx) does not fall back: it stays on the same model', async () => {
    await resetCircuits();
    const googleBefore = world.traffic.receivedBy('google').length;
    world.traffic.failNext('fal', { status: 503, body: { detail: 'Service temporarily unavailable' } });
    const created = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a paper boat on a rainy street',
      duration: 5,
    });
    const done = await world.settle(created.id);
    const shown = await generation(created.id);
    // Whatever the never-pay-twice handling decides (re-send, reconcile, or start_unconfirmed),
    // the generation never moves to another provider while a job may exist.
    expect(shown.model).toBe(KLING);
    expect(shown.attempts.map((attempt) => attempt.model)).toEqual([KLING]);
    expect(world.traffic.receivedBy('google').length).toBe(googleBefore);
    if (done.status !== 'completed') expect(shown.error?.code).toBe('start_unconfirmed');
  });

  it('a content refusal does not fall back unless the request asks for it', async () => {
    await resetCircuits();
    world.traffic.failNext('fal', falRefusal);
    const refused = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a crowded market street',
      duration: 4,
    });
    const ended = await world.settle(refused.id);
    expect(ended.status).toBe('failed');
    const shown = await generation(refused.id);
    expect(shown.error?.code).toBe('input_refused');
    expect(shown.model).toBe(KLING);

    world.traffic.failNext('fal', falRefusal);
    const asked = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a crowded market street',
      duration: 4,
      fallback_on_refusal: true,
    });
    const done = await world.settle(asked.id);
    expect(done.status).toBe('completed');
    const after = await generation(asked.id);
    expect(after.model).toBe(VEO_FAST);
    expect(after.attempts[0]!.error?.code).toBe('input_refused');
  });

  it('a provider option no model of the list takes is a 400; one that only some take goes to those', async () => {
    const bad = await world.request('/v1/generations', {
      body: { model: [KLING, VEO_FAST], prompt: 'a fox', provider_options: { cfg_scal: 0.3 } },
    });
    expect(bad.status).toBe(400);
    const good = await world.request('/v1/generations', {
      body: { model: [KLING, VEO_FAST], prompt: 'a fox', duration: 5, provider_options: { cfg_scale: 0.3 } },
    });
    expect(good.status).toBe(200);
    const { id } = (await good.json()) as { id: string };
    expect((await world.settle(id)).status).toBe('completed');
    expect(world.traffic.receivedBy('fal').at(-1)!.body).toMatchObject({ cfg_scale: 0.3 });
  });

  it('an unknown model in the list is a 400', async () => {
    const response = await world.request('/v1/generations', {
      body: { model: [KLING, 'google:veo-9'], prompt: 'a fox' },
    });
    expect(response.status).toBe(400);
  });
});

describe('where the list comes from', () => {
  it('an alias expands to its list; no model means the account default, else the server default', async () => {
    await resetCircuits();
    const aliased = await createWithList({ model: 'fast-video', prompt: 'a kite over a beach', duration: 4 });
    expect(aliased.model).toBe(KLING);
    expect(aliased.attempts.map((attempt) => attempt.model)).toEqual([KLING]);
    const stored = await world.reelgate.db.query<{ inputs: { fallback?: { models: string[] } } }>(
      'SELECT inputs FROM generations WHERE id = $1',
      [aliased.id],
    );
    expect(stored.rows[0]!.inputs.fallback?.models).toEqual([KLING, VEO_FAST]);

    const serverDefault = await createWithList({ prompt: 'a hummingbird', duration: 4 });
    expect(serverDefault.model).toBe(VEO_FAST);

    // The account's own list, set through its route, wins over the server's.
    const put = await world.request('/v1/account/default-models', {
      method: 'PUT',
      body: { models: ['fal:fal-ai/veo3/fast', VEO_FAST] },
    });
    expect(put.status).toBe(200);
    const unknown = await world.request('/v1/account/default-models', {
      method: 'PUT',
      body: { models: ['google:veo-9'] },
    });
    expect(unknown.status).toBe(400);
    const accountDefault = await createWithList({ prompt: 'a sailboat', duration: 4 });
    expect(accountDefault.model).toBe('fal:fal-ai/veo3/fast');
    const cleared = await world.request('/v1/account/default-models', {
      method: 'PUT',
      body: { models: null },
    });
    expect(((await cleared.json()) as { models: unknown }).models).toBeNull();
    for (const id of [aliased.id, serverDefault.id, accountDefault.id]) await world.settle(id);
  });
});

describe('circuit breaker shared on the database', () => {
  it('skips a provider after repeated outages and tries it again after the cool-down', async () => {
    await resetCircuits();
    // Three rate-limited starts in a row open fal's circuit (threshold 3).
    for (let index = 0; index < 3; index++) {
      world.traffic.failNext('fal', falRateLimited);
      const created = await createWithList({
        model: [KLING, VEO_FAST],
        prompt: `a kite over a beach ${index}`,
        duration: 4,
      });
      expect((await world.settle(created.id)).status).toBe('completed');
    }
    const [fal] = (await listProviderCircuits(world.reelgate.db)).filter((state) => state.provider === 'fal');
    expect(fal?.consecutiveFailures).toBe(3);
    expect(fal?.openedUntil).toBeGreaterThan(world.clock.now());

    // While open, a list starts on the next model and fal receives nothing.
    const falBefore = world.traffic.receivedBy('fal').length;
    const skipped = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a sailboat at sunrise',
      duration: 4,
    });
    expect(skipped.model).toBe(VEO_FAST);
    expect(skipped.attempts[0]).toMatchObject({ model: KLING, status: 'skipped' });
    expect((await world.settle(skipped.id)).status).toBe('completed');
    expect(world.traffic.receivedBy('fal').length).toBe(falBefore);

    // /metrics and GET /v1/models say so.
    const metrics = await world.reelgate.renderMetrics();
    expect(metrics).toMatch(/reelgate_provider_circuit_open\{provider="fal"\} 1/);
    const models = modelsRoutes({
      catalog: world.reelgate.catalog,
      enabledProviders: () => new Set(world.reelgate.providers.keys()),
      circuits: async () => ({
        states: await listProviderCircuits(world.reelgate.db),
        nowMs: world.clock.now(),
      }),
    });
    const kling = (await (await models.request(`/v1/models/${KLING}`)).json()) as {
      circuit: { status: string; open_until: number | null };
      options: { negative_prompt: string; provider_options: Record<string, unknown> };
    };
    expect(kling.circuit.status).toBe('open');
    expect(kling.options.negative_prompt).toBe('honoured');
    expect(Object.keys(kling.options.provider_options)).toEqual(['cfg_scale']);

    // After the cool-down fal is tried again; a start that works closes the circuit.
    await world.clock.advance(601_000);
    const probe = await createWithList({
      model: [KLING, VEO_FAST],
      prompt: 'a city street at night',
      duration: 5,
    });
    expect(probe.model).toBe(KLING);
    expect((await world.settle(probe.id)).status).toBe('completed');
    expect(world.traffic.receivedBy('fal').length).toBe(falBefore + 1);
    await expect
      .poll(async () => (await listProviderCircuits(world.reelgate.db)).find((s) => s.provider === 'fal'))
      .toMatchObject({ consecutiveFailures: 0, openedUntil: null });
    expect(await world.reelgate.renderMetrics()).toMatch(
      /reelgate_provider_circuit_open\{provider="fal"\} 0/,
    );
  });
});
