/**
 * Optional prompt enhancement: off by default (no route), configured from the environment as
 * an AI SDK language model, and when on, the rewritten prompt must still pass the policy check.
 */
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlanningOptions } from '../../src/app/long-video-config.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const loadPlanningOptions = (env: Record<string, string>) => createPlanningOptions(loadConfig(env).planning);
import { type LongHarness, startLongHarness } from './harness.ts';

let h: LongHarness | undefined;
afterAll(async () => {
  await h?.close();
});

function answering(text: string) {
  return new MockLanguageModelV4({
    doGenerate: async () => ({
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 20, text: 20, reasoning: 0 },
      },
      warnings: [],
    }),
  });
}

describe('prompt enhancement', () => {
  it('is off unless REELGATE_PROMPT_ENHANCER names a model', async () => {
    expect((await loadPlanningOptions({})).enhancer).toBeUndefined();
    const google = await loadPlanningOptions({ REELGATE_PROMPT_ENHANCER: 'google:gemini-2.5-flash' });
    expect(google.enhancer?.model).toBeDefined();
    expect(() => loadConfig({ REELGATE_PROMPT_ENHANCER: 'gpt' })).toThrow(/google:<model>/);
    expect(
      (await loadPlanningOptions({ REELGATE_POLICY_ALLOW_RULES: 'copyrighted_character' })).policy,
    ).toEqual({
      allowRules: ['copyrighted_character'],
    });
  });

  it('rewrites through the configured model, and refuses a rewrite that breaks the policy', async () => {
    const model = answering(
      'Here is the rewritten prompt: A red fox trots through snow. Camera: slow dolly in.',
    );
    h = await startLongHarness({ overrides: { planning: { enhancer: { model } } } });
    const done = await h.api('POST', '/v1/prompts/enhance', { prompt: 'a fox in snow', duration: 8 });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      prompt: 'A red fox trots through snow. Camera: slow dolly in.',
      original: 'a fox in snow',
      enhanced: true,
    });
    const [call] = model.doGenerateCalls;
    expect(JSON.stringify(call?.prompt)).toContain('a fox in snow');

    const bad = answering('Pikachu trots through snow, slow dolly in.');
    const h2 = await startLongHarness({ overrides: { planning: { enhancer: { model: bad } } } });
    try {
      const refused = await h2.api('POST', '/v1/prompts/enhance', { prompt: 'a yellow creature in snow' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('input_refused');
    } finally {
      await h2.close();
    }
  });
});
