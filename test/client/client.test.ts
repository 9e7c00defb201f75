/** The typed client against the real HTTP app (fake engine), with fake time for waiting. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  ContentPolicyError,
  GenerationFailedError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  ReelgateClient,
  type StreamEvent,
  WaitTimeoutError,
} from '../../src/client/index.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createHarness, fakeMp4, type Harness } from '../http/fakes/harness.ts';

let h: Harness;
let clock: FakeClock;
let client: ReelgateClient;

function clientFor(key: string, extra: Partial<ConstructorParameters<typeof ReelgateClient>[0]> = {}) {
  return new ReelgateClient({
    baseUrl: 'http://reelgate.test/v1',
    apiKey: key,
    fetch: async (input, init) => h.app.request(String(input), init),
    clock,
    ...extra,
  });
}

beforeEach(async () => {
  h = await createHarness();
  clock = new FakeClock();
  client = clientFor(h.keyA);
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('ReelgateClient', () => {
  it('creates, gets, lists with pagination, cancels and deletes', async () => {
    const created = await client.create({
      prompt: 'a fox',
      resolution: '1080p',
      duration: 6,
      model: 'sora-2',
    });
    expect(created).toMatchObject({
      object: 'generation',
      status: 'queued',
      resolution: '1080p',
      duration: 8,
    });
    expect(created.warnings).toEqual(['duration 6s adjusted to 8s']);
    expect((await client.get(created.id)).id).toBe(created.id);

    const ids = [created.id];
    for (let index = 0; index < 4; index++) {
      await h.clock.advance(1000);
      ids.push((await client.create({ prompt: `clip ${index}` })).id);
    }
    const page = await client.list({ limit: 2 });
    expect(page.data.map((generation) => generation.id)).toEqual([ids[4], ids[3]]);
    expect(page).toMatchObject({ hasMore: true, firstId: ids[4], lastId: ids[3] });
    const all: string[] = [];
    for await (const generation of client.listAll({ limit: 2, order: 'asc' })) all.push(generation.id);
    expect(all).toEqual(ids);

    expect((await client.cancel(ids[1]!)).status).toBe('canceled');
    await client.delete(ids[2]!);
    await expect(client.get(ids[2]!)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('throws typed errors keyed by the stable code', async () => {
    await expect(client.create({ prompt: '' })).rejects.toBeInstanceOf(InvalidRequestError);
    const invalid = await client
      .create({ prompt: 'x', resolution: '4k' as '720p' })
      .catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_request', param: 'resolution' });
    await expect(clientFor('rg_wrong').get('x')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(client.get('gen_missing')).rejects.toBeInstanceOf(NotFoundError);
    const offline = new ReelgateClient({
      baseUrl: 'http://127.0.0.1:9',
      clock,
      maxRetries: 0,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(offline.get('x')).rejects.toBeInstanceOf(ConnectionError);
  });

  it('retries idempotent requests on 429 honouring Retry-After, on the injected clock', async () => {
    let calls = 0;
    const flaky = clientFor(h.keyA, {
      fetch: async (input, init) => {
        calls += 1;
        if (calls === 1) {
          return Response.json(
            { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'rate_limited' } },
            { status: 429, headers: { 'retry-after': '7' } },
          );
        }
        return h.app.request(String(input), init);
      },
    });
    const created = await client.create({ prompt: 'x' });
    const pending = flaky.get(created.id);
    await vi.waitFor(() => expect(clock.pendingSleepers).toBe(1));
    await clock.advance(6999);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect((await pending).id).toBe(created.id);
    expect(calls).toBe(2);
    const noRetry = clientFor(h.keyA, {
      maxRetries: 0,
      fetch: async () =>
        Response.json(
          { error: { message: 'busy', type: 'rate_limit_error', param: null, code: 'concurrency_limit' } },
          { status: 429 },
        ),
    });
    await expect(noRetry.get('x')).rejects.toBeInstanceOf(RateLimitError);
  });

  it('waits with progress callbacks on fake time and returns the completed generation', async () => {
    const created = await client.create({ prompt: 'wait for me' });
    const seen: string[] = [];
    const done = client.wait(created.id, {
      pollIntervalMs: 5000,
      onProgress: (generation) => seen.push(`${generation.status}:${generation.progress}`),
    });
    await vi.waitFor(() => expect(clock.pendingSleepers).toBe(1));
    h.service.advance(created.id, 60);
    await clock.advance(5000);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    h.service.complete(created.id, { video: fakeMp4(200) });
    await vi.waitFor(() => expect(clock.pendingSleepers).toBe(1));
    await clock.advance(5000);
    const result = await done;
    expect(result.status).toBe('completed');
    expect(result.video?.url).toContain(`/files/${created.id}/video?sig=`);
    expect(seen).toEqual(['queued:0', 'running:60', 'completed:100']);
  });

  it('wait throws GenerationFailedError with the code, and WaitTimeoutError past the deadline', async () => {
    const refused = await client.create({ prompt: 'x' });
    h.service.fail(refused.id, {
      code: 'input_refused',
      message: 'Refused.',
      retryable: false,
      hint: 'Describe a fictional person.',
    });
    const failure = await client.wait(refused.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GenerationFailedError);
    expect(failure).toMatchObject({
      code: 'input_refused',
      message: 'Refused.',
      hint: 'Describe a fictional person.',
    });

    const slow = await client.create({ prompt: 'slow' });
    const waiting = client
      .wait(slow.id, { pollIntervalMs: 1000, timeoutMs: 2500 })
      .catch((error: unknown) => error);
    for (let step = 0; step < 2; step++) {
      await vi.waitFor(() => expect(clock.pendingSleepers).toBe(1));
      await clock.advance(1000);
    }
    expect(await waiting).toBeInstanceOf(WaitTimeoutError);
  });

  it('downloads as a stream, whole or ranged', async () => {
    const created = await client.create({ prompt: 'bytes' });
    const video = fakeMp4(3000);
    h.service.complete(created.id, { video });
    const whole = await client.download(created.id);
    expect(whole).toMatchObject({ contentType: 'video/mp4', bytes: 3000, totalBytes: 3000 });
    expect(await readAll(whole.body)).toEqual(video);
    const part = await client.download(created.id, { range: { start: 10, end: 19 } });
    expect(part).toMatchObject({ bytes: 10, totalBytes: 3000, range: { start: 10, end: 19 } });
    expect(await readAll(part.body)).toEqual(video.slice(10, 20));
  });

  it('consumes event streams: snapshot first, then changes, ending after completion', async () => {
    const created = await client.create({ prompt: 'events' });
    const received: StreamEvent[] = [];
    const consuming = (async () => {
      for await (const event of client.events({ generationId: created.id })) {
        received.push(event);
        if (event.type === 'snapshot') h.service.advance(created.id, 20);
        if (event.type === 'generation:progress') h.service.complete(created.id, { video: fakeMp4(100) });
      }
    })();
    await consuming;
    expect(received.map((event) => event.type)).toEqual([
      'snapshot',
      'generation:progress',
      'generation:completed',
    ]);
    const last = received.at(-1)!;
    expect('generation' in last && last.generation.status).toBe('completed');
  });

  it('reads the public OpenAPI document without a key; an unreachable server is a ConnectionError', async () => {
    const anonymous = new ReelgateClient({
      baseUrl: 'http://reelgate.test',
      fetch: async (input, init) => h.app.request(String(input), init),
      clock,
      maxRetries: 0,
    });
    const document = (await anonymous.openapiDocument()) as { openapi: string; paths: object };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/v1/generations');
    const offline = new ReelgateClient({
      baseUrl: 'http://reelgate.test',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
      clock,
      maxRetries: 0,
    });
    await expect(offline.openapiDocument()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('maps content policy codes to ContentPolicyError', async () => {
    const refusing = clientFor(h.keyA, {
      fetch: async () =>
        Response.json(
          {
            error: {
              message: 'no',
              type: 'content_policy_violation',
              param: 'prompt',
              code: 'input_refused',
              hint: 'h',
            },
          },
          { status: 400 },
        ),
    });
    const error = await refusing.create({ prompt: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentPolicyError);
    expect(error).toMatchObject({ code: 'input_refused', hint: 'h', param: 'prompt' });
  });
});
