/**
 * The studio's pure helpers: capability discovery, model-aware choices, policy highlighting,
 * part labels, download names, code snippets, reorder, routes, the live store.
 */
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../src/client/index.ts';
import { capabilitiesFrom } from '../../web/src/api/capabilities.ts';
import { StudioApi } from '../../web/src/api/client.ts';
import { LiveGenerations } from '../../web/src/api/live.ts';
import type { Generation } from '../../web/src/api/types.ts';
import { assertContentPolicy } from '../../src/core/content-policy.ts';
import { explain, shownMessage } from '../../web/src/lib/explain.ts';
import { downloadName } from '../../web/src/lib/filename.ts';
import { titleOf } from '../../web/src/lib/format.ts';
import { durationOptions, fitChoice, outputFields, sizeOptions } from '../../web/src/lib/options.ts';
import { highlight, policyView } from '../../web/src/lib/policy.ts';
import { assemblePrompt, emptyParts, lintPrompt } from '../../web/src/lib/prompt.ts';
import { moveItem } from '../../web/src/lib/reorder.ts';
import { href, parseRoute } from '../../web/src/lib/route.ts';
import { overallProgress, segmentsOf } from '../../web/src/lib/segments.ts';
import { snippets } from '../../web/src/lib/snippets.ts';

const sora = {
  id: 'openai:sora-2',
  display_name: 'Sora 2',
  durations: { kind: 'list', seconds: [4, 8, 12, 16, 20] },
  default_duration_seconds: 4,
  max_duration_per_call_seconds: 20,
  sizes: [
    { size: '1280x720', resolution: '720p', orientation: 'landscape' },
    { size: '720x1280', resolution: '720p', orientation: 'portrait' },
  ],
  default_size: '720x1280',
} as unknown as ModelInfo;

describe('capabilities', () => {
  it('matches path templates whatever the parameter names', () => {
    const capabilities = capabilitiesFrom({
      paths: { '/v1/videos/{video_id}/remix': { post: {} }, '/v1/generations': { get: {}, post: {} } },
    });
    expect(capabilities.has('post', '/v1/videos/{id}/remix')).toBe(true);
    expect(capabilities.has('get', '/v1/videos/{id}/remix')).toBe(false);
    expect(capabilities.pick('post', ['/v1/storyboards', '/v1/generations'])).toBe('/v1/generations');
  });
});

describe('choices follow the model', () => {
  it('offers only the model sizes and durations, then stitched lengths', () => {
    expect(sizeOptions(sora).map((option) => option.value)).toEqual(['1280x720', '720x1280']);
    const durations = durationOptions(sora);
    expect(durations.filter((d) => d.parts === 1).map((d) => d.value)).toEqual([4, 8, 12, 16, 20]);
    expect(durations.filter((d) => d.parts > 1).map((d) => [d.value, d.parts])).toEqual([
      [30, 2],
      [40, 2],
      [45, 3],
      [60, 3],
    ]);
    expect(durations.some((d) => !Number.isInteger(d.value))).toBe(false);
  });

  it('moves an impossible choice to what the model makes, landscape by default', () => {
    expect(fitChoice({ model: '', output: '480p', duration: 2.5 }, sora)).toEqual({
      model: '',
      output: '1280x720',
      duration: 4,
    });
    expect(outputFields({ model: 'x', output: '1280x720', duration: 8 })).toEqual({
      model: 'x',
      size: '1280x720',
      duration: 8,
    });
  });
});

describe('policy findings', () => {
  it('names every matched term, as written, and marks each occurrence', () => {
    const prompt = 'Taylor Swift walks through GORE; more gore and a Decapitation';
    const view = policyView(
      {
        enabled: true,
        allowed: false,
        violations: [
          {
            rule: 'real_person.public_figure',
            category: 'real_person',
            matched: 'taylor swift',
            message: '',
            hint: 'Describe a fictional person.',
          },
          {
            rule: 'graphic_violence.gore',
            category: 'graphic_violence',
            matched: 'gore',
            message: '',
            hint: 'Imply it.',
          },
          {
            rule: 'graphic_violence.gore',
            category: 'graphic_violence',
            matched: 'decapitation',
            message: '',
            hint: 'Imply it.',
          },
        ],
      },
      prompt,
    );
    expect(view?.terms).toEqual(['Taylor Swift', 'GORE', 'Decapitation']);
    expect(view?.reasons).toEqual(['names a real person', 'describes graphic violence']);
    expect(JSON.stringify(view)).not.toContain('graphic_violence.gore');
    const marked = highlight(prompt, view!.terms)
      .filter((piece) => piece.marked)
      .map((piece) => piece.text);
    expect(marked).toEqual(['Taylor Swift', 'GORE', 'gore', 'Decapitation']);
  });
});

