/** The pre-flight check names every matched term, so fixing one word never reveals the next. */
import { describe, expect, it } from 'vitest';
import { assertContentPolicy, checkContentPolicy } from '../../src/core/content-policy.ts';

describe('content policy findings', () => {
  it('lists every matched term of every rule', () => {
    const found = checkContentPolicy('Taylor Swift in a scene of gore and a decapitation, blood everywhere');
    const terms = found.map((violation) => violation.matched.toLowerCase());
    expect(terms).toContain('taylor swift');
    expect(terms).toContain('gore');
    expect(terms.some((term) => term.startsWith('decapitat'))).toBe(true);
  });
});

describe('the refusal message', () => {
  it('names every matched term of every rule, with the rule to allow', () => {
    let message = '';
    try {
      assertContentPolicy('Taylor Swift in a scene of gore and a decapitation, blood everywhere');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.toLowerCase()).toContain('"taylor swift"');
    expect(message).toContain('"gore"');
    expect(message).toMatch(/"decapitat\w*"/);
    expect(message).toContain('rule real_person.public_figure');
    expect(message).toContain('rule graphic_violence.gore');
  });
});
