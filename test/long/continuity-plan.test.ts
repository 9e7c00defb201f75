/**
 * How the long-video planner chooses continuity per model from the catalog: native extension
 * where reelgate's binding can send it (xAI grok-imagine-video), else the previous segment's
 * last frame (returned by the provider on Seedance, decoded by reelgate elsewhere), else
 * independent shots; the choice and its reason are recorded on the plan.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultCatalog } from '../../src/core/catalog/index.ts';
import { continuityModes, continuityOf } from '../../src/core/catalog/continuity.ts';
import { capabilitiesFromCatalog, planLongVideo, planStoryboard } from '../../src/core/segment-plan.ts';

const catalog = createDefaultCatalog();
const entry = (id: string) => {
  const found = catalog.find(id);
  if (!found) throw new Error(`no catalog entry ${id}`);
  return found;
};
const prompt = 'A red fox trots through fresh snow in a birch forest at dawn';

describe('continuity per model', () => {
  it('extends natively on xAI grok-imagine-video: every joint an extension, durations fit both calls', () => {
    const plan = planLongVideo(capabilitiesFromCatalog(entry('xai:grok-imagine-video')), {
      prompt,
      durationSeconds: 60,
    });
    expect(plan.continuity).toMatchObject({
      mode: 'extend',
      lastFrameFrom: null,
      extensionRepeatsSource: true,
    });
    expect(plan.continuity?.reason).toContain('extends the previous segment natively');
    expect(plan.segments.map((segment) => segment.durationSeconds)).toEqual([10, 10, 10, 10, 10, 10]);
    expect(plan.segments.map((segment) => segment.continuity)).toEqual([
      null,
      'extend',
      'extend',
      'extend',
      'extend',
      'extend',
    ]);
    expect(plan.segments.slice(1).map((segment) => segment.dependsOn)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.segments.every((segment) => segment.returnLastFrame === undefined)).toBe(true);
    expect(plan.overshootSeconds).toBe(0);
  });

  it('uses the frame Seedance returns instead of decoding it, asking for it on every segment but the last', () => {
    const plan = planLongVideo(capabilitiesFromCatalog(entry('bytedance:seedance-1-0-pro-250528')), {
      prompt,
      durationSeconds: 30,
    });
    expect(plan.continuity).toMatchObject({ mode: 'last_frame', lastFrameFrom: 'provider' });
    expect(plan.continuity?.reason).toContain('returned by the provider');
    expect(plan.segments.map((segment) => segment.continuity)).toEqual([null, 'last_frame', 'last_frame']);
    expect(plan.segments.map((segment) => segment.returnLastFrame ?? false)).toEqual([true, true, false]);
  });

  it('falls back to decoded last frames on a model without native features reelgate can send (Sora)', () => {
    const sora = entry('openai:sora-2');
    // The provider extends videos, but the binding sends no extension: not used.
    expect(sora.extension.supported).toBe(true);
    expect(continuityOf(sora).extend).toBeUndefined();
    const plan = planLongVideo(capabilitiesFromCatalog(sora), { prompt, durationSeconds: 36 });
    expect(plan.continuity).toMatchObject({ mode: 'last_frame', lastFrameFrom: 'decoded' });
    expect(plan.continuity?.reason).toContain('decoded by reelgate');
    expect(plan.continuity?.reason).toContain('sends no extension call');
    expect(plan.segments.every((segment) => segment.returnLastFrame === undefined)).toBe(true);
  });

  it('records an independent choice when asked', () => {
    const plan = planLongVideo(
      capabilitiesFromCatalog(entry('xai:grok-imagine-video')),
      { prompt, durationSeconds: 20 },
      { continuity: 'independent' },
    );
    expect(plan.continuity).toMatchObject({ mode: 'independent', extensionRepeatsSource: false });
  });

  it('does not ask for the returned frame of a trimmed segment: its kept end is decoded', () => {
    // 13 s on Seedance 1.5 (4-12 s): a shot that overshoots is trimmed; the next shot continues it.
    const model = capabilitiesFromCatalog(entry('bytedance:seedance-1-0-pro-250528'));
    const plan = planStoryboard(model, [
      { prompt, durationSeconds: 12 },
      { prompt: 'The fox stops and looks back', durationSeconds: 6, continuePrevious: true },
    ]);
    expect(plan.segments[0]?.returnLastFrame).toBe(true);
    expect(plan.segments[1]?.continuity).toBe('last_frame');
  });

  it('plans a storyboard whose shots fit one Wan 2.6 job as one multi-shot segment', () => {
    const model = capabilitiesFromCatalog(entry('alibaba:wan2.6-t2v'));
    const plan = planStoryboard(model, [
      { prompt: 'A harbour at dawn', durationSeconds: 3 },
      { prompt: 'A fisherman', durationSeconds: 2 },
    ]);
    expect(plan.continuity?.mode).toBe('multi_shot');
    expect(plan.segments).toHaveLength(1);
    expect(plan.segments[0]).toMatchObject({
      durationSeconds: 5,
      prompt: 'Shot 1 [0-3s] A harbour at dawn. Shot 2 [3-5s] A fisherman.',
      multiShot: { shotIndexes: [0, 1] },
    });
    // Shots that do not add up to a length one call makes, or that continue, are planned shot by shot.
    expect(
      planStoryboard(model, [
        { prompt: 'A harbour at dawn', durationSeconds: 3 },
        { prompt: 'A fisherman', durationSeconds: 3 },
      ]).continuity?.mode,
    ).not.toBe('multi_shot');
    expect(
      planStoryboard(model, [
        { prompt: 'A harbour at dawn', durationSeconds: 3 },
        { prompt: 'A fisherman', durationSeconds: 2, continuePrevious: true },
      ]).continuity?.mode,
    ).not.toBe('multi_shot');
    expect(
      planStoryboard(
        model,
        [
          { prompt: 'A harbour at dawn', durationSeconds: 3 },
          { prompt: 'A fisherman', durationSeconds: 2 },
        ],
        { continuity: 'independent' },
      ).continuity?.mode,
    ).toBe('independent');
  });

  it('lists the modes each model supports, best first', () => {
    expect(continuityModes(entry('xai:grok-imagine-video'))).toEqual(['extend', 'last_frame', 'independent']);
    expect(continuityModes(entry('xai:grok-imagine-video-1.5'))).toEqual(['last_frame', 'independent']);
    expect(continuityModes(entry('openai:sora-2'))).toEqual(['last_frame', 'independent']);
    expect(continuityModes(entry('alibaba:wan2.6-t2v'))).toEqual(['multi_shot', 'last_frame', 'independent']);
  });
});