describe('words', () => {
  it('explains by code; the user cancel is not an error', () => {
    expect(explain({ code: 'input_refused' }).kind).toBe('refusal');
    expect(explain({ code: 'canceled', hint: 'x' })).toMatchObject({ kind: 'neutral', advice: '' });
    expect(explain({ code: 'provider_outage', hint: 'Try model X.' }).advice).toBe('Try model X.');
  });

  it('shows refusal messages without the rule ids meant for operators', () => {
    let message = '';
    try {
      assertContentPolicy('Taylor Swift in a scene of gore');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('rule graphic_violence.gore');
    const shown = shownMessage(message);
    expect(shown).toContain('("gore")');
    expect(shown).not.toMatch(/graphic_violence|real_person\./);
  });

  it('names downloads after the prompt and titles storyboards by their first shot', () => {
    expect(downloadName('A red fox, trotting through fresh snow!', 'video_abc')).toBe(
      'a-red-fox-trotting-through-fresh-snow.mp4',
    );
    expect(downloadName('!!!', 'video_0123456789')).toBe('video-23456789.mp4');
    expect(
      titleOf({ prompt: 'dawn over the sea\n\na gull lands\n\nwaves', requested: { surface: 'storyboard' } }),
    ).toBe('Storyboard · 3 shots: dawn over the sea');
  });

  it('lints prompts locally', () => {
    expect(lintPrompt('a fox').map((hint) => hint.rule)).toEqual(['vague', 'camera', 'lighting', 'style']);
    expect(assemblePrompt({ ...emptyParts, subject: 'a red fox', camera: 'slow tracking shot' })).toBe(
      'A red fox. Camera: slow tracking shot.',
    );
  });
});

describe('parts', () => {
  const segment = (index: number, status: string, progress: number, duration = 4) => ({
    index,
    shot_index: index,
    status,
    progress,
    duration,
    keep_seconds: duration,
    start_seconds: index * duration,
    prompt: `shot ${index}`,
  });
  it('says Waiting, not pending, and stops parts of a canceled video', () => {
    const running = {
      status: 'running',
      progress: 0,
      segments: [segment(0, 'completed', 100), segment(1, 'pending', 0)],
    } as unknown as Generation;
    expect(segmentsOf(running).map((s) => s.label)).toEqual(['Done', 'Waiting']);
    const canceled = { ...running, status: 'canceled' } as Generation;
    expect(segmentsOf(canceled).map((s) => s.label)).toEqual(['Done', 'Canceled']);
  });

  it('weights overall progress by part length', () => {
    const generation = {
      status: 'running',
      progress: 0,
      segments: [segment(0, 'completed', 100, 12), segment(1, 'running', 50, 4)],
    } as unknown as Generation;
    expect(Math.round(overallProgress(generation))).toBe(85);
  });
});

describe('API tab', () => {
  it('shows the request as curl, reelgate/client and openai code', () => {
    const code = snippets(
      {
        kind: 'generation',
        params: { prompt: "a fox's den", model: 'openai:sora-2', size: '1280x720', duration: 8 },
      },
      'http://127.0.0.1:8787',
    );
    expect(code.curl).toContain('curl -X POST http://127.0.0.1:8787/v1/generations');
    expect(code.curl).toContain(`"prompt": "a fox'\\''s den"`);
    expect(code.client).toContain("import { ReelgateClient } from 'reelgate/client';");
    expect(code.client).toContain('duration: 8,');
    expect(code.openai).toContain('baseURL: "http://127.0.0.1:8787/v1"');
    expect(code.openai).toContain('seconds: "8",');
  });
});

describe('routes and reorder', () => {
  it('keeps library filters in the URL', () => {
    const route = parseRoute('#/library?q=fox&status=failed&favorites=1');
    expect(route).toEqual({
      name: 'library',
      filters: { q: 'fox', status: 'failed', model: '', favorites: true },
    });
    expect(href(route)).toBe('#/library?q=fox&status=failed&favorites=1');
  });

  it('moves a shot', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 5)).toEqual(['a', 'b', 'c']);
  });
});

describe('live store', () => {
  const api = new StudioApi({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
  const at = (status: string, updated: number, progress = 0) =>
    ({ id: 'gen_1', status, updated_at: updated, created_at: 1, progress }) as unknown as Generation;

  it('never moves a generation backwards when answers and events cross', () => {
    const live = new LiveGenerations(api);
    live.upsert(at('failed', 10));
    live.upsert(at('queued', 10));
    expect(live.get('gen_1')?.status).toBe('failed');
    const other = new LiveGenerations(api);
    other.upsert(at('running', 10, 50));
    other.upsert(at('running', 10, 20));
    expect(other.get('gen_1')?.progress).toBe(50);
    other.upsert(at('completed', 11, 100));
    expect(other.get('gen_1')?.status).toBe('completed');
    expect(Object.keys(other.seen('gen_1'))).toEqual(['running', 'completed']);
  });

  it('forgets deleted generations for good', () => {
    const live = new LiveGenerations(api);
    live.upsert(at('completed', 10));
    live.remove('gen_1');
    live.upsert(at('completed', 12));
    expect(live.get('gen_1')).toBeUndefined();
  });
});
