/** Prompt hints read as sentences for people: counted words, no "word(s)". */
import { describe, expect, it } from 'vitest';
import { lintPrompt } from '../../src/core/prompt-lint.ts';

describe('prompt hint wording', () => {
  it('counts descriptive words in plain English', () => {
    const one = lintPrompt('fox').find((warning) => warning.code === 'too_vague');
    expect(one?.message).toBe('The prompt has only one descriptive word.');
    const three = lintPrompt('red fox snow').find((warning) => warning.code === 'too_vague');
    expect(three?.message).toBe('The prompt has only 3 descriptive words.');
    for (const warning of [...lintPrompt('fox'), ...lintPrompt('red fox snow')])
      expect(warning.message).not.toMatch(/\(s\)/);
  });
});
