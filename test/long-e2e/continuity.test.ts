/**
 * Native continuity through the real engine and API against the emulator's provider faces:
 * - xAI grok-imagine-video extends natively: a 60 s request is planned as extensions (the plan
 *   says so), each segment after the first is an `extend-video` call whose source is the
 *   previous segment's new part, and the stored MP4 plays 60 s (+-0.1) with the beeps in place;
 * - Seedance returns last frames: every segment but the last asks for `return_last_frame`, and
 *   the next one starts from the returned link (nothing decoded by reelgate);
 * - Wan 2.6 makes a storyboard whose shots fit in one multi-shot job (`shot_type: multi`);
 * - a model without native features reelgate can send (Sora) still chains decoded last frames.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alibabaBinding } from '../../src/providers/alibaba/alibaba-provider.ts';
import { bytedanceBinding } from '../../src/providers/bytedance/bytedance-provider.ts';
import { xaiBinding } from '../../src/providers/xai/xai-provider.ts';
import { beeps, durationOf } from './media.ts';
import { type LongHarness, startLongHarness } from './harness.ts';

interface Sent {
  method: string;
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are read field by field
  body: any;
}

const sent: Sent[] = [];

/** A fetch that records what reelgate sends to the faces (the provider's received requests). */
function recording(inner: typeof fetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const text = typeof init?.body === 'string' ? init.body : null;
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    sent.push({ method: init?.method ?? 'GET', path: url.pathname, body });
    return inner(input, init);
  }) as typeof fetch;
}

let h: LongHarness;

