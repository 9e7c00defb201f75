import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import {
  assertContentPolicy,
  checkContentPolicy,
  normalizeForPolicy,
} from '../../src/core/content-policy.ts';
import { cleanAnswer, enhancePrompt } from '../../src/core/enhance-prompt.ts';
import { isReelgateError } from '../../src/core/errors.ts';
import { buildPrompt } from '../../src/core/prompt-builder.ts';
import { lintPrompt } from '../../src/core/prompt-lint.ts';

const codes = (prompt: string, options = {}) => lintPrompt(prompt, options).map((warning) => warning.code);

describe('buildPrompt', () => {
  const parts = {
    subject: 'a red fox',
    action: 'trots through fresh snow',
    setting: 'in a birch forest at dawn',
    camera: 'slow tracking shot at ground level',
    lighting: 'soft golden backlight',
    style: '35mm film, shallow depth of field',
    mood: 'calm and hushed',
    details: 'breath visible in the cold air.',
  };

  it('assembles all parts in order into clean sentences', () => {
    expect(buildPrompt(parts)).toBe(
      'A red fox trots through fresh snow in a birch forest at dawn. Camera: slow tracking shot at ground level. ' +
        'Lighting: soft golden backlight. Style: 35mm film, shallow depth of field. Mood: calm and hushed. ' +
        'Breath visible in the cold air.',
    );
  });

  it('skips empty parts, collapses whitespace and needs a subject', () => {
    expect(buildPrompt({ subject: '  a   lighthouse ', lighting: '  ', camera: 'aerial orbit.' })).toBe(
      'A lighthouse. Camera: aerial orbit.',
    );
    let caught: unknown;
    try {
      buildPrompt({ subject: ' ' });
    } catch (error) {
      caught = error;
    }
    expect(isReelgateError(caught) && caught.code).toBe('invalid_request');
    expect(isReelgateError(caught) && caught.param).toBe('subject');
  });

  it('a fully built prompt passes the linter, a bare subject does not', () => {
    expect(codes(buildPrompt(parts), { durationSeconds: 8 })).toEqual([]);
    expect(codes(buildPrompt({ subject: 'a fox' }))).toEqual(
      expect.arrayContaining(['too_vague', 'missing_camera', 'missing_lighting', 'missing_style']),
    );
  });
});

describe('lintPrompt', () => {
  it('warns about missing camera, lighting and style with reasons and suggestions', () => {
    const warnings = lintPrompt(
      'An old fisherman mends a net on a wooden pier while gulls circle overhead nearby',
    );
    expect(warnings.map((warning) => warning.code)).toEqual([
      'missing_camera',
      'missing_lighting',
      'missing_style',
    ]);
    for (const warning of warnings) {
      expect(warning.reason.length).toBeGreaterThan(10);
      expect(warning.suggestion.length).toBeGreaterThan(10);
    }
  });

  it('recognises camera, lighting and style vocabulary', () => {
    expect(
      codes('Handheld close-up of an old fisherman mending a net on a pier, neon light, grainy VHS look'),
    ).toEqual([]);
  });

  it('flags vague prompts', () => {
    expect(codes('something cool')).toContain('too_vague');
    expect(codes('a cinematic video of some amazing stuff, wide shot, golden hour')).toContain('too_vague');
  });

  it("flags a prompt longer than the model's limit", () => {
    const prompt = `Wide shot of a harbour at golden hour, cinematic. ${'Boats bob on the water. '.repeat(10)}`;
    const warning = lintPrompt(prompt, { maxLength: 100 }).find((item) => item.code === 'too_long');
    expect(warning?.message).toContain(String(prompt.length));
    expect(lintPrompt(prompt, { maxLength: 5000 }).some((item) => item.code === 'too_long')).toBe(false);
  });

  it('flags negations and overloaded short clips', () => {
    expect(codes('Wide shot of an empty street at dusk with no cars, cinematic')).toContain(
      'negative_phrasing',
    );
    const busy =
      'Wide shot, golden hour, cinematic. A man opens a door. Then he runs down stairs. Next he jumps in a car. Finally he drives off.';
    expect(codes(busy, { durationSeconds: 4 })).toContain('overloaded');
    expect(codes(busy, { durationSeconds: 20 })).not.toContain('overloaded');
  });

  it('reports an empty prompt alone', () => {
    expect(codes('   ')).toEqual(['empty']);
  });
});

