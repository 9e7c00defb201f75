/** The studio's "API" tab and routes with assets: the code shown is the request sent. */
import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../web/src/lib/route.ts';
import { snippets, wireBody } from '../../web/src/lib/snippets.ts';

describe('assets in the studio helpers', () => {
  it("puts a generation's and each shot's assets in the body and in the code", () => {
    const generation = {
      kind: 'generation' as const,
      params: { prompt: 'Mira waves', assets: ['asset_a1'] },
    };
    expect(wireBody(generation)).toEqual({ prompt: 'Mira waves', assets: ['asset_a1'] });
    const code = snippets(generation, 'http://127.0.0.1:8787');
    expect(code.client).toContain('assets: ["asset_a1"],');
    expect(code.curl).toContain('"assets": [');
    expect(code.openai).toContain('assets: ["asset_a1"],');

    const storyboard = {
      kind: 'storyboard' as const,
      shots: [
        { prompt: 'Mira at the door', duration: 4, assets: ['asset_a1'] },
        { prompt: 'The sea', duration: 4 },
      ],
    };
    expect(wireBody(storyboard)).toEqual({
      shots: [
        { prompt: 'Mira at the door', duration: 4, assets: ['asset_a1'] },
        { prompt: 'The sea', duration: 4 },
      ],
    });
    expect(snippets(storyboard, 'http://x').client).toContain(
      '{ prompt: "Mira at the door", duration: 4, assets: ["asset_a1"] },',
    );
  });

  it('has an Assets route', () => {
    expect(parseRoute('#/assets')).toEqual({ name: 'assets' });
    expect(href({ name: 'assets' })).toBe('#/assets');
  });
});