beforeAll(async () => {
  h = await startLongHarness({
    extraBindings: ({ url, apiKey, speed }) => [
      xaiBinding({
        apiKey,
        baseURL: `${url}/xai/v1`,
        fetch: recording(globalThis.fetch),
        emulated: true,
        timeScale: speed,
      }),
      alibabaBinding({
        apiKey,
        videoBaseURL: `${url}/alibaba`,
        fetch: recording(globalThis.fetch),
        emulated: true,
        timeScale: speed,
      }),
      bytedanceBinding({
        apiKey,
        baseURL: `${url}/bytedance/api/v3`,
        fetch: recording(globalThis.fetch),
        emulated: true,
        timeScale: speed,
      }),
    ],
  });
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

async function runToEnd(body: Record<string, unknown>) {
  const created = await h.api('POST', '/v1/videos/generations', body);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const account = (await h.account(h.keys.user)).id;
  const done = await h.finished(account, created.body.id as string, 120_000);
  expect(done.state, JSON.stringify(done.error)).toBe('completed');
  const seed = await h.api('GET', `/v1/videos/generations/${created.body.id}`);
  return {
    created: created.body,
    final: (await h.api('GET', `/v1/generations/${created.body.id}`)).body,
    url: seed.body.data?.url as string,
  };
}

describe('native continuity per model', () => {
  it('extends natively on xAI grok-imagine-video: the plan says so and the result plays 60 s', async () => {
    sent.length = 0;
    const prompt = 'A paper boat drifts down a rain-soaked street at night, neon reflections, tracking shot';
    const { created, final, url } = await runToEnd({ model: 'xai:grok-imagine-video', prompt, duration: 60 });
    expect(created.plan.continuity).toMatchObject({
      mode: 'extend',
      last_frame_from: null,
      extension_repeats_source: true,
    });
    expect(created.plan.continuity.reason).toContain('extends the previous segment natively');
    // 60 s of output at $0.05 plus 5 x 10 s of source video at $0.01.
    expect(created.estimate.total_usd).toBeCloseTo(3.5, 6);
    const segments = created.segments as Array<{ duration: number; continuity: string | null }>;
    expect(segments.map((segment) => segment.duration)).toEqual([10, 10, 10, 10, 10, 10]);
    expect(segments.map((segment) => segment.continuity)).toEqual([null, ...Array(5).fill('extend')]);

    // The face received one generation and five extension requests, each with a source video.
    const generations = sent.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/videos/generations'),
    );
    const extensions = sent.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/videos/extensions'),
    );
    expect(generations).toHaveLength(1);
    expect(extensions).toHaveLength(5);
    for (const request of extensions) {
      expect(request.body).toMatchObject({ model: 'grok-imagine-video', duration: 10 });
      expect(request.body.video.url).toMatch(/^data:video\/mp4;base64,/);
      expect(request.body.aspect_ratio).toBeUndefined();
      expect(request.body.resolution).toBeUndefined();
    }
    // Each source is the previous segment's new part (10 s), so each result is 20 s.
    const jobs = h.emulator.core.jobs.all().filter((job) => job.face === 'xai' && job.attributes.extension);
    expect(jobs).toHaveLength(5);
    for (const job of jobs) {
      expect(job.attributes.extension).toMatchObject({
        sourceSeconds: 10,
        extensionSeconds: 10,
        sourceKind: 'data_url',
      });
      expect(job.seconds).toBe(20);
    }

    expect(final.cost).toBeCloseTo(3.5, 6);
    expect(final.plan.stitch.method).toBe('reencode');
    expect(final.plan.stitch.reencode_reason).toContain('extension repeats its source');
    const path = await download(url, 'xai-sixty.mp4');
    expect(Math.abs((await durationOf(path)) - 60)).toBeLessThanOrEqual(0.1);
    // One beep per second where it belongs; the 2000 Hz "new clip" beep at each joint.
    const measured = await beeps(path);
    expect(measured).toHaveLength(60);
    for (const [second, beep] of measured.entries()) {
      expect(Math.abs(beep.at - second)).toBeLessThan(0.05);
      const joint = second % 10 === 0;
      expect(beep.hz).toBeGreaterThan(joint ? 1500 : 700);
      expect(beep.hz).toBeLessThan(joint ? 2500 : 1500);
    }
  }, 180_000);

  it('starts each Seedance segment from the last frame the provider returned (nothing decoded)', async () => {
    sent.length = 0;
    const prompt = 'A hot air balloon rises over misty hills at sunrise, slow drone shot, soft light';
    const { created } = await runToEnd({
      model: 'bytedance:seedance-1-0-pro-fast-251015',
      prompt,
      duration: 24,
      resolution: '480p',
    });
    expect(created.plan.continuity).toMatchObject({ mode: 'last_frame', last_frame_from: 'provider' });
    const creates = sent.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/contents/generations/tasks'),
    );
    expect(creates).toHaveLength(2);
    expect(creates[0]!.body.return_last_frame).toBe(true);
    expect(creates[1]!.body.return_last_frame).toBeUndefined();
    // The second task's first frame is the first task's returned last frame link.
    const firstTask = h.emulator.core.jobs
      .all()
      .filter((job) => job.face === 'bytedance')
      .at(-2)!;
    const image = creates[1]!.body.content.find((part: { type: string }) => part.type === 'image_url');
    expect(image.image_url.url).toBe(
      `${firstTask.attributes.origin as string}/bytedance/files/${firstTask.id}/last_frame.png`,
    );
  }, 120_000);

  it('makes a fitting storyboard in one multi-shot job on Wan 2.6', async () => {
    sent.length = 0;
    const created = await h.api('POST', '/v1/storyboards', {
      model: 'alibaba:wan2.6-t2v',
      shots: [
        { prompt: 'A harbour at dawn, wide shot', duration: 3 },
        { prompt: 'A fisherman coils a rope, close-up', duration: 3 },
        { prompt: 'The boat leaves the harbour, aerial shot', duration: 4 },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.plan.count).toBe(1);
    expect(created.body.plan.continuity).toMatchObject({ mode: 'multi_shot' });
    const account = (await h.account(h.keys.user)).id;
    const done = await h.finished(account, created.body.id as string, 120_000);
    expect(done.state).toBe('completed');
    const submits = sent.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/video-synthesis'),
    );
    expect(submits).toHaveLength(1);
    expect(submits[0]!.body.parameters).toMatchObject({
      shot_type: 'multi',
      prompt_extend: true,
      duration: 10,
    });
    expect(submits[0]!.body.input.prompt).toBe(
      'Shot 1 [0-3s] A harbour at dawn, wide shot. Shot 2 [3-6s] A fisherman coils a rope, close-up. Shot 3 [6-10s] The boat leaves the harbour, aerial shot.',
    );
    // The face cut between the three shots: a "new clip" beep at 0, 3 and 6 s.
    const job = h.emulator.core.jobs
      .all()
      .filter((item) => item.face === 'alibaba')
      .at(-1)!;
    expect(job.segments.map((segment) => segment.seconds)).toEqual([3, 3, 4]);
    const seed = await h.api('GET', `/v1/videos/generations/${created.body.id}`);
    const path = await download(seed.body.data.url as string, 'wan-multi.mp4');
    expect(Math.abs((await durationOf(path)) - 10)).toBeLessThanOrEqual(0.1);
    const measured = await beeps(path);
    expect(measured.filter((beep) => beep.hz > 1500).map((beep) => Math.round(beep.at))).toEqual([0, 3, 6]);
  }, 120_000);

  it('falls back to decoded last frames on a model without native features (Sora)', async () => {
    const created = await h.api('POST', '/v1/estimates', {
      model: 'sora-2',
      prompt: 'A lighthouse at dusk',
      duration: 36,
    });
    expect(created.status).toBe(200);
    expect(created.body.plan.continuity).toMatchObject({ mode: 'last_frame', last_frame_from: 'decoded' });
  });
});