describe('content policy', () => {
  it('refuses real public figures with input_refused naming the rule and a hint', () => {
    let caught: unknown;
    try {
      assertContentPolicy('Taylor Swift dancing on the moon, cinematic');
    } catch (error) {
      caught = error;
    }
    expect(isReelgateError(caught)).toBe(true);
    if (!isReelgateError(caught)) return;
    expect(caught.code).toBe('input_refused');
    expect(caught.status).toBe(400);
    expect(caught.retryable).toBe(false);
    expect(caught.param).toBe('prompt');
    expect(caught.message).toContain('real_person.public_figure');
    expect(caught.hint).toMatch(/fictional/);
    expect(caught.details?.rule).toBe('real_person.public_figure');
    expect(caught.toJSON().error.code).toBe('input_refused');
  });

  it('catches graphic violence and copyrighted characters despite case, accents, hyphens and spacing', () => {
    expect(checkContentPolicy('A knight is DECAPITATED in battle')[0]?.category).toBe('graphic_violence');
    expect(checkContentPolicy('spider-man swings between buildings')[0]?.rule).toBe(
      'copyrighted_character.well_known',
    );
    expect(checkContentPolicy('SpiderMan at night')[0]?.category).toBe('copyrighted_character');
    expect(checkContentPolicy('Beyoncé on stage')[0]?.category).toBe('real_person');
    expect(normalizeForPolicy('Pokémon!!')).toBe(' pokemon ');
  });

  it('passes ordinary prompts and does not match inside other words', () => {
    expect(checkContentPolicy('A fox runs through snow at dawn, wide shot')).toEqual([]);
    expect(checkContentPolicy('A bat man-made cave with thorny bushes')).toEqual([]); // not "batman"
    expect(checkContentPolicy('a gorey street sign')).toEqual([]); // not "gore"
  });

  it('can be turned off per account or per rule', () => {
    expect(checkContentPolicy('Batman on a rooftop', { enabled: false })).toEqual([]);
    expect(checkContentPolicy('Batman on a rooftop', { allowRules: ['copyrighted_character'] })).toEqual([]);
    expect(checkContentPolicy('Batman on a rooftop', { allowRules: ['real_person'] })).toHaveLength(1);
  });

  it('accepts operator rules', () => {
    const extraRules = [
      {
        id: 'custom.brand',
        category: 'copyrighted_character' as const,
        description: 'names a brand',
        phrases: ['acme corp'],
        hint: 'Use a made-up brand.',
      },
    ];
    expect(checkContentPolicy('An Acme-Corp truck', { extraRules })[0]?.rule).toBe('custom.brand');
  });
});

function textModel(answer: string | (() => never)) {
  return new MockLanguageModelV4({
    doGenerate: async () => {
      if (typeof answer === 'function') answer();
      return {
        content: [{ type: 'text', text: answer as string }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 20, text: 20, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
}

describe('enhancePrompt', () => {
  it('is off by default: no model, the prompt is returned unchanged', async () => {
    expect(await enhancePrompt(null, { prompt: 'a fox' })).toEqual({
      prompt: 'a fox',
      original: 'a fox',
      enhanced: false,
    });
  });

  it('rewrites through the configured language model and passes duration and length limits', async () => {
    const model = textModel(
      '"A red fox trots through snow at dawn. Low tracking shot, golden backlight, 35mm film."',
    );
    const result = await enhancePrompt(
      { model },
      { prompt: 'a fox in snow', durationSeconds: 8, maxLength: 300 },
    );
    expect(result).toEqual({
      prompt: 'A red fox trots through snow at dawn. Low tracking shot, golden backlight, 35mm film.',
      original: 'a fox in snow',
      enhanced: true,
    });
    const call = model.doGenerateCalls[0];
    const sent = JSON.stringify(call?.prompt);
    expect(sent).toContain('a fox in snow');
    expect(sent).toContain('8 seconds');
    expect(sent).toContain('300 characters');
  });

  it('keeps the original when the model answers nothing, and wraps failures in a typed error', async () => {
    expect((await enhancePrompt({ model: textModel('   ') }, { prompt: 'a fox' })).enhanced).toBe(false);
    const failing = textModel(() => {
      throw new Error('boom');
    });
    const error = await enhancePrompt({ model: failing }, { prompt: 'a fox' }).catch(
      (caught: unknown) => caught,
    );
    expect(isReelgateError(error) && error.code).toBe('provider_outage');
  });

  it('cleans preambles and cuts over-long answers at a sentence boundary', () => {
    expect(cleanAnswer("Here's the rewritten prompt: A fox runs.")).toBe('A fox runs.');
    expect(cleanAnswer('One sentence here. Another sentence that is long.', 30)).toBe('One sentence here.');
    expect(cleanAnswer('word '.repeat(20), 12).length).toBeLessThanOrEqual(12);
  });
});
