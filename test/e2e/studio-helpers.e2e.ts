/** The studio's pure helpers: capability discovery, tolerant readers, prompt builder and linter. */
import { describe, expect, it } from 'vitest';
import { capabilitiesFrom } from '../../web/src/api/capabilities.ts';
import { StudioApi } from '../../web/src/api/client.ts';
import { LiveGenerations } from '../../web/src/api/live.ts';
import { readEstimate, readLint, readModels, readUsage } from '../../web/src/api/readers.ts';
import type { Generation } from '../../web/src/api/types.ts';
import { explain } from '../../web/src/lib/explain.ts';
import { assemblePrompt, emptyParts, lintPrompt } from '../../web/src/lib/prompt.ts';
import { segmentsOf } from '../../web/src/lib/segments.ts';

describe('capabilities', () => {
  it('matches path templates whatever the parameter names', () => {
    const capabilities = capabilitiesFrom({
      paths: { '/v1/videos/{video_id}/remix': { post: {} }, '/v1/generations': { get: {}, post: {} } },
    });
    expect(capabilities.has('post', '/v1/videos/{id}/remix')).toBe(true);
    expect(capabilities.has('get', '/v1/videos/{id}/remix')).toBe(false);
    expect(capabilities.has('POST', '/v1/generations')).toBe(true);
    expect(capabilities.pick('post', ['/v1/storyboards', '/v1/generations'])).toBe('/v1/generations');
    expect(capabilities.pick('post', ['/v1/storyboards'])).toBeUndefined();
  });

  it('offers nothing optional for a document without paths', () => {
    expect(capabilitiesFrom(null).has('get', '/v1/models')).toBe(false);
  });
});

describe('readers', () => {
  it('reads estimates in several shapes, with notes and policy findings', () => {
    const estimate = readEstimate({
      total_usd: 1.2,
      currency: 'USD',
      notes: ['8 s rounded up to 12 s'],
      warnings: [{ message: 'size mapped to 1280x720' }],
      policy: {
        allowed: false,
        violations: [{ rule: 'real_person.public_figure', hint: 'Describe a fictional person.' }],
      },
      segments: [{}, {}],
    });
    expect(estimate.cost).toBe(1.2);
    expect(estimate.warnings).toEqual(['size mapped to 1280x720', '8 s rounded up to 12 s']);
    expect(estimate.policy).toHaveLength(1);
    expect(estimate.policy[0]?.hint).toBe('Describe a fictional person.');
    expect(estimate.details.segments).toHaveLength(2);
    expect(readEstimate({ cost: { total: 0.4, currency: 'EUR' } })).toMatchObject({
      cost: 0.4,
      currency: 'EUR',
      policy: [],
    });
  });

  it('reads lint answers with codes and suggestions', () => {
    const hints = readLint({
      warnings: [
        { code: 'missing_camera', message: 'No camera.', suggestion: 'Add "slow dolly in".' },
        'plain',
      ],
    });
    expect(hints).toEqual([
      { rule: 'missing_camera', message: 'No camera. Add "slow dolly in".', severity: 'warning' },
      { rule: 'hint', message: 'plain', severity: 'warning' },
    ]);
  });

  it('reads models and usage', () => {
    expect(
      readModels({ data: [{ id: 'sora-2', owned_by: 'openai', max_duration: 20 }, { name: 'no id' }] }),
    ).toEqual([{ id: 'sora-2', provider: 'openai', max_duration: 20 }]);
    const usage = readUsage({
      day: { spent: 1, budget: 5 },
      month: { spent: 3 },
      budget: { month: 50 },
      per_model: [{ model: 'sora-2', count: 3, cost: 3 }],
    });
    expect(usage).toMatchObject({ spentToday: 1, budgetDay: 5, spentMonth: 3, budgetMonth: 50 });
    expect(usage.perModel).toEqual([{ model: 'sora-2', count: 3, cost: 3 }]);
  });
});

describe('prompt help', () => {
  it('assembles the builder parts into sentences', () => {
    const prompt = assemblePrompt({
      ...emptyParts,
      subject: 'a red fox',
      action: 'trotting through snow',
      camera: 'slow tracking shot',
      style: 'cinematic',
      mood: 'calm',
    });
    expect(prompt).toBe(
      'A red fox trotting through snow. Camera: slow tracking shot. Style: cinematic, calm mood.',
    );
    expect(assemblePrompt(emptyParts)).toBe('');
  });

  it('lints what is missing and stays quiet for a complete prompt', () => {
    expect(lintPrompt('a fox').map((hint) => hint.rule)).toEqual(['vague', 'camera', 'lighting', 'style']);
    expect(lintPrompt('A red fox in snow, slow dolly in, golden hour light, cinematic 35mm film')).toEqual(
      [],
    );
    expect(
      lintPrompt('x '.repeat(30) + 'aerial shot, neon light, anime style', 40).map((h) => h.rule),
    ).toEqual(['too_long']);
  });

  it('explains refusals by code and prefers the server hint', () => {
    expect(explain({ code: 'input_refused' }).refusal).toBe(true);
    expect(explain({ type: 'content_policy_violation' }).refusal).toBe(true);
    expect(explain({ code: 'provider_outage', hint: 'Try model X.' }).advice).toBe('Try model X.');
    expect(explain({ code: 'something_new' }).title).toMatch(/went wrong/);
  });
});

describe('segments', () => {
  it('reads the parts of a long video or storyboard in either shape', () => {
    const base = { id: 'gen_1', status: 'running' } as unknown as Generation;
    expect(segmentsOf(base)).toEqual([]);
    const storyboard = {
      ...base,
      plan: {
        segments: [
          { index: 0, shot_index: 0, duration_seconds: 4, status: 'completed' },
          { index: 1, shot_index: 1, durationSeconds: 8, state: 'running', progress: 40 },
        ],
      },
    } as unknown as Generation;
    expect(segmentsOf(storyboard)).toEqual([
      { index: 0, shotIndex: 0, status: 'completed', progress: 100, duration: 4, prompt: null },
      { index: 1, shotIndex: 1, status: 'running', progress: 40, duration: 8, prompt: null },
    ]);
  });
});

describe('live store', () => {
  const api = new StudioApi({
    apiKey: 'k',
    baseUrl: 'http://127.0.0.1:9',
    fetch: async () => new Response('{}'),
  });
  const at = (status: string, updated: number, progress = 0) =>
    ({ id: 'gen_1', status, updated_at: updated, created_at: 1, progress }) as unknown as Generation;

  it('never moves a generation backwards when answers and events cross', () => {
    const live = new LiveGenerations(api);
    live.upsert(at('failed', 10));
    live.upsert(at('queued', 10)); // the create answer landing after the stream's "failed"
    expect(live.get('gen_1')?.status).toBe('failed');
    const other = new LiveGenerations(api);
    other.upsert(at('running', 10, 50));
    other.upsert(at('running', 10, 20));
    expect(other.get('gen_1')?.progress).toBe(50);
    other.upsert(at('running', 11, 60));
    other.upsert(at('completed', 11, 100));
    expect(other.get('gen_1')?.status).toBe('completed');
  });

  it('forgets deleted generations for good', () => {
    const live = new LiveGenerations(api);
    live.upsert(at('completed', 10));
    live.remove('gen_1');
    live.upsert(at('completed', 12));
    expect(live.get('gen_1')).toBeUndefined();
    expect(live.isDeleted('gen_1')).toBe(true);
  });
});
