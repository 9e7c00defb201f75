import { beforeEach, describe, expect, it } from 'vitest';
import { seedGenerationResponseSchema } from '../../src/contract/seed.ts';
import { createHarness, fakeMp4, type Harness } from './fakes/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});

async function createSeed(body: unknown, headers = h.authA) {
  return h.app.request('/v1/videos/generations', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('seed contract', () => {
  it('creates a generation and answers the seed response shape', async () => {
    const response = await createSeed({
      model: 'sora-1.0',
      prompt: 'a red fox, slow dolly in',
      resolution: '720p',
      duration: 8,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(seedGenerationResponseSchema.safeParse(body).success).toBe(true);
    expect(body.status).toBe('queued');
    expect(body.created).toBe(Math.floor(h.clock.now() / 1000));
    expect(body.data).toBeUndefined();
    expect(body.error).toBeUndefined();
    expect(body.emulated).toBe(true);
    expect(response.headers.get('x-reelgate-emulator')).toBe('true');
    const [accountId, input] = h.service.calls.find((call) => call.method === 'create')!.args as [
      string,
      Record<string, unknown>,
    ];
    expect(accountId).toBe(h.accountA);
    expect(input).toMatchObject({
      model: 'sora-1.0',
      resolution: '720p',
      durationSeconds: 8,
      surface: 'generations',
    });
  });

  it('reports adjustments as warnings', async () => {
    const body = (await (await createSeed({ prompt: 'waves', duration: 6 })).json()) as {
      warnings: string[];
    };
    expect(body.warnings).toEqual(['duration 6s adjusted to 8s']);
  });

  it('polls through processing to completed with a permanent signed url that plays without headers', async () => {
    const { id } = (await (
      await createSeed({ prompt: 'a lighthouse at dusk', resolution: '1080p', duration: 4 })
    ).json()) as {
      id: string;
    };
    h.service.advance(id, 40);
    let poll = (await (
      await h.app.request(`/v1/videos/generations/${id}`, { headers: h.authA })
    ).json()) as Record<string, unknown>;
    expect(poll.status).toBe('processing');
    expect(poll.progress).toBe(40);

    const video = fakeMp4(10_000);
    h.service.complete(id, { video });
    poll = (await (
      await h.app.request(`/v1/videos/generations/${id}`, { headers: h.authA })
    ).json()) as Record<string, unknown>;
    expect(poll.status).toBe('completed');
    const data = poll.data as { url: string; duration: number; resolution: string };
    expect(data).toMatchObject({ duration: 4, resolution: '1080p' });
    expect(data.url).toMatch(/^http:\/\/localhost\/files\/gen_\d+\/video\?sig=/);

    // A plain GET, no Authorization header, like <video src>.
    const file = await h.app.request(data.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('video/mp4');
    expect(file.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(video);
  });

  it('uses the configured public base URL for data.url', async () => {
    h = await createHarness({ config: { publicBaseUrl: 'https://videos.example.com/' } });
    const { id } = (await (await createSeed({ prompt: 'x' })).json()) as { id: string };
    h.service.complete(id, { video: fakeMp4(100) });
    const poll = (await (
      await h.app.request(`/v1/videos/generations/${id}`, { headers: h.authA })
    ).json()) as {
      data: { url: string };
    };
    expect(poll.data.url.startsWith(`https://videos.example.com/files/${id}/video?sig=`)).toBe(true);
  });

  it('maps failures, cancellations to failed with an error {message, type}', async () => {
    const refused = (await (await createSeed({ prompt: 'x' })).json()) as { id: string };
    h.service.fail(refused.id, { code: 'input_refused', message: 'Refused by policy.', retryable: false });
    const failed = (await (
      await h.app.request(`/v1/videos/generations/${refused.id}`, { headers: h.authA })
    ).json()) as {
      status: string;
      error: { message: string; type: string; code: string };
      data?: unknown;
    };
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({
      message: 'Refused by policy.',
      type: 'content_policy_violation',
      code: 'input_refused',
    });
    expect(failed.data).toBeUndefined();

    const other = (await (await createSeed({ prompt: 'y' })).json()) as { id: string };
    await h.service.cancel(h.accountA, other.id);
    const canceled = (await (
      await h.app.request(`/v1/videos/generations/${other.id}`, { headers: h.authA })
    ).json()) as {
      status: string;
      error: { type: string; code: string };
    };
    expect(canceled.status).toBe('failed');
    expect(canceled.error.code).toBe('canceled');
  });

  it("answers 404 for another account's generation and an unknown id", async () => {
    const { id } = (await (await createSeed({ prompt: 'private' })).json()) as { id: string };
    const other = await h.app.request(`/v1/videos/generations/${id}`, { headers: h.authB });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await h.app.request('/v1/videos/generations/gen_nope', { headers: h.authA })).status).toBe(404);
  });
});
