/**
 * Issue 5 acceptance, long videos through the seed contract: a 60 s request becomes several
 * segments (the plan is stored and shown) and one MP4 of 60 s with the audio in sync at every
 * joint, measured from the emulator's beeps; whole-video progress combines the segments'.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReelgateClient } from '../../src/client/index.ts';
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

async function download(url: string, name: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const path = join(h.dataDir, name);
  await writeFile(path, new Uint8Array(await response.arrayBuffer()));
  return path;
}

describe('a 60 s request on the seed contract', () => {
  it('is planned as segments, run, and stitched into one 60 s MP4 with audio in sync at each joint', async () => {
    const prompt = 'A lighthouse on a cliff at dusk, waves below, slow aerial orbit, warm light, cinematic';
    const created = await h.api('POST', '/v1/videos/generations', {
      model: 'sora-1.0',
      prompt,
      resolution: '720p',
      duration: 60,
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(created.body.status).toBe('queued');
    expect(created.body.duration).toBe(60);
    // The stored plan is shown: count, each segment's duration, prompt and continuity.
    const plan = created.body.plan;
    expect(plan.count).toBeGreaterThan(1);
    // No native feature reelgate can send on this model: last frames, decoded by reelgate.
    expect(plan.continuity).toMatchObject({ mode: 'last_frame', last_frame_from: 'decoded' });
    const segments = created.body.segments as Array<{
      index: number;
      duration: number;
      prompt: string;
      continuity: string | null;
      status: string;
    }>;
    expect(segments).toHaveLength(plan.count);
    expect(segments.reduce((sum, segment) => sum + segment.duration, 0)).toBe(60);
    expect(segments[0]!.prompt).toBe(prompt);
    expect(segments[0]!.continuity).toBeNull();
    for (const segment of segments.slice(1)) {
      // sora-2 takes a first frame: each segment starts from the previous one's last frame.
      expect(segment.continuity).toBe('last_frame');
      expect(segment.prompt).toContain('lighthouse');
      expect(segment.prompt).not.toBe(prompt);
    }
    expect(created.body.estimate.total_usd).toBeCloseTo(6, 6); // 60 s x $0.10

    // Whole-video progress through the typed client (same as the CLI's) never goes backwards.
    const client = new ReelgateClient({ baseUrl: h.url, apiKey: h.keys.user });
    const seen: number[] = [];
    const done = await client.wait(id, { pollIntervalMs: 100, onProgress: (g) => seen.push(g.progress) });
    expect(done.status).toBe('completed');
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.some((value) => value > 0 && value < 100)).toBe(true);

    const seed = await h.api('GET', `/v1/videos/generations/${id}`);
    expect(seed.body.status).toBe('completed');
    expect(seed.body.data.duration).toBe(60);
    expect(seed.body.cost).toBeCloseTo(6, 6);
    expect(seed.body.segments.every((segment: { status: string }) => segment.status === 'completed')).toBe(
      true,
    );
    expect(seed.body.plan.stitch.method).toBe('copy');

    const path = await download(seed.body.data.url, 'sixty.mp4');
    expect(Math.abs((await durationOf(path)) - 60)).toBeLessThanOrEqual(0.1);
    const measured = await beeps(path);
    expect(measured).toHaveLength(60);
    const starts = new Set<number>();
    let at = 0;
    for (const segment of segments) {
      starts.add(at);
      at += segment.duration;
    }
    for (const [second, beep] of measured.entries()) {
      // One beep per second, each where it belongs (no drift across joints)...
      expect(Math.abs(beep.at - second)).toBeLessThan(0.025);
      // ...and the 2000 Hz "first second of a clip" beeps exactly at the joints.
      expect(beep.hz).toBeGreaterThan(starts.has(second) ? 1500 : 700);
      expect(beep.hz).toBeLessThan(starts.has(second) ? 2500 : 1500);
    }

    // The thumbnail comes from the first segment; the segments themselves stay internal.
    const native = await h.api('GET', `/v1/generations/${id}`);
    expect(native.body.thumbnail).not.toBeNull();
    // It is the provider's still of the first segment, copied rather than decoded again.
    const thumbnails = await h.reelgate.db.query<{ segment_index: number | null; thumbnail_sha256: string }>(
      'SELECT segment_index, thumbnail_sha256 FROM generations WHERE id = $1 OR (parent_id = $1 AND segment_index = 0)',
      [id],
    );
    const [parentThumb, firstThumb] = [null, 0].map(
      (index) => thumbnails.rows.find((row) => row.segment_index === index)?.thumbnail_sha256,
    );
    expect(firstThumb).toBeTruthy();
    expect(parentThumb).toBe(firstThumb);
    const list = await h.api('GET', '/v1/generations?limit=100');
    expect(list.body.data.map((g: { id: string }) => g.id)).toEqual([id]);
    // Another account cannot see it.
    expect((await h.api('GET', `/v1/generations/${id}`, undefined, h.keys.other)).status).toBe(404);
  }, 120_000);

  it('accepts the long duration on every create surface of reelgate and refuses over 600 s', async () => {
    const native = await h.api('POST', '/v1/generations', { prompt: 'a paper boat on a pond', duration: 30 });
    expect(native.status).toBe(200);
    expect(native.body.plan.count).toBeGreaterThan(1);
    await h.api('POST', `/v1/generations/${native.body.id}/cancel`);
    const after = await h.reelgate.service.get(accountId, native.body.id);
    expect(after?.state).toBe('canceled');
    const tooLong = await h.api('POST', '/v1/videos/generations', { prompt: 'x', duration: 601 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.param).toBe('duration');
  });
});
