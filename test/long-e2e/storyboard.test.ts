/**
 * Issue 5 acceptance, storyboards through `POST /v1/storyboards`: four shots with different
 * prompts stitched into one video; a failed segment retried on its own; a refusal mid-plan
 * failing the whole video with the reason while the finished segment is kept, and a corrected
 * retry reusing it without paying again.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReelgateClient } from '../../src/client/index.ts';
import type { SegmentedGeneration } from '../../src/client/types.ts';
import { beeps, durationOf } from './media.ts';
import { type LongHarness, startLongHarness } from './harness.ts';

let h: LongHarness;
let accountId: string;

beforeAll(async () => {
  h = await startLongHarness();
  accountId = (await h.account(h.keys.user)).id;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

interface SegmentBody {
  index: number;
  shot_index: number;
  status: string;
  attempts: number;
  prompt: string;
  continuity: string | null;
  reused: boolean;
  cost: number | null;
  generation_id: string | null;
}

function createCalls(): { total: number; prompts: string[] } {
  const stats = h.emulator.stats() as unknown as { createCalls: { total: number } };
  return { total: stats.createCalls.total, prompts: [] };
}

describe('storyboards', () => {
  it('stitches four shots with different prompts, started together, into one video', async () => {
    const shots = [
      { prompt: 'Wide shot of a harbour at dawn, boats rocking, golden light, 35mm film', duration: 4 },
      { prompt: 'Close-up of a fisherman coiling rope, soft side light, documentary style', duration: 4 },
      { prompt: 'Seagulls circling a lighthouse, slow pan, overcast light, muted colours', duration: 4 },
      { prompt: 'A trawler leaving the harbour at sunset, drone shot pulling back, warm tones', duration: 4 },
    ];
    const before = createCalls().total;
    const created = await h.api('POST', '/v1/storyboards', { shots, resolution: '720p' });
    expect(created.status).toBe(200);
    expect(created.body.object).toBe('generation');
    expect(created.body.requested.surface).toBe('storyboard');
    expect(created.body.duration).toBe(16);
    expect(created.body.plan.count).toBe(4);
    // Hard cuts between shots: independent, so all four start at once.
    expect(created.body.plan.waves).toEqual([[0, 1, 2, 3]]);
    const planned = created.body.segments as SegmentBody[];
    expect(planned.map((segment) => segment.prompt)).toEqual(shots.map((shot) => shot.prompt));
    expect(planned.map((segment) => segment.shot_index)).toEqual([0, 1, 2, 3]);

    // The event stream (SSE) carries the whole video's progress with each shot's state.
    const client = new ReelgateClient({ baseUrl: h.url, apiKey: h.keys.user });
    const streamed: Array<{ type: string; progress: number; segments: number }> = [];
    for await (const event of client.events({ generationId: created.body.id })) {
      if (!('generation' in event)) continue;
      const generation = event.generation as SegmentedGeneration;
      streamed.push({
        type: event.type,
        progress: generation.progress,
        segments: generation.segments?.length ?? 0,
      });
    }
    expect(streamed.at(-1)?.type).toBe('generation:completed');
    expect(streamed.every((event) => event.segments === 4)).toBe(true);
    expect(streamed.some((event) => event.type === 'generation:progress')).toBe(true);
    for (let i = 1; i < streamed.length; i++) {
      expect(streamed[i]!.progress).toBeGreaterThanOrEqual(streamed[i - 1]!.progress);
    }
    const done = await h.finished(accountId, created.body.id);
    expect(done.state).toBe('completed');
    expect(createCalls().total - before).toBe(4);
    const final = await h.api('GET', `/v1/generations/${created.body.id}`);
    expect(final.body.segments.map((segment: SegmentBody) => segment.status)).toEqual(
      Array(4).fill('completed'),
    );
    expect(final.body.cost).toBeCloseTo(1.6, 6);

    const response = await fetch(final.body.video.url);
    const path = join(h.dataDir, 'storyboard.mp4');
    await writeFile(path, new Uint8Array(await response.arrayBuffer()));
    expect(Math.abs((await durationOf(path)) - 16)).toBeLessThanOrEqual(0.1);
    const measured = await beeps(path);
    expect(measured.map((beep) => Math.round(beep.at))).toEqual([...Array(16).keys()]);
    for (const beep of measured) {
      const second = Math.round(beep.at);
      expect(Math.abs(beep.at - second)).toBeLessThan(0.025);
      expect(beep.hz > 1500).toBe(second % 4 === 0);
    }
  }, 90_000);

  it('retries a failed segment on its own', async () => {
    const shots = [
      { prompt: 'A red kite over green hills, wide shot, bright daylight, watercolor', duration: 4 },
      // Fails the first two provider jobs: the segment's first generation fails (after the engine's
      // own retry), the segment is started again, alone, and succeeds.
      { prompt: 'A kite string tangled in a tree, close-up, hard light [[fault:fail:2]]', duration: 4 },
      { prompt: 'Children running on a beach, tracking shot, golden hour, film grain', duration: 4 },
    ];
    const before = createCalls().total;
    const created = await h.api('POST', '/v1/storyboards', { shots });
    expect(created.status).toBe(200);
    const done = await h.finished(accountId, created.body.id);
    expect(done.state).toBe('completed');
    const segments = (await h.api('GET', `/v1/generations/${created.body.id}`)).body
      .segments as SegmentBody[];
    expect(segments.map((segment) => segment.attempts)).toEqual([1, 2, 1]);
    expect(segments.every((segment) => segment.status === 'completed')).toBe(true);
    // Shots 1 and 3 once each; shot 2: two failed jobs, then the retried segment's job.
    expect(createCalls().total - before).toBe(5);
    const rows = await h.reelgate.db.query<{ segment_index: number; state: string }>(
      'SELECT segment_index, state FROM generations WHERE parent_id = $1 ORDER BY created_at',
      [created.body.id],
    );
    expect(rows.rows.filter((row) => row.segment_index === 1).map((row) => row.state)).toEqual([
      'failed',
      'completed',
    ]);
    expect(rows.rows.filter((row) => row.segment_index !== 1).every((row) => row.state === 'completed')).toBe(
      true,
    );
  }, 90_000);

  it('fails the whole video on a refusal mid-plan, keeps the finished segment, and a corrected retry does not pay for it again', async () => {
    const opening = 'A glass of water on a wooden table, static close-up, window light, still life';
    const shots = (middle: string) => [
      { prompt: opening, duration: 4 },
      { prompt: middle, duration: 4, continue_previous: true },
      {
        prompt: 'The glass is empty, the light has turned blue, static close-up',
        duration: 4,
        continue_previous: true,
      },
    ];
    const before = createCalls().total;
    const refused = await h.api('POST', '/v1/storyboards', {
      shots: shots('A hand reaches for the glass and drinks [[fault:output-refusal]]'),
    });
    expect(refused.status).toBe(200);
    // Each shot continues the previous one: they run in order.
    expect(refused.body.plan.waves).toEqual([[0], [1], [2]]);
    const failed = await h.finished(accountId, refused.body.id);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('output_refused');
    expect(failed.error?.message).toMatch(/Segment 2 of 3/);
    expect(failed.error?.hint).toBeTruthy();
    const seed = await h.api('GET', `/v1/videos/generations/${refused.body.id}`);
    expect(seed.body.status).toBe('failed');
    expect(seed.body.error.code).toBe('output_refused');
    const kept = seed.body.segments as SegmentBody[];
    expect(kept.map((segment) => segment.status)).toEqual(['completed', 'failed', 'pending']);
    // The finished segment was paid for; the refused and the never-started ones were not.
    expect(seed.body.cost).toBeCloseTo(0.4, 6);
    expect(createCalls().total - before).toBe(2);

    // The corrected storyboard reuses the kept opening segment: two new provider jobs, not three.
    const callsBefore = createCalls().total;
    const corrected = await h.api('POST', '/v1/storyboards', {
      shots: shots('A hand slides the glass across the table, static close-up, window light'),
    });
    expect(corrected.status).toBe(200);
    const done = await h.finished(accountId, corrected.body.id);
    expect(done.state).toBe('completed');
    const segments = (await h.api('GET', `/v1/generations/${corrected.body.id}`)).body as {
      segments: SegmentBody[];
      cost: number;
    };
    expect(segments.segments.map((segment) => segment.reused)).toEqual([true, false, false]);
    expect(segments.segments[0]!.cost).toBe(0);
    expect(createCalls().total - callsBefore).toBe(2);
    expect(segments.cost).toBeCloseTo(0.8, 6);
  }, 90_000);
});
